#include "imbfast/distance.hpp"

#include <algorithm>

// Function multi-versioning: the loops below are plain element-wise C++, and the
// compiler emits AVX-512 / AVX2 / baseline versions picked at load time. With
// -ffp-contract=off no variant fuses multiply-add, so all give identical bits.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__linux__)
#define IMBFAST_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define IMBFAST_CLONES
#endif

namespace imbfast::core::detail {

namespace {

template <class T>
inline void block_sqdist_impl(const double* __restrict q, const T* __restrict block, index_t cap, index_t d,
                              double bound, double* __restrict out) noexcept {
    for (index_t p = 0; p < cap; ++p) out[p] = 0.0;
    for (index_t j = 0; j < d; ++j) {
        const double qj = q[j];
        const T* col = block + j * cap;
        for (index_t p = 0; p < cap; ++p) {
            const double t = qj - static_cast<double>(col[p]);
            out[p] += t * t;
        }
        // Every 8 dimensions: stop if no point of the block can still enter.
        if ((j & 7) == 7 && j + 1 < d) {
            double m = out[0];
            for (index_t p = 1; p < cap; ++p) m = std::min(m, out[p]);
            if (m > bound) return;
        }
    }
}

}  // namespace

IMBFAST_CLONES
void block_sqdist(const double* q, const double* block, index_t cap, index_t d, double bound,
                  double* out) noexcept {
    block_sqdist_impl(q, block, cap, d, bound, out);
}

IMBFAST_CLONES
void block_sqdist(const double* q, const float* block, index_t cap, index_t d, double bound,
                  double* out) noexcept {
    block_sqdist_impl(q, block, cap, d, bound, out);
}

}  // namespace imbfast::core::detail
