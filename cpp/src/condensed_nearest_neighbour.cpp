// The condensed-nearest-neighbour pass (CNN, and OSS's first step).
#include "imbfast/cleaning.hpp"

#include <vector>

#include "imbfast/parallel.hpp"

namespace imbfast::core {

template <class T>
index_t cnn_select(const T* S, index_t m, index_t d, const index_t* s_global,
                   double* best_d2, index_t* best_code, index_t k, index_t target,
                   index_t n_classes, std::uint8_t* skip, index_t* added,
                   int n_threads) {
    std::vector<index_t> counts(static_cast<std::size_t>(n_classes), 0);
    index_t n_added = 0;
    // One parallel region per new prototype, each a pass over the m x d rows.
    const int threads = threads_for(work_units(m, d), n_threads);
    for (index_t p = 0; p < m; ++p) {
        if (skip[p]) continue;
        const index_t* codes = best_code + p * k;
        index_t best = -1, best_count = 0;
        for (index_t j = 0; j < k; ++j) {
            const index_t c = codes[j];
            if (c < 0) continue;
            const index_t cnt = ++counts[c];
            if (cnt > best_count || (cnt == best_count && c < best)) {
                best = c;
                best_count = cnt;
            }
        }
        for (index_t j = 0; j < k; ++j) {
            if (codes[j] >= 0) counts[codes[j]] = 0;
        }
        if (best == target) continue;
        added[n_added++] = p;
        if (s_global[p] >= 0 && s_global[p] < m) skip[s_global[p]] = 1;
        const T* x = S + p * d;
        parallel_chunks(m, 4096, threads, [&](index_t begin, index_t end) {
            for (index_t q = begin; q < end; ++q) {
                const T* z = S + q * d;
                double d2 = 0.0;
                for (index_t j = 0; j < d; ++j) {
                    const double diff =
                        static_cast<double>(z[j]) - static_cast<double>(x[j]);
                    d2 += diff * diff;
                }
                double* bd = best_d2 + q * k;
                index_t* bc = best_code + q * k;
                if (!(d2 < bd[k - 1])) continue;
                index_t pos = k - 1;
                while (pos > 0 && d2 < bd[pos - 1]) {
                    bd[pos] = bd[pos - 1];
                    bc[pos] = bc[pos - 1];
                    --pos;
                }
                bd[pos] = d2;
                bc[pos] = target;
            }
        });
    }
    return n_added;
}

template index_t cnn_select<float>(const float*, index_t, index_t, const index_t*,
                                   double*, index_t*, index_t, index_t, index_t,
                                   std::uint8_t*, index_t*, int);
template index_t cnn_select<double>(const double*, index_t, index_t, const index_t*,
                                    double*, index_t*, index_t, index_t, index_t,
                                    std::uint8_t*, index_t*, int);

}  // namespace imbfast::core
