#include "imbfast/distance.hpp"

#include <algorithm>
#include <cstdint>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define IMBFAST_X86_KERNELS 1
#else
#define IMBFAST_X86_KERNELS 0
#endif

// Function multi-versioning: the loops below are plain element-wise C++, and the
// compiler emits AVX-512 / AVX2 / baseline versions picked at load time. With
// -ffp-contract=off no variant fuses multiply-add, so all give identical bits.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
    defined(__linux__)
#define IMBFAST_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define IMBFAST_CLONES
#endif

namespace imbfast::core::detail {

namespace {

template <class T>
inline void block_sqdist_impl(const double* __restrict q, const T* __restrict block,
                              index_t cap, index_t d, double bound,
                              double* __restrict out) noexcept {
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

// Portable filter (any CPU): 4 queries x 16 lanes at a time.
template <class T>
void filter4_portable(const double* qt, const double* qn, const double* thr,
                      const T* block, const double* xn, index_t cap, index_t d,
                      double margin, std::uint32_t* masks) noexcept {
    const index_t groups = cap / 16;
    for (index_t g = 0; g < groups; ++g) {
        double acc[4][16] = {};
        for (index_t j = 0; j < d; ++j) {
            const T* col = block + j * cap + g * 16;
            for (int u = 0; u < 4; ++u) {
                const double q = qt[j * 4 + u];
                for (int l = 0; l < 16; ++l)
                    acc[u][l] += q * static_cast<double>(col[l]);
            }
        }
        for (int u = 0; u < 4; ++u) {
            std::uint32_t m = 0;
            for (int l = 0; l < 16; ++l) {
                const double sn = qn[u] + xn[g * 16 + l];
                const double v = (sn - margin * sn) - 2.0 * acc[u][l];
                m |= static_cast<std::uint32_t>(v <= thr[u]) << l;
            }
            masks[u * groups + g] = m;
        }
    }
}

#if IMBFAST_X86_KERNELS
inline __attribute__((target("avx512f"))) __m512d load8(const double* p) {
    return _mm512_loadu_pd(p);
}
inline __attribute__((target("avx512f"))) __m512d load8(const float* p) {
    return _mm512_cvtps_pd(_mm256_loadu_ps(p));
}

template <class T>
__attribute__((target("avx512f"))) void filter4_avx512(
    const double* qt, const double* qn, const double* thr, const T* block,
    const double* xn, index_t cap, index_t d, double margin,
    std::uint32_t* masks) noexcept {
    const index_t groups = cap / 16;
    for (index_t g = 0; g < groups; ++g) {
        __m512d a0 = _mm512_setzero_pd(), b0 = _mm512_setzero_pd();
        __m512d a1 = _mm512_setzero_pd(), b1 = _mm512_setzero_pd();
        __m512d a2 = _mm512_setzero_pd(), b2 = _mm512_setzero_pd();
        __m512d a3 = _mm512_setzero_pd(), b3 = _mm512_setzero_pd();
        const T* col = block + g * 16;
        for (index_t j = 0; j < d; ++j, col += cap) {
            const __m512d x0 = load8(col), x1 = load8(col + 8);
            const __m512d q0 = _mm512_set1_pd(qt[j * 4]),
                          q1 = _mm512_set1_pd(qt[j * 4 + 1]);
            const __m512d q2 = _mm512_set1_pd(qt[j * 4 + 2]),
                          q3 = _mm512_set1_pd(qt[j * 4 + 3]);
            a0 = _mm512_fmadd_pd(q0, x0, a0);
            b0 = _mm512_fmadd_pd(q0, x1, b0);
            a1 = _mm512_fmadd_pd(q1, x0, a1);
            b1 = _mm512_fmadd_pd(q1, x1, b1);
            a2 = _mm512_fmadd_pd(q2, x0, a2);
            b2 = _mm512_fmadd_pd(q2, x1, b2);
            a3 = _mm512_fmadd_pd(q3, x0, a3);
            b3 = _mm512_fmadd_pd(q3, x1, b3);
        }
        const __m512d xn0 = _mm512_loadu_pd(xn + g * 16),
                      xn1 = _mm512_loadu_pd(xn + g * 16 + 8);
        const __m512d keep = _mm512_set1_pd(1.0 - margin), two = _mm512_set1_pd(2.0);
        const __m512d acc_lo[4] = {a0, a1, a2, a3};
        const __m512d acc_hi[4] = {b0, b1, b2, b3};
        for (int u = 0; u < 4; ++u) {
            const __m512d qnu = _mm512_set1_pd(qn[u]), t = _mm512_set1_pd(thr[u]);
            const __m512d v0 =
                _mm512_sub_pd(_mm512_mul_pd(_mm512_add_pd(qnu, xn0), keep),
                              _mm512_mul_pd(two, acc_lo[u]));
            const __m512d v1 =
                _mm512_sub_pd(_mm512_mul_pd(_mm512_add_pd(qnu, xn1), keep),
                              _mm512_mul_pd(two, acc_hi[u]));
            const std::uint32_t m0 = _mm512_cmp_pd_mask(v0, t, _CMP_LE_OQ);
            const std::uint32_t m1 = _mm512_cmp_pd_mask(v1, t, _CMP_LE_OQ);
            masks[u * groups + g] = m0 | (m1 << 8);
        }
    }
}

inline __attribute__((target("avx2,fma"))) __m256d load4(const double* p) {
    return _mm256_loadu_pd(p);
}
inline __attribute__((target("avx2,fma"))) __m256d load4(const float* p) {
    return _mm256_cvtps_pd(_mm_loadu_ps(p));
}

template <class T>
__attribute__((target("avx2,fma"))) void filter4_avx2(const double* qt,
                                                      const double* qn,
                                                      const double* thr, const T* block,
                                                      const double* xn, index_t cap,
                                                      index_t d, double margin,
                                                      std::uint32_t* masks) noexcept {
    const index_t groups = cap / 16;
    for (index_t g = 0; g < groups; ++g) {
        std::uint32_t m[4] = {0, 0, 0, 0};
        for (int h = 0; h < 2; ++h) {  // two halves of 8 lanes
            __m256d a0 = _mm256_setzero_pd(), b0 = _mm256_setzero_pd();
            __m256d a1 = _mm256_setzero_pd(), b1 = _mm256_setzero_pd();
            __m256d a2 = _mm256_setzero_pd(), b2 = _mm256_setzero_pd();
            __m256d a3 = _mm256_setzero_pd(), b3 = _mm256_setzero_pd();
            const T* col = block + g * 16 + h * 8;
            for (index_t j = 0; j < d; ++j, col += cap) {
                const __m256d x0 = load4(col), x1 = load4(col + 4);
                const __m256d q0 = _mm256_set1_pd(qt[j * 4]),
                              q1 = _mm256_set1_pd(qt[j * 4 + 1]);
                const __m256d q2 = _mm256_set1_pd(qt[j * 4 + 2]),
                              q3 = _mm256_set1_pd(qt[j * 4 + 3]);
                a0 = _mm256_fmadd_pd(q0, x0, a0);
                b0 = _mm256_fmadd_pd(q0, x1, b0);
                a1 = _mm256_fmadd_pd(q1, x0, a1);
                b1 = _mm256_fmadd_pd(q1, x1, b1);
                a2 = _mm256_fmadd_pd(q2, x0, a2);
                b2 = _mm256_fmadd_pd(q2, x1, b2);
                a3 = _mm256_fmadd_pd(q3, x0, a3);
                b3 = _mm256_fmadd_pd(q3, x1, b3);
            }
            const double* xh = xn + g * 16 + h * 8;
            const __m256d xn0 = _mm256_loadu_pd(xh), xn1 = _mm256_loadu_pd(xh + 4);
            const __m256d keep = _mm256_set1_pd(1.0 - margin),
                          two = _mm256_set1_pd(2.0);
            const __m256d acc_lo[4] = {a0, a1, a2, a3};
            const __m256d acc_hi[4] = {b0, b1, b2, b3};
            for (int u = 0; u < 4; ++u) {
                const __m256d qnu = _mm256_set1_pd(qn[u]), t = _mm256_set1_pd(thr[u]);
                const __m256d v0 =
                    _mm256_sub_pd(_mm256_mul_pd(_mm256_add_pd(qnu, xn0), keep),
                                  _mm256_mul_pd(two, acc_lo[u]));
                const __m256d v1 =
                    _mm256_sub_pd(_mm256_mul_pd(_mm256_add_pd(qnu, xn1), keep),
                                  _mm256_mul_pd(two, acc_hi[u]));
                const std::uint32_t m0 = static_cast<std::uint32_t>(
                    _mm256_movemask_pd(_mm256_cmp_pd(v0, t, _CMP_LE_OQ)));
                const std::uint32_t m1 = static_cast<std::uint32_t>(
                    _mm256_movemask_pd(_mm256_cmp_pd(v1, t, _CMP_LE_OQ)));
                m[u] |= (m0 | (m1 << 4)) << (8 * h);
            }
        }
        for (int u = 0; u < 4; ++u) masks[u * groups + g] = m[u];
    }
}
#endif

template <class T>
using Filter4 = void (*)(const double*, const double*, const double*, const T*,
                         const double*, index_t, index_t, double,
                         std::uint32_t*) noexcept;

template <class T>
Filter4<T> pick_filter4() noexcept {
#if IMBFAST_X86_KERNELS
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return &filter4_avx512<T>;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return &filter4_avx2<T>;
#endif
    return &filter4_portable<T>;
}

}  // namespace

void block_filter4(const double* qt, const double* qn, const double* thr,
                   const double* block, const double* xn, index_t cap, index_t d,
                   double margin, std::uint32_t* masks) noexcept {
    static const Filter4<double> fn = pick_filter4<double>();
    fn(qt, qn, thr, block, xn, cap, d, margin, masks);
}

void block_filter4(const double* qt, const double* qn, const double* thr,
                   const float* block, const double* xn, index_t cap, index_t d,
                   double margin, std::uint32_t* masks) noexcept {
    static const Filter4<float> fn = pick_filter4<float>();
    fn(qt, qn, thr, block, xn, cap, d, margin, masks);
}

IMBFAST_CLONES
void block_sqdist(const double* q, const double* block, index_t cap, index_t d,
                  double bound, double* out) noexcept {
    block_sqdist_impl(q, block, cap, d, bound, out);
}

IMBFAST_CLONES
void block_sqdist(const double* q, const float* block, index_t cap, index_t d,
                  double bound, double* out) noexcept {
    block_sqdist_impl(q, block, cap, d, bound, out);
}

}  // namespace imbfast::core::detail
