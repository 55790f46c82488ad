// Exact refinement of BLAS-filtered brute-force candidates (blas_filter.hpp).
#include "imbfast/blas_filter.hpp"

#include <algorithm>
#include <limits>
#include <utility>
#include <vector>

#include "imbfast/parallel.hpp"

namespace imbfast::core {

namespace {

// Below this k the k-th smallest value is kept by sorted insertion (one compare per
// value, rarely more); from it on, nth_element on a copy.
constexpr index_t kInsertionMaxK = 16;

double kth_smallest(const std::vector<double>& a, index_t k, std::vector<double>& buf) {
    const auto kk = static_cast<std::size_t>(k);
    if (k <= kInsertionMaxK) {
        buf.assign(kk, std::numeric_limits<double>::infinity());
        double worst = buf[kk - 1];
        for (const double v : a) {
            if (!(v < worst)) continue;
            std::size_t pos = kk - 1;
            while (pos > 0 && buf[pos - 1] > v) {
                buf[pos] = buf[pos - 1];
                --pos;
            }
            buf[pos] = v;
            worst = buf[kk - 1];
        }
        return worst;
    }
    buf = a;
    std::nth_element(buf.begin(), buf.begin() + (k - 1), buf.end());
    return buf[kk - 1];
}

// One candidate: (exact squared distance, row of X), and its query row.
struct Pair {
    double dist;
    index_t row;
    index_t query;
};

// Exact squared distances of the pairs (query row, row of X), in the kd-tree's
// operation order (both converted to double, one accumulator per distance,
// features ascending). Four pairs at a time, from any queries, so that four
// addition chains overlap however few candidates each query has.
template <class T>
void exact_sqdist(const T* queries, const T* X, index_t d, std::vector<Pair>& pairs) {
    const std::size_t np = pairs.size();
    std::size_t i = 0;
    for (; i + 4 <= np; i += 4) {
        const T* q0 = queries + pairs[i].query * d;
        const T* q1 = queries + pairs[i + 1].query * d;
        const T* q2 = queries + pairs[i + 2].query * d;
        const T* q3 = queries + pairs[i + 3].query * d;
        const T* x0 = X + pairs[i].row * d;
        const T* x1 = X + pairs[i + 1].row * d;
        const T* x2 = X + pairs[i + 2].row * d;
        const T* x3 = X + pairs[i + 3].row * d;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (index_t j = 0; j < d; ++j) {
            const double t0 = static_cast<double>(q0[j]) - static_cast<double>(x0[j]);
            const double t1 = static_cast<double>(q1[j]) - static_cast<double>(x1[j]);
            const double t2 = static_cast<double>(q2[j]) - static_cast<double>(x2[j]);
            const double t3 = static_cast<double>(q3[j]) - static_cast<double>(x3[j]);
            s0 += t0 * t0;
            s1 += t1 * t1;
            s2 += t2 * t2;
            s3 += t3 * t3;
        }
        pairs[i].dist = s0;
        pairs[i + 1].dist = s1;
        pairs[i + 2].dist = s2;
        pairs[i + 3].dist = s3;
    }
    for (; i < np; ++i) {
        const T* q = queries + pairs[i].query * d;
        const T* x = X + pairs[i].row * d;
        double s = 0;
        for (index_t j = 0; j < d; ++j) {
            const double t = static_cast<double>(q[j]) - static_cast<double>(x[j]);
            s += t * t;
        }
        pairs[i].dist = s;
    }
}

}  // namespace

template <class P, class T>
void refine_candidates(const P* prod, index_t m, index_t n, const double* xn,
                       const double* margin, const T* queries, const T* X, index_t d,
                       index_t k, const index_t* self_index, index_t max_candidates,
                       double* dist, index_t* ind, index_t* counts, int n_threads) {
    // Work: one filter value per (query, row), and a few times k exact distances.
    const double work = work_units(m, n) + work_units(m, 2 * k, d);
    constexpr index_t kRowsPerChunk = 8;
    parallel_chunks(
        m, kRowsPerChunk, threads_for(work, n_threads),
        [&](index_t begin, index_t end) {
            std::vector<double> a(static_cast<std::size_t>(n));
            std::vector<double> buf;
            std::vector<Pair> pairs;
            std::vector<std::size_t> first(static_cast<std::size_t>(end - begin) + 1);
            // The candidates of every row of the chunk, then their distances at once.
            for (index_t r = begin; r < end; ++r) {
                first[r - begin] = pairs.size();
                const P* pr = prod + r * n;
                for (index_t j = 0; j < n; ++j)
                    a[j] = xn[j] - 2.0 * static_cast<double>(pr[j]);
                if (self_index != nullptr)
                    a[self_index[r]] = std::numeric_limits<double>::infinity();
                const double thr = kth_smallest(a, k, buf) + margin[r];
                index_t count = 0;
                for (index_t j = 0; j < n; ++j) {
                    if (a[j] <= thr) {
                        if (++count > max_candidates) break;
                        pairs.push_back({0.0, j, r});
                    }
                }
                counts[r] = count;
                if (count < k || count > max_candidates) pairs.resize(first[r - begin]);
            }
            first[end - begin] = pairs.size();
            exact_sqdist(queries, X, d, pairs);
            for (index_t r = begin; r < end; ++r) {
                if (counts[r] < k || counts[r] > max_candidates) continue;
                const auto lo =
                    pairs.begin() + static_cast<std::ptrdiff_t>(first[r - begin]);
                const auto hi =
                    pairs.begin() + static_cast<std::ptrdiff_t>(first[r - begin + 1]);
                // (distance, index): ties to the smaller index, as the tree's result
                // set.
                std::partial_sort(lo, lo + k, hi, [](const Pair& x, const Pair& y) {
                    return x.dist < y.dist || (x.dist == y.dist && x.row < y.row);
                });
                for (index_t j = 0; j < k; ++j) {
                    dist[r * k + j] = lo[j].dist;
                    ind[r * k + j] = lo[j].row;
                }
            }
        });
}

#define IMBFAST_REFINE(P, T)                                                          \
    template void refine_candidates<P, T>(                                            \
        const P*, index_t, index_t, const double*, const double*, const T*, const T*, \
        index_t, index_t, const index_t*, index_t, double*, index_t*, index_t*, int);
IMBFAST_REFINE(float, float)
IMBFAST_REFINE(float, double)
IMBFAST_REFINE(double, float)
IMBFAST_REFINE(double, double)
#undef IMBFAST_REFINE

}  // namespace imbfast::core
