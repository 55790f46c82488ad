// SMOTE-NC's mixed-distance neighbour search: brute force or a kd-tree over the
// continuous columns with categorical masks per node.
#include "imbfast/mixed_tree.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "imbfast/parallel.hpp"

namespace imbfast::core {

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
                if (((acc[0] + acc[1]) + (acc[2] + acc[3]) + cat) * margin > worst_d)
                    return;
            }
            for (; t < dc; ++t) {
                const double diff =
                    static_cast<double>(a[t]) - static_cast<double>(b[t]);
                acc[0] += diff * diff;
            }
            if (((acc[0] + acc[1]) + (acc[2] + acc[3]) + cat) * margin > worst_d)
                return;
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
    std::vector<double> lo, hi;        // per node, dc each
    std::vector<std::uint64_t> masks;  // per node, q * kMaskWords

    MixedTree(const T* c, index_t n, index_t d, const std::int32_t* cd, index_t nq,
              index_t leaf)
        : cont(c), dc(d), codes(cd), q(nq), order(n) {
        for (index_t i = 0; i < n; ++i) order[i] = i;
        build(0, n, leaf);
        // masks only while they cost no more than the class's continuous data
        // (or 8 MB): 128 bytes per node and feature
        const double mask_bytes =
            static_cast<double>(nodes.size()) * q * kMaskWords * 8;
        if (mask_bytes >
            std::max(8.0 * (1 << 20), static_cast<double>(n) * d * sizeof(T)))
            return;
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
        std::nth_element(order.begin() + begin, order.begin() + mid,
                         order.begin() + end, [&](index_t x, index_t y) {
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
            if (x < l[t])
                d = l[t] - x;
            else if (x > h[t])
                d = x - h[t];
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
            const double br =
                box_bound(a, nd.right) + cat_bound(ca, nd.right, search.w);
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
void mixed_knn_self(const T* cont, index_t dc, const std::int32_t* codes, index_t q,
                    index_t n, double w, index_t k, index_t* out, int n_threads,
                    int algorithm) {
    const double margin = MixedSearch<T>::margin_for(dc);
    const bool tree =
        algorithm == 1 || (algorithm < 0 && n >= kMixedTreeMinRows && dc > 0);
    if (!tree) {
        parallel_chunks(n, 64, threads_for(work_units(n, n, dc + q), n_threads),
                        [&](index_t begin, index_t end) {
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
    parallel_chunks(n, 256,
                    threads_for(work_units(n, kMixedTreeLeaf * 4, dc + q), n_threads),
                    [&](index_t begin, index_t end) {
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

template void mixed_knn_self<float>(const float*, index_t, const std::int32_t*, index_t,
                                    index_t, double, index_t, index_t*, int, int);
template void mixed_knn_self<double>(const double*, index_t, const std::int32_t*,
                                     index_t, index_t, double, index_t, index_t*, int,
                                     int);

}  // namespace imbfast::core
