#include "imbfast/oversampling.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <utility>
#include <vector>

#include "imbfast/parallel.hpp"

namespace imbfast::core {

namespace {


}  // namespace

void strip_self(const index_t* ind, index_t n, index_t k, const index_t* self_idx,
                index_t* out, int n_threads) {
    parallel_chunks(n, 4096, threads_for(n * k, n_threads), [&](index_t begin, index_t end) {
        for (index_t i = begin; i < end; ++i) {
            const index_t* row = ind + i * (k + 1);
            index_t* o = out + i * k;
            index_t w = 0;
            bool skipped = false;
            for (index_t j = 0; j <= k; ++j) {
                if (!skipped && row[j] == self_idx[i]) {
                    skipped = true;
                    continue;
                }
                if (w < k) o[w++] = row[j];
            }
        }
    });
}

void count_other_class(const index_t* nbr, index_t n, index_t k, const std::uint8_t* is_target,
                       index_t* counts, int n_threads) {
    parallel_chunks(n, 4096, threads_for(n * k, n_threads), [&](index_t begin, index_t end) {
        for (index_t i = begin; i < end; ++i) {
            const index_t* row = nbr + i * k;
            index_t c = 0;
            for (index_t j = 0; j < k; ++j) c += is_target[row[j]] ? 0 : 1;
            counts[i] = c;
        }
    });
}

template <class T>
void interpolate_scaled(const T* base, const T* nbr, index_t d, const index_t* rows,
                        const index_t* nbr_rows, const double* steps, const double* scale,
                        index_t n_new, T* out, int n_threads) {
    parallel_chunks(n_new, 2048, threads_for(n_new * d, n_threads), [&](index_t begin, index_t end) {
        for (index_t i = begin; i < end; ++i) {
            const T* x = base + rows[i] * d;
            const T* y = nbr + nbr_rows[i] * d;
            const double s = steps[i];
            const double u = scale[i];
            T* o = out + i * d;
            for (index_t j = 0; j < d; ++j) {
                T diff = static_cast<T>(y[j] - x[j]);
                if (u != 1.0) diff = static_cast<T>(static_cast<double>(diff) * u);
                o[j] = static_cast<T>(static_cast<double>(x[j]) + s * static_cast<double>(diff));
            }
        }
    });
}

template <class T>
void csr_like_variance(const T* X, index_t n, index_t d, double* var) {
    std::vector<double> mean(d, 0.0), corr(d, 0.0);
    std::vector<index_t> nnz(d, 0);
    for (index_t j = 0; j < d; ++j) var[j] = 0.0;
    for (index_t i = 0; i < n; ++i) {
        const T* row = X + i * d;
        for (index_t j = 0; j < d; ++j) {
            if (row[j] != T(0)) {
                mean[j] += static_cast<double>(row[j]);
                ++nnz[j];
            }
        }
    }
    const double sw = static_cast<double>(n);
    for (index_t j = 0; j < d; ++j) mean[j] /= sw;
    for (index_t i = 0; i < n; ++i) {
        const T* row = X + i * d;
        for (index_t j = 0; j < d; ++j) {
            if (row[j] != T(0)) {
                const double diff = static_cast<double>(row[j]) - mean[j];
                corr[j] += diff;
                var[j] += diff * diff;
            }
        }
    }
    for (index_t j = 0; j < d; ++j) {
        const double zeros = sw - static_cast<double>(nnz[j]);
        if (nnz[j] != n) corr[j] -= zeros * mean[j];
        corr[j] = corr[j] * corr[j] / sw;
        if (nnz[j] != n) var[j] += zeros * (mean[j] * mean[j]);
        var[j] = (var[j] - corr[j]) / sw;
    }
}

namespace {

using Item = std::pair<double, index_t>;  // (squared distance, index): lexicographic

// One SMOTE-NC neighbour search: the k smallest (distance, index) among the
// points offered to consider(), the distance being
// fl(sequential sum_t (a_t - b_t)^2) + w * mismatches, exactly.
template <class T>
struct MixedSearch {
    const T* cont;
    const std::int32_t* codes;
    index_t dc, q, k;
    double w, margin;
    std::vector<Item> heap;

    // Any summation order of dc + 1 non-negative terms is within (dc + 1) u of
    // the exact sum (u = 2^-53); four times that, with room to spare, separates
    // two orders: a bound b with b * margin > worst proves the exact value is.
    static double margin_for(index_t dc) {
        return 1.0 - 4.0 * static_cast<double>(dc + 2) * 0x1p-53;
    }

    bool full() const { return static_cast<index_t>(heap.size()) == k; }
    double worst() const { return full() ? heap.front().first : 0.0; }

    void consider(const T* a, const std::int32_t* ca, index_t j) {
        const bool is_full = full();
        const double worst_d = is_full ? heap.front().first : 0.0;
        // The categorical term first: it bounds the distance from below before
        // any continuous difference is read (fl(s + cat) >= cat, s >= 0).
        const std::int32_t* cb = codes + j * q;
        index_t mism = 0;
        for (index_t f = 0; f < q; ++f) mism += ca[f] != cb[f];
        const double cat = w * static_cast<double>(mism);
        if (is_full && cat > worst_d) return;
        const T* b = cont + j * dc;
        if (is_full) {
            // A lower bound in four independent sums (vectorisable, its own
            // rounding); survivors get the exact sequential sum.
            double acc[4] = {0.0, 0.0, 0.0, 0.0};
            index_t t = 0;
            for (; t + 4 <= dc; t += 4) {
                for (int r = 0; r < 4; ++r) {
                    const double diff =
                        static_cast<double>(a[t + r]) - static_cast<double>(b[t + r]);
                    acc[r] += diff * diff;
                }
                if (((acc[0] + acc[1]) + (acc[2] + acc[3]) + cat) * margin > worst_d) return;
            }
            for (; t < dc; ++t) {
                const double diff = static_cast<double>(a[t]) - static_cast<double>(b[t]);
                acc[0] += diff * diff;
            }
            if (((acc[0] + acc[1]) + (acc[2] + acc[3]) + cat) * margin > worst_d) return;
        }
        double s = 0.0;
        for (index_t t = 0; t < dc; ++t) {
            const double diff = static_cast<double>(a[t]) - static_cast<double>(b[t]);
            s += diff * diff;
        }
        s += cat;
        const Item item{s, j};
        if (!is_full) {
            heap.push_back(item);
            std::push_heap(heap.begin(), heap.end());
        } else if (item < heap.front()) {
            std::pop_heap(heap.begin(), heap.end());
            heap.back() = item;
            std::push_heap(heap.begin(), heap.end());
        }
    }

    void emit(index_t* out) {
        std::sort_heap(heap.begin(), heap.end());
        for (index_t j = 0; j < k; ++j) out[j] = heap[static_cast<size_t>(j)].second;
    }
};

// A kd-tree over the continuous columns: boxes bound the continuous part of the
// distance from below (the categorical part is >= 0), so whole boxes beyond the
// current k-th distance are skipped. Exact: the answer is the brute force's.
template <class T>
struct MixedTree {
    struct Node {
        index_t begin, end, left, right;  // left < 0: leaf over order[begin:end)
    };
    // Per node and categorical feature, a 1,024-bit mask of (code mod 1024) over
    // the node's points: a query code whose bit is clear differs from every
    // point of the node, so w per such feature adds to the box bound.
    static constexpr index_t kMaskWords = 16;
    const T* cont;
    index_t dc;
    const std::int32_t* codes;
    index_t q;
    std::vector<index_t> order;
    std::vector<Node> nodes;
    std::vector<double> lo, hi;          // per node, dc each
    std::vector<std::uint64_t> masks;    // per node, q * kMaskWords

    MixedTree(const T* c, index_t n, index_t d, const std::int32_t* cd, index_t nq, index_t leaf)
        : cont(c), dc(d), codes(cd), q(nq), order(n) {
        for (index_t i = 0; i < n; ++i) order[i] = i;
        build(0, n, leaf);
        // masks only while they cost no more than the class's continuous data
        // (or 8 MB): 128 bytes per node and feature
        const double mask_bytes = static_cast<double>(nodes.size()) * q * kMaskWords * 8;
        if (mask_bytes > std::max(8.0 * (1 << 20), static_cast<double>(n) * d * sizeof(T))) return;
        masks.assign(nodes.size() * static_cast<size_t>(q * kMaskWords), 0);
        for (size_t id = 0; id < nodes.size(); ++id) {
            std::uint64_t* m = masks.data() + id * static_cast<size_t>(q * kMaskWords);
            for (index_t p = nodes[id].begin; p < nodes[id].end; ++p) {
                const std::int32_t* cp = codes + order[static_cast<size_t>(p)] * q;
                for (index_t f = 0; f < q; ++f) {
                    const auto bit = static_cast<std::uint32_t>(cp[f]) & 1023u;
                    m[f * kMaskWords + (bit >> 6)] |= std::uint64_t{1} << (bit & 63u);
                }
            }
        }
    }

    // w * (number of features in which the query differs from every point)
    double cat_bound(const std::int32_t* ca, index_t node, double w) const {
        if (masks.empty()) return 0.0;
        const std::uint64_t* m = masks.data() + node * q * kMaskWords;
        index_t absent = 0;
        for (index_t f = 0; f < q; ++f) {
            const auto bit = static_cast<std::uint32_t>(ca[f]) & 1023u;
            absent += ((m[f * kMaskWords + (bit >> 6)] >> (bit & 63u)) & 1u) == 0;
        }
        return w * static_cast<double>(absent);
    }

    index_t build(index_t begin, index_t end, index_t leaf) {
        const index_t id = static_cast<index_t>(nodes.size());
        nodes.push_back({begin, end, -1, -1});
        lo.resize(lo.size() + dc, 0.0);
        hi.resize(hi.size() + dc, 0.0);
        double* l = lo.data() + id * dc;
        double* h = hi.data() + id * dc;
        for (index_t t = 0; t < dc; ++t) {
            l[t] = h[t] = static_cast<double>(cont[order[begin] * dc + t]);
        }
        for (index_t p = begin + 1; p < end; ++p) {
            const T* x = cont + order[p] * dc;
            for (index_t t = 0; t < dc; ++t) {
                l[t] = std::min(l[t], static_cast<double>(x[t]));
                h[t] = std::max(h[t], static_cast<double>(x[t]));
            }
        }
        if (end - begin <= leaf) return id;
        index_t dim = 0;
        for (index_t t = 1; t < dc; ++t)
            if (h[t] - l[t] > h[dim] - l[dim]) dim = t;
        if (!(h[dim] > l[dim])) return id;  // all points equal: one leaf
        const index_t mid = begin + (end - begin) / 2;
        std::nth_element(order.begin() + begin, order.begin() + mid, order.begin() + end,
                         [&](index_t x, index_t y) {
                             const T vx = cont[x * dc + dim], vy = cont[y * dc + dim];
                             return vx < vy || (vx == vy && x < y);
                         });
        const index_t left = build(begin, mid, leaf);
        const index_t right = build(mid, end, leaf);
        nodes[id].left = left;
        nodes[id].right = right;
        return id;
    }

    // Squared distance from a to node's box: term-wise no larger than the exact
    // rounded squares of any point in the box (rounding is monotone). With
    // cat_bound() added it bounds the full distance (within the search margin).
    double box_bound(const T* a, index_t node) const {
        const double* l = lo.data() + node * dc;
        const double* h = hi.data() + node * dc;
        double s = 0.0;
        for (index_t t = 0; t < dc; ++t) {
            const double x = static_cast<double>(a[t]);
            double d = 0.0;
            if (x < l[t]) d = l[t] - x;
            else if (x > h[t]) d = x - h[t];
            s += d * d;
        }
        return s;
    }

    void query(index_t i, MixedSearch<T>& search, const std::int32_t* ca,
               std::vector<std::pair<double, index_t>>& stack) const {
        const T* a = cont + i * dc;
        stack.clear();
        stack.emplace_back(0.0, 0);
        while (!stack.empty()) {
            const auto [bound, node] = stack.back();
            stack.pop_back();
            if (search.full() && bound * search.margin > search.worst()) continue;
            const Node& nd = nodes[static_cast<size_t>(node)];
            if (nd.left < 0) {
                for (index_t p = nd.begin; p < nd.end; ++p) {
                    const index_t j = order[static_cast<size_t>(p)];
                    if (j != i) search.consider(a, ca, j);
                }
                continue;
            }
            const double bl = box_bound(a, nd.left) + cat_bound(ca, nd.left, search.w);
            const double br = box_bound(a, nd.right) + cat_bound(ca, nd.right, search.w);
            // nearer child on top of the stack
            if (bl <= br) {
                stack.emplace_back(br, nd.right);
                stack.emplace_back(bl, nd.left);
            } else {
                stack.emplace_back(bl, nd.left);
                stack.emplace_back(br, nd.right);
            }
        }
    }
};

// Below this many rows the brute force is as fast as building a tree.
constexpr index_t kMixedTreeMinRows = 2048;
constexpr index_t kMixedTreeLeaf = 32;

}  // namespace

template <class T>
void mixed_knn_self(const T* cont, index_t dc, const std::int32_t* codes, index_t q, index_t n,
                    double w, index_t k, index_t* out, int n_threads, int algorithm) {
    const double margin = MixedSearch<T>::margin_for(dc);
    const bool tree = algorithm == 1 || (algorithm < 0 && n >= kMixedTreeMinRows && dc > 0);
    if (!tree) {
        parallel_chunks(n, 64, threads_for(n * n, n_threads), [&](index_t begin, index_t end) {
            MixedSearch<T> search{cont, codes, dc, q, k, w, margin, {}};
            search.heap.reserve(static_cast<size_t>(k));
            for (index_t i = begin; i < end; ++i) {
                search.heap.clear();
                const T* a = cont + i * dc;
                const std::int32_t* ca = codes + i * q;
                for (index_t j = 0; j < n; ++j) {
                    if (j != i) search.consider(a, ca, j);
                }
                search.emit(out + i * k);
            }
        });
        return;
    }
    const MixedTree<T> index(cont, n, dc, codes, q, kMixedTreeLeaf);
    // queries in tree order: neighbouring queries walk the same nodes
    parallel_chunks(n, 256, threads_for(n * 64, n_threads), [&](index_t begin, index_t end) {
        MixedSearch<T> search{cont, codes, dc, q, k, w, margin, {}};
        search.heap.reserve(static_cast<size_t>(k));
        std::vector<std::pair<double, index_t>> stack;
        for (index_t p = begin; p < end; ++p) {
            const index_t i = index.order[static_cast<size_t>(p)];
            search.heap.clear();
            index.query(i, search, codes + i * q, stack);
            search.emit(out + i * k);
        }
    });
}

namespace {

// np.isclose(x, y) for one pair, in the arithmetic numpy uses for the dtype.
template <class S>
bool isclose(S x, S y) {
    const S atol = static_cast<S>(1e-8), rtol = static_cast<S>(1e-5);
    const S tol = atol + rtol * std::abs(y);
    return (std::abs(x - y) <= tol && std::isfinite(y)) || x == y;
}

// Candidate categories of one new sample, ascending; calls emit(code) for each.
struct Voter {
    const std::int32_t* codes;
    index_t q, f, n_categories;
    const index_t* nns;
    index_t k;
    std::vector<std::uint8_t> ok;  // ok[c]: a category voted c times is a candidate

    template <class Emit>
    void candidates(index_t seed, std::vector<std::pair<std::int32_t, index_t>>& runs,
                    std::vector<std::int32_t>& buf, Emit&& emit) const {
        buf.clear();
        const index_t* nb = nns + seed * k;
        for (index_t j = 0; j < k; ++j) buf.push_back(codes[nb[j] * q + f]);
        std::sort(buf.begin(), buf.end());
        runs.clear();
        for (size_t j = 0; j < buf.size();) {
            size_t e = j;
            while (e < buf.size() && buf[e] == buf[j]) ++e;
            runs.emplace_back(buf[j], static_cast<index_t>(e - j));
            j = e;
        }
        emit_all(runs, emit);
    }

    template <class Emit>
    void emit_all(const std::vector<std::pair<std::int32_t, index_t>>& runs, Emit&& emit) const {
        index_t cmax = 0;
        for (const auto& r : runs) cmax = std::max(cmax, r.second);
        const std::uint8_t* okp = ok.data() + cmax * (k + 1);
        if (okp[0]) {  // absent categories tie with the maximum too
            size_t r = 0;
            for (index_t c = 0; c < n_categories; ++c) {
                index_t cnt = 0;
                if (r < runs.size() && runs[r].first == c) cnt = runs[r++].second;
                if (okp[cnt]) emit(static_cast<std::int32_t>(c));
            }
        } else {
            for (const auto& r : runs) {
                if (okp[r.second]) emit(r.first);
            }
        }
    }
};

template <class S>
std::vector<std::uint8_t> ok_table(index_t k, S v) {
    // score[c]: v summed c times in S; table[cmax][c] = isclose(score[c], score[cmax]).
    std::vector<S> score(static_cast<size_t>(k + 1));
    score[0] = S(0);
    for (index_t c = 1; c <= k; ++c) score[c] = c == 1 ? v : static_cast<S>(score[c - 1] + v);
    std::vector<std::uint8_t> table(static_cast<size_t>((k + 1) * (k + 1)));
    for (index_t m = 0; m <= k; ++m)
        for (index_t c = 0; c <= k; ++c) table[m * (k + 1) + c] = isclose<S>(score[c], score[m]);
    return table;
}

}  // namespace

template <class T, class O>
void interpolate_cols(const T* base, index_t d, const index_t* rows, const index_t* nbr_rows,
                      const double* steps, index_t n_new, O* out, index_t out_stride,
                      const index_t* out_cols, int n_threads) {
    parallel_chunks(n_new, 2048, threads_for(n_new * d, n_threads), [&](index_t begin, index_t end) {
        for (index_t i = begin; i < end; ++i) {
            const T* x = base + rows[i] * d;
            const T* y = base + nbr_rows[i] * d;
            const double s = steps[i];
            O* o = out + i * out_stride;
            for (index_t j = 0; j < d; ++j) {
                const T diff = static_cast<T>(y[j] - x[j]);
                o[out_cols[j]] = static_cast<O>(
                    static_cast<T>(static_cast<double>(x[j]) + s * static_cast<double>(diff)));
            }
        }
    });
}

void categorical_vote(const std::int32_t* codes, index_t q, index_t f, index_t n_categories,
                      const index_t* nns, index_t k, const index_t* rows, index_t n_new,
                      double v, int score_kind, std::int64_t* n_cand, const index_t* offsets,
                      index_t* perm, index_t n_perm, std::int32_t* choice, int n_threads) {
    Voter voter{codes, q, f, n_categories, nns, k, {}};
    if (score_kind == 0) {
        voter.ok = ok_table<float>(k, static_cast<float>(v));
    } else if (score_kind == 1) {
        voter.ok = ok_table<double>(k, v);
    } else {  // exact integer sums, compared as numpy does (in double)
        std::vector<double> score(static_cast<size_t>(k + 1));
        for (index_t c = 0; c <= k; ++c) score[c] = static_cast<double>(c) * v;
        voter.ok.resize(static_cast<size_t>((k + 1) * (k + 1)));
        for (index_t m = 0; m <= k; ++m)
            for (index_t c = 0; c <= k; ++c)
                voter.ok[m * (k + 1) + c] = isclose<double>(score[c], score[m]);
    }
    const int threads = threads_for(n_new * k, n_threads);
    if (choice == nullptr) {
        parallel_chunks(n_new, 4096, threads, [&](index_t begin, index_t end) {
            std::vector<std::pair<std::int32_t, index_t>> runs;
            std::vector<std::int32_t> buf;
            for (index_t i = begin; i < end; ++i) {
                std::int64_t c = 0;
                voter.candidates(rows[i], runs, buf, [&](std::int32_t) { ++c; });
                n_cand[i] = c;
            }
        });
        return;
    }
    // pos(p): position of candidate pair p in the permuted order
    auto choose = [&](auto pos) {
        parallel_chunks(n_new, 4096, threads, [&](index_t begin, index_t end) {
            std::vector<std::pair<std::int32_t, index_t>> runs;
            std::vector<std::int32_t> buf;
            for (index_t i = begin; i < end; ++i) {
                index_t j = 0, best = -1;
                std::int32_t chosen = -1;
                const index_t off = offsets[i];
                voter.candidates(rows[i], runs, buf, [&](std::int32_t c) {
                    const index_t p = pos(off + j++);
                    if (best < 0 || p < best) {
                        best = p;
                        chosen = c;
                    }
                });
                choice[i] = chosen;
            }
        });
    };
    if (n_perm < (index_t{1} << 31)) {
        // No second array of n_perm entries: perm is packed to int32 in the first
        // half of its own buffer (serially, front to back: each 4-byte write lands
        // on bytes already read) and the positions are scattered into the second.
        auto* bytes = reinterpret_cast<unsigned char*>(perm);
        for (index_t t = 0; t < n_perm; ++t) {
            index_t value;
            std::memcpy(&value, bytes + 8 * t, sizeof value);
            if (value < 0 || value >= n_perm) throw std::invalid_argument("perm out of range");
            const auto packed = static_cast<std::int32_t>(value);
            std::memcpy(bytes + 4 * t, &packed, sizeof packed);
        }
        const auto* packed = reinterpret_cast<const std::int32_t*>(bytes);
        auto* pos = reinterpret_cast<std::int32_t*>(bytes + 4 * n_perm);
        parallel_chunks(n_perm, 1 << 16, threads, [&](index_t begin, index_t end) {
            for (index_t t = begin; t < end; ++t) pos[packed[t]] = static_cast<std::int32_t>(t);
        });
        choose([pos](index_t p) { return static_cast<index_t>(pos[p]); });
    } else {
        std::vector<index_t> pos(static_cast<size_t>(n_perm));
        for (index_t t = 0; t < n_perm; ++t) {
            if (perm[t] < 0 || perm[t] >= n_perm) throw std::invalid_argument("perm out of range");
        }
        parallel_chunks(n_perm, 1 << 16, threads, [&](index_t begin, index_t end) {
            for (index_t t = begin; t < end; ++t) pos[perm[t]] = t;
        });
        choose([&pos](index_t p) { return pos[p]; });
    }
}

template void interpolate_scaled<float>(const float*, const float*, index_t, const index_t*,
                                        const index_t*, const double*, const double*, index_t,
                                        float*, int);
template void interpolate_scaled<double>(const double*, const double*, index_t, const index_t*,
                                         const index_t*, const double*, const double*, index_t,
                                         double*, int);
template void csr_like_variance<float>(const float*, index_t, index_t, double*);
template void csr_like_variance<double>(const double*, index_t, index_t, double*);
template void interpolate_cols<float, float>(const float*, index_t, const index_t*,
                                             const index_t*, const double*, index_t, float*,
                                             index_t, const index_t*, int);
template void interpolate_cols<double, double>(const double*, index_t, const index_t*,
                                               const index_t*, const double*, index_t, double*,
                                               index_t, const index_t*, int);
template void interpolate_cols<float, double>(const float*, index_t, const index_t*,
                                              const index_t*, const double*, index_t, double*,
                                              index_t, const index_t*, int);
template void mixed_knn_self<float>(const float*, index_t, const std::int32_t*, index_t, index_t,
                                    double, index_t, index_t*, int, int);
template void mixed_knn_self<double>(const double*, index_t, const std::int32_t*, index_t,
                                     index_t, double, index_t, index_t*, int, int);

}  // namespace imbfast::core
