#include "imbfast/value_difference_metric.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "imbfast/numpy_sum.hpp"
#include "imbfast/parallel.hpp"

namespace imbfast::core {

namespace {

// Per-query scratch: qdist[cat_offsets[f] + b] = the VDM term of feature f between
// the query's category and category b, i.e. (sum_c |p_b[c] - p_a[c]|)^2 summed as
// numpy does in scipy's distance_matrix(p=1) followed by ** 2.
class QueryTerms {
   public:
    explicit QueryTerms(const VdmTable& vdm)
        : vdm_(vdm),
          qdist_(static_cast<size_t>(vdm.cat_offsets[vdm.n_features])),
          diff_(static_cast<size_t>(vdm.n_classes)),
          last_code_(static_cast<size_t>(vdm.n_features), -1) {}

    // Fill the terms for a query row (n_features codes). A feature whose code is
    // the previous query's keeps its terms.
    const double* set_query(const std::int32_t* q) {
        const index_t nc = vdm_.n_classes;
        for (index_t f = 0; f < vdm_.n_features; ++f) {
            if (q[f] == last_code_[static_cast<size_t>(f)]) continue;
            last_code_[static_cast<size_t>(f)] = q[f];
            const index_t lo = vdm_.cat_offsets[f], hi = vdm_.cat_offsets[f + 1];
            const double* pa = vdm_.proba + (lo + q[f]) * nc;
            for (index_t b = lo; b < hi; ++b) {
                const double* pb = vdm_.proba + b * nc;
                for (index_t c = 0; c < nc; ++c) {
                    const double d = pb[c] - pa[c];
                    diff_[static_cast<size_t>(c)] = d < 0 ? -d : d;
                }
                // the reduction starts from the identity 0.0
                const double s = 0.0 + numpy_pairwise_sum(diff_.data(), nc);
                qdist_[static_cast<size_t>(b)] = s * s;
            }
        }
        return qdist_.data();
    }

   private:
    const VdmTable& vdm_;
    std::vector<double> qdist_;
    std::vector<double> diff_;
    std::vector<std::int32_t> last_code_;
};

// Distance of row r to the current query: features added in order from 0.0,
// as `distance += term_f` in imbalanced-learn.
inline double row_distance(const double* qdist, const index_t* cat_offsets,
                           const std::int32_t* r, index_t n_features) {
    double s = 0.0;
    for (index_t f = 0; f < n_features; ++f) s += qdist[cat_offsets[f] + r[f]];
    return s;
}

}  // namespace

void vdm_class_probabilities(const std::int32_t* codes, index_t n,
                             const index_t* labels, const index_t* cat_offsets,
                             index_t n_features, index_t n_classes, double* proba) {
    const index_t n_rows = cat_offsets[n_features];
    std::fill(proba, proba + n_rows * n_classes, 0.0);
    // Integer counts are exact in double (n < 2^53).
    for (index_t i = 0; i < n; ++i) {
        const std::int32_t* r = codes + i * n_features;
        const index_t c = labels[i];
        for (index_t f = 0; f < n_features; ++f)
            proba[(cat_offsets[f] + r[f]) * n_classes + c] += 1.0;
    }
    std::vector<double> row(static_cast<size_t>(n_classes));
    for (index_t a = 0; a < n_rows; ++a) {
        double* p = proba + a * n_classes;
        // the row total as numpy's sum(axis=1) (exact for counts anyway)
        const double total = 0.0 + numpy_pairwise_sum(p, n_classes);
        for (index_t c = 0; c < n_classes; ++c) p[c] = total > 0.0 ? p[c] / total : 0.0;
    }
}

void vdm_kneighbors(const VdmTable& vdm, const std::int32_t* codes, index_t n,
                    const index_t* rows, index_t n_rows, index_t n_neighbors,
                    index_t* out, int n_threads) {
    const index_t F = vdm.n_features;
    const index_t k = n_neighbors - 1;        // neighbours other than the query itself
    using Item = std::pair<double, index_t>;  // (distance, index): lexicographic
    // a chunk of queries does at least ~1e5 lookups
    const index_t chunk = std::max<index_t>(1, 131072 / std::max<index_t>(1, n * F));
    parallel_chunks(n_rows, chunk, threads_for(work_units(n_rows, n, F), n_threads),
                    [&](index_t begin, index_t end) {
                        QueryTerms terms(vdm);
                        std::vector<Item> heap;
                        heap.reserve(static_cast<size_t>(k));
                        for (index_t i = begin; i < end; ++i) {
                            const index_t q = rows[i];
                            const double* qdist = terms.set_query(codes + q * F);
                            heap.clear();
                            for (index_t j = 0; j < n; ++j) {
                                if (j == q) continue;
                                const double d = row_distance(qdist, vdm.cat_offsets,
                                                              codes + j * F, F);
                                if (static_cast<index_t>(heap.size()) < k) {
                                    heap.emplace_back(d, j);
                                    std::push_heap(heap.begin(), heap.end());
                                } else if (k > 0 && d < heap.front().first) {
                                    // j is larger than every index in the heap: an
                                    // equal distance keeps the smaller index already
                                    // there.
                                    std::pop_heap(heap.begin(), heap.end());
                                    heap.back() = Item(d, j);
                                    std::push_heap(heap.begin(), heap.end());
                                }
                            }
                            std::sort_heap(heap.begin(), heap.end());
                            index_t* o = out + i * n_neighbors;
                            o[0] = q;
                            for (index_t j = 0; j < k; ++j)
                                o[j + 1] = heap[static_cast<size_t>(j)].second;
                        }
                    });
}

void vdm_pairwise(const VdmTable& vdm, const std::int32_t* codes, index_t n,
                  double* out, int n_threads) {
    const index_t F = vdm.n_features;
    const index_t chunk = std::max<index_t>(1, 131072 / std::max<index_t>(1, n * F));
    parallel_chunks(n, chunk, threads_for(work_units(n, n, F), n_threads),
                    [&](index_t begin, index_t end) {
                        QueryTerms terms(vdm);
                        for (index_t i = begin; i < end; ++i) {
                            const double* qdist = terms.set_query(codes + i * F);
                            double* o = out + i * n;
                            for (index_t j = 0; j < n; ++j)
                                o[j] = row_distance(qdist, vdm.cat_offsets,
                                                    codes + j * F, F);
                        }
                    });
}

void neighbour_mode(const std::int32_t* codes, index_t n_features, const index_t* nbrs,
                    index_t n_rows, index_t width, std::int32_t* out, int n_threads) {
    const index_t chunk =
        std::max<index_t>(1, 65536 / std::max<index_t>(1, width * n_features));
    parallel_chunks(
        n_rows, chunk, threads_for(work_units(n_rows, width, n_features), n_threads),
        [&](index_t begin, index_t end) {
            std::vector<std::int32_t> buf(static_cast<size_t>(width));
            for (index_t i = begin; i < end; ++i) {
                const index_t* nb = nbrs + i * width;
                for (index_t f = 0; f < n_features; ++f) {
                    for (index_t j = 0; j < width; ++j)
                        buf[static_cast<size_t>(j)] = codes[nb[j] * n_features + f];
                    std::sort(buf.begin(), buf.end());
                    // longest run of equal codes; the first (smallest code) wins ties
                    std::int32_t best = buf[0];
                    index_t best_len = 0;
                    for (index_t s = 0; s < width;) {
                        index_t e = s + 1;
                        while (e < width && buf[static_cast<size_t>(e)] ==
                                                buf[static_cast<size_t>(s)])
                            ++e;
                        if (e - s > best_len) {
                            best_len = e - s;
                            best = buf[static_cast<size_t>(s)];
                        }
                        s = e;
                    }
                    out[i * n_features + f] = best;
                }
            }
        });
}

}  // namespace imbfast::core
