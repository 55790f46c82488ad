#include "imbfast/brute.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "imbfast/distance.hpp"
#include "imbfast/knn_result.hpp"
#include "imbfast/parallel.hpp"

namespace imbfast::core {

namespace {

// Queries are processed in chunks; the data is walked in blocks so a block stays
// in cache while every query of the chunk scans it.
constexpr index_t kQueryChunk = 32;
constexpr index_t kBlockBytes = 64 * 1024;

template <class T, class Q>
void brute_impl(const T* data, index_t n, index_t d, const Q* queries, index_t m, index_t k,
                double* dist, index_t* idx, int n_threads, bool self) {
    const index_t block = std::max<index_t>(16, kBlockBytes / static_cast<index_t>(sizeof(T) * d));
    parallel_chunks(m, kQueryChunk, n_threads, [&](index_t begin, index_t end) {
        const index_t cnt = end - begin;
        std::vector<double> q(static_cast<size_t>(cnt * d));
        for (index_t i = 0; i < cnt; ++i) {
            for (index_t j = 0; j < d; ++j) {
                q[i * d + j] = static_cast<double>(queries[(begin + i) * d + j]);
            }
        }
        std::vector<KnnResult> results;
        results.reserve(static_cast<size_t>(cnt));
        for (index_t i = 0; i < cnt; ++i) {
            results.emplace_back(dist + (begin + i) * k, idx + (begin + i) * k, k);
        }
        for (index_t b0 = 0; b0 < n; b0 += block) {
            const index_t b1 = std::min(n, b0 + block);
            for (index_t i = 0; i < cnt; ++i) {
                KnnResult& res = results[i];
                const double* qi = q.data() + i * d;
                const index_t skip = self ? begin + i : -1;
                const T* row = data + b0 * d;
                for (index_t p = b0; p < b1; ++p, row += d) {
                    if (p == skip) continue;
                    const double dd = detail::sqdist_bounded(qi, row, d, res.worst());
                    if (res.accepts(dd, p)) res.push(dd, p);
                }
            }
        }
    });
}

}  // namespace

template <class T, class Q>
void brute_query(const T* data, index_t n, index_t d, const Q* queries, index_t m, index_t k,
                 double* dist, index_t* idx, int n_threads) {
    if (k < 1 || k > n) throw std::invalid_argument("k must be in [1, n_samples]");
    brute_impl(data, n, d, queries, m, k, dist, idx, n_threads, false);
}

template <class T>
void brute_query_self(const T* data, index_t n, index_t d, index_t k, double* dist, index_t* idx,
                      int n_threads) {
    if (k < 1 || k > n - 1) throw std::invalid_argument("k must be in [1, n_samples - 1]");
    brute_impl(data, n, d, data, n, k, dist, idx, n_threads, true);
}

template void brute_query<float, float>(const float*, index_t, index_t, const float*, index_t,
                                        index_t, double*, index_t*, int);
template void brute_query<float, double>(const float*, index_t, index_t, const double*, index_t,
                                         index_t, double*, index_t*, int);
template void brute_query<double, float>(const double*, index_t, index_t, const float*, index_t,
                                         index_t, double*, index_t*, int);
template void brute_query<double, double>(const double*, index_t, index_t, const double*, index_t,
                                          index_t, double*, index_t*, int);
template void brute_query_self<float>(const float*, index_t, index_t, index_t, double*, index_t*,
                                      int);
template void brute_query_self<double>(const double*, index_t, index_t, index_t, double*,
                                       index_t*, int);

}  // namespace imbfast::core
