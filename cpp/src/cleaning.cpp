#include "imbfast/cleaning.hpp"

#include <vector>

#include "imbfast/numpy_sum.hpp"
#include "imbfast/parallel.hpp"

namespace imbfast::core {

namespace {
// Below this many rows a second thread costs more than it saves (2-core machine,
// spin-waiting threads: see the toolchain notes).
constexpr index_t kMinParallelRows = 1 << 15;
}  // namespace

void tomek_links(const index_t* nn1, const index_t* codes, const std::uint8_t* targeted,
                 index_t n, std::uint8_t* links, int n_threads) {
    parallel_chunks(n, 8192, threads_for(n, n_threads, kMinParallelRows), [&](index_t begin, index_t end) {
        for (index_t i = begin; i < end; ++i) {
            const index_t j = nn1[i];
            links[i] = static_cast<std::uint8_t>(targeted[codes[i]] && codes[j] != codes[i] &&
                                                 nn1[j] == i);
        }
    });
}

void enn_vote(const index_t* nbrs, index_t width, bool compact, const index_t* rows, index_t m,
              const std::uint8_t* alive, const index_t* codes, index_t n_classes, index_t k,
              EnnKind kind, std::int8_t* out, int n_threads) {
    parallel_chunks(m, 4096, threads_for(m, n_threads, kMinParallelRows), [&](index_t begin, index_t end) {
        // Per-chunk vote counters; only the touched entries are reset.
        std::vector<index_t> counts(kind == EnnKind::mode ? n_classes : 0, 0);
        std::vector<index_t> seen;
        seen.reserve(static_cast<std::size_t>(k));
        for (index_t i = begin; i < end; ++i) {
            const index_t r = rows[i];
            const index_t own = codes[r];
            const index_t* list = nbrs + (compact ? i : r) * width;
            index_t found = 0;
            bool all_same = true;
            seen.clear();
            for (index_t j = 0; j < width && found < k; ++j) {
                const index_t q = list[j];
                if (q < 0) break;
                if (alive != nullptr && !alive[q]) continue;
                ++found;
                const index_t c = codes[q];
                if (kind == EnnKind::all) {
                    if (c != own) all_same = false;
                } else {
                    if (counts[c]++ == 0) seen.push_back(c);
                }
            }
            if (found < k) {
                out[i] = 2;
            } else if (kind == EnnKind::all) {
                out[i] = all_same ? 1 : 0;
            } else {
                index_t best = -1, best_count = 0;
                for (const index_t c : seen) {
                    const index_t cnt = counts[c];
                    if (cnt > best_count || (cnt == best_count && c < best)) {
                        best = c;
                        best_count = cnt;
                    }
                }
                out[i] = best == own ? 1 : 0;
            }
            for (const index_t c : seen) counts[c] = 0;
        }
    });
}

void nearmiss_scores(const double* dist, index_t m, index_t width, index_t take, double* out,
                     int n_threads) {
    parallel_chunks(m, 8192, threads_for(m, n_threads, kMinParallelRows), [&](index_t begin, index_t end) {
        for (index_t i = begin; i < end; ++i) {
            out[i] = numpy_pairwise_sum(dist + i * width + (width - take), take);
        }
    });
}

template <class T>
index_t cnn_select(const T* S, index_t m, index_t d, const index_t* s_global, double* best_d2,
                   index_t* best_code, index_t k, index_t target, index_t n_classes,
                   std::uint8_t* skip, index_t* added, int n_threads) {
    std::vector<index_t> counts(static_cast<std::size_t>(n_classes), 0);
    index_t n_added = 0;
    // One parallel region per new prototype: on a busy machine waking threads
    // costs milliseconds, so only passes over >= 4M values get them.
    const int threads = m * d < (index_t{1} << 22) ? 1 : n_threads;
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
                    const double diff = static_cast<double>(z[j]) - static_cast<double>(x[j]);
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

template index_t cnn_select<float>(const float*, index_t, index_t, const index_t*, double*,
                                   index_t*, index_t, index_t, index_t, std::uint8_t*,
                                   index_t*, int);
template index_t cnn_select<double>(const double*, index_t, index_t, const index_t*, double*,
                                    index_t*, index_t, index_t, index_t, std::uint8_t*,
                                    index_t*, int);

}  // namespace imbfast::core
