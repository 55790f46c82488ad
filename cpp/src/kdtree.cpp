#include "imbfast/kdtree.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "imbfast/distance.hpp"
#include "imbfast/interrupt.hpp"
#include "imbfast/knn_result.hpp"
#include "imbfast/parallel.hpp"

namespace imbfast::core {

namespace {
constexpr index_t kQueryChunk = 64;  // queries per scheduling unit
constexpr index_t kLeafChunk = 2;    // leaves per scheduling unit in self-queries
// From this many features, batch scans first filter with dot products
// (|q|^2 + |x|^2 - 2 q.x, two flops per coordinate instead of three) and compute
// the exact distance only for points that pass with a rounding-error margin.
constexpr index_t kDotMinDim = 12;
// Smallest k answered by computing every distance and selecting (see wide_k).
constexpr index_t kWideK = 64;
}  // namespace

template <class T>
struct KDTree<T>::Scratch {
    explicit Scratch(index_t max_cap)
        : dists(static_cast<size_t>(max_cap)),
          masks(static_cast<size_t>(4 * (max_cap / 16 + 1))) {}
    std::vector<index_t> stack;
    std::vector<double> bound;
    std::vector<double> dists;
    std::vector<double> qlo, qhi;      // batch box
    std::vector<KnnResult> results;    // batch result sets
    std::vector<double> qnorm;         // batch query squared norms
    std::vector<double> xnorm;         // batch original-row norms (projected trees)
    std::vector<double> qt;            // d x 4 query group, transposed
    std::vector<std::uint32_t> masks;  // 4 x (cap / 16) candidate bits
    std::vector<index_t> active;       // queries that must scan the current leaf
};

namespace {

// Lower bound of the squared distance between any point of box a and any point
// of box b; per dimension the gap is rounded the same way as a point difference,
// so it never exceeds a computed point-to-point distance.
inline double box_box_sqdist(const double* alo, const double* ahi, const double* blo,
                             const double* bhi, index_t d) noexcept {
    double acc = 0;
    for (index_t j = 0; j < d; ++j) {
        double t = 0;
        if (blo[j] > ahi[j]) {
            t = blo[j] - ahi[j];
        } else if (alo[j] > bhi[j]) {
            t = alo[j] - bhi[j];
        }
        acc += t * t;
    }
    return acc;
}

}  // namespace

namespace {

// Nodes of a median-split subtree over c points (ids are assigned in preorder, so
// a subtree's ids are known before it is built and subtrees can be built in
// parallel). A node whose points are all equal becomes a leaf early and leaves
// its descendants' ids unused.
index_t subtree_nodes(index_t c, index_t leaf_size) noexcept {
    if (c <= leaf_size) return 1;
    const index_t h = c / 2;
    return 1 + subtree_nodes(h, leaf_size) + subtree_nodes(c - h, leaf_size);
}

constexpr index_t kTaskMin = 8192;       // smallest subtree handed to a task
constexpr index_t kSpreadSample = 1024;  // points sampled to pick a split dimension

}  // namespace

template <class T>
KDTree<T>::KDTree(const T* data, index_t n, index_t d, const KDTreeParams& params)
    : n_(n),
      d_(d),
      leaf_size_(std::max<index_t>(params.leaf_size, 1)),
      flat_(params.flat) {
    if (n < 1 || d < 1) throw std::invalid_argument("KDTree needs n >= 1 and d >= 1");
    std::vector<index_t> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), index_t{0});
    const index_t total =
        flat_ ? (n + leaf_size_ - 1) / leaf_size_ : subtree_nodes(n, leaf_size_);
    nodes_.assign(static_cast<size_t>(total), Node{-1, -1, -1, -1, 0, 0});
    lo_.resize(static_cast<size_t>(total * d));
    hi_.resize(static_cast<size_t>(total * d));
    if (flat_) {
        for (index_t id = 0; id < total; ++id) {
            set_node(id, id * leaf_size_, std::min(n, (id + 1) * leaf_size_),
                     order.data(), data);
        }
    } else {
        std::vector<std::pair<T, index_t>> keys(
            static_cast<size_t>(n));  // median selection
        // Each level of the tree touches every point once per dimension.
        index_t depth = 1;
        for (index_t c = n; c > leaf_size_; c /= 2) ++depth;
        const int n_threads = threads_for(work_units(n, d, depth), params.n_threads);
#ifdef _OPENMP
        if (n_threads > 1) {
            int spawn = 2;
            for (int t = n_threads; t > 1; t /= 2) ++spawn;
            index_t* ord = order.data();
            std::pair<T, index_t>* kp = keys.data();
#pragma omp parallel num_threads(n_threads)
#pragma omp single
            build_tree(0, 0, n, ord, kp, data, spawn);
        } else {
            build_tree(0, 0, n, order.data(), keys.data(), data, 0);
        }
#else
        (void)n_threads;
        build_tree(0, 0, n, order.data(), keys.data(), data, 0);
#endif
    }
    fill_blocks(order, data);
    ids_ = std::move(order);
    if (params.exact.d > 0) {
        init_exact(params.exact);
    } else if (d >= kDotMinDim) {
        enable_dot_filter();
    }
}

template <class T>
double KDTree<T>::query_work(index_t m) const noexcept {
    // Points whose distance a query computes: every point in the flat layout, a
    // few leaves in a tree.
    const index_t visited = flat_ ? n_ : std::min<index_t>(n_, 8 * leaf_size_);
    return work_units(m, visited, d_ + exact_d_);
}

template <class T>
void KDTree<T>::enable_dot_filter() {
    if (use_dot_) return;
    use_dot_ = true;
    // Squared norms per block lane (+inf on padding), aligned with blocks_; the
    // same sums, in the same order, as the exact distance kernels.
    const index_t d = d_;
    norms_.assign(blocks_.size() / static_cast<size_t>(d),
                  std::numeric_limits<double>::infinity());
    for (const index_t id : leaves_) {
        const Node& node = nodes_[id];
        const T* block = blocks_.data() + node.block;
        double* xn = norms_.data() + node.block / d;
        for (index_t lane = 0; lane < node.end - node.start; ++lane) {
            double acc = 0;
            for (index_t j = 0; j < d; ++j) {
                const double v = static_cast<double>(block[j * node.cap + lane]);
                acc += v * v;
            }
            xn[lane] = acc;
        }
    }
}

template <class T>
void KDTree<T>::set_node(index_t id, index_t start, index_t end, const index_t* order,
                         const T* data) noexcept {
    const index_t d = d_;
    nodes_[id] = Node{start, end, -1, -1, 0, 0};
    double* lo = lo_.data() + id * d;
    double* hi = hi_.data() + id * d;
    const T* first = data + order[start] * d;
    for (index_t j = 0; j < d; ++j) lo[j] = hi[j] = static_cast<double>(first[j]);
    for (index_t p = start + 1; p < end; ++p) {
        const T* row = data + order[p] * d;
        for (index_t j = 0; j < d; ++j) {
            const double v = static_cast<double>(row[j]);
            lo[j] = std::min(lo[j], v);
            hi[j] = std::max(hi[j], v);
        }
    }
}

template <class T>
void KDTree<T>::build_tree(index_t id, index_t start, index_t end, index_t* order,
                           std::pair<T, index_t>* keys, const T* data,
                           int spawn) noexcept {
    const index_t d = d_;
    const index_t cnt = end - start;
    if (cnt <= leaf_size_) {
        set_node(id, start, end, order, data);
        return;
    }
    // Split dimension: the widest spread over an evenly strided sample of the
    // node's points (all of them when few). Boxes stay exact: an internal node's
    // box is the union of its children's, set once they are built.
    double* lo = lo_.data() + id * d;
    double* hi = hi_.data() + id * d;
    const index_t stride = std::max<index_t>(1, cnt / kSpreadSample);
    auto widest = [&](index_t step, index_t& dim) {
        const T* first = data + order[start] * d;
        for (index_t j = 0; j < d; ++j) lo[j] = hi[j] = static_cast<double>(first[j]);
        for (index_t p = start + step; p < end; p += step) {
            const T* row = data + order[p] * d;
            for (index_t j = 0; j < d; ++j) {
                const double v = static_cast<double>(row[j]);
                lo[j] = std::min(lo[j], v);
                hi[j] = std::max(hi[j], v);
            }
        }
        dim = 0;
        double spread = hi[0] - lo[0];
        for (index_t j = 1; j < d; ++j) {
            if (hi[j] - lo[j] > spread) {
                spread = hi[j] - lo[j];
                dim = j;
            }
        }
        return spread;
    };
    index_t dim = 0;
    double spread = widest(stride, dim);
    if (!(spread > 0) && stride > 1) spread = widest(1, dim);
    if (!(spread > 0)) {  // all points equal: one (possibly big) leaf
        set_node(id, start, end, order, data);
        return;
    }

    // Median by the split coordinate: keys gathered once (one indirect read per
    // point), selected in a contiguous array.
    // keys[start, end) is this subtree's own slice of a buffer the constructor
    // allocated (so nothing here allocates, and subtrees share nothing).
    const index_t mid = start + cnt / 2;
    for (index_t p = start; p < end; ++p)
        keys[p] = {data[order[p] * d + dim], order[p]};
    std::nth_element(keys + start, keys + mid, keys + end,
                     [](const std::pair<T, index_t>& a,
                        const std::pair<T, index_t>& b) { return a.first < b.first; });
    for (index_t p = start; p < end; ++p) order[p] = keys[p].second;
    const index_t left = id + 1;
    const index_t right = id + 1 + subtree_nodes(mid - start, leaf_size_);
    nodes_[id] = Node{start, end, left, right, 0, 0};
    bool built = false;
#ifdef _OPENMP
    if (spawn > 0 && cnt > kTaskMin) {
        // Disjoint ranges of order, nodes_, lo_ and hi_: the subtrees share nothing.
#pragma omp task default(none) firstprivate(left, start, mid, order, keys, data, spawn)
        build_tree(left, start, mid, order, keys, data, spawn - 1);
        build_tree(right, mid, end, order, keys, data, spawn - 1);
#pragma omp taskwait
        built = true;
    }
#else
    (void)spawn;
#endif
    if (!built) {
        build_tree(left, start, mid, order, keys, data, 0);
        build_tree(right, mid, end, order, keys, data, 0);
    }
    const double* llo = lo_.data() + left * d;
    const double* lhi = hi_.data() + left * d;
    const double* rlo = lo_.data() + right * d;
    const double* rhi = hi_.data() + right * d;
    for (index_t j = 0; j < d; ++j) {
        lo[j] = std::min(llo[j], rlo[j]);
        hi[j] = std::max(lhi[j], rhi[j]);
    }
}

template <class T>
void KDTree<T>::fill_blocks(const std::vector<index_t>& order, const T* data) {
    const index_t d = d_;
    index_t total = 0;
    for (index_t id = 0; id < n_nodes(); ++id) {
        Node& node = nodes_[id];
        if (node.left >= 0 || node.start < 0) continue;  // internal, or an unused id
        const index_t cnt = node.end - node.start;
        node.cap = (cnt + detail::kLanes - 1) / detail::kLanes * detail::kLanes;
        node.block = total;
        total += node.cap * d;
        leaves_.push_back(id);
        max_cap_ = std::max(max_cap_, node.cap);
    }
    // Leaves were created in position order by both builders.
    blocks_.assign(static_cast<size_t>(total), std::numeric_limits<T>::infinity());
    for (const index_t id : leaves_) {
        const Node& node = nodes_[id];
        T* block = blocks_.data() + node.block;
        for (index_t p = node.start; p < node.end; ++p) {
            const T* row = data + order[p] * d;
            const index_t lane = p - node.start;
            for (index_t j = 0; j < d; ++j) block[j * node.cap + lane] = row[j];
        }
    }
}

template <class T>
template <class Bound, class Worst, class Leaf>
void KDTree<T>::depth_first(Scratch& s, Bound&& bound, Worst&& worst,
                            Leaf&& leaf) const {
    s.stack.clear();
    s.bound.clear();
    s.stack.push_back(0);
    s.bound.push_back(0.0);
    while (!s.stack.empty()) {
        const index_t id = s.stack.back();
        const double b = s.bound.back();
        s.stack.pop_back();
        s.bound.pop_back();
        if (b > worst()) continue;
        const Node& node = nodes_[id];
        if (node.left < 0) {
            if (interruption_point())
                return;  // the run is abandoned (see interrupt.hpp)
            leaf(id);
            continue;
        }
        const double bl = bound(node.left);
        const double br = bound(node.right);
        const double w = worst();
        // Push the far child first so the near one is searched first.
        const bool left_near = bl <= br;
        const index_t near = left_near ? node.left : node.right;
        const index_t far = left_near ? node.right : node.left;
        const double bnear = left_near ? bl : br;
        const double bfar = left_near ? br : bl;
        if (bfar <= w) {
            s.stack.push_back(far);
            s.bound.push_back(bfar);
        }
        if (bnear <= w) {
            s.stack.push_back(near);
            s.bound.push_back(bnear);
        }
    }
}

template <class T>
void KDTree<T>::init_exact(const ExactRows& exact) {
    const index_t exact_d = exact.d;
    if ((exact.f64 == nullptr) == (exact.f32 == nullptr)) {
        throw std::invalid_argument(
            "a projected tree needs exactly one of the exact row arrays");
    }
    exact32_ = exact.f32;
    exact64_ = exact.f64;
    exact_d_ = exact_d;
    center_.assign(static_cast<size_t>(exact_d), 0.0);
    if (exact.center != nullptr) center_.assign(exact.center, exact.center + exact_d);
    double max_sq = 0;
    for (index_t i = 0; i < n_; ++i) {
        double acc = 0;
        for (index_t j = 0; j < exact_d; ++j) {
            const double v = exact64_ != nullptr
                                 ? exact64_[i * exact_d + j]
                                 : static_cast<double>(exact32_[i * exact_d + j]);
            const double t = v - center_[j];
            acc += t * t;
        }
        max_sq = std::max(max_sq, acc);
    }
    exact_norm_ = std::sqrt(max_sq) * (1.0 + 1e-12);
    // Projected coordinates only filter candidates, so batches always use the
    // cheaper dot-product filter (measured: 1e5 x 20 of rank 10, self-query).
    enable_dot_filter();
}

template <class T>
double KDTree<T>::centred_norm(const double* qx) const noexcept {
    double acc = 0;
    for (index_t j = 0; j < exact_d_; ++j) {
        const double t = qx[j] - center_[j];
        acc += t * t;
    }
    return std::sqrt(acc) * (1.0 + 1e-12);
}

template <class T>
double KDTree<T>::exact_sqdist(const double* qx, index_t i) const noexcept {
    // Same operation order as block_sqdist/lane_sqdist: identical bits to an
    // unprojected tree over the original rows.
    double acc = 0;
    if (exact64_ != nullptr) {
        const double* row = exact64_ + i * exact_d_;
        for (index_t j = 0; j < exact_d_; ++j) {
            const double t = qx[j] - row[j];
            acc += t * t;
        }
    } else {
        const float* row = exact32_ + i * exact_d_;
        for (index_t j = 0; j < exact_d_; ++j) {
            const double t = qx[j] - static_cast<double>(row[j]);
            acc += t * t;
        }
    }
    return acc;
}

template <class T>
double KDTree<T>::relax(double w, double qnorm) const noexcept {
    if (exact_d_ == 0 || !(w < KnnResult::kInf)) return w;
    // Projected coordinates z = (x - c) V carry a rounding error of norm at most
    // sqrt(r) * (d + 1) * eps * |x - c| (any summation order), V is orthonormal to
    // a few d * eps, and the squared sums round by (d + r) * eps relative: the
    // slack below is 8x those bounds (qnorm = |q - c|, exact_norm_ = max |x - c|).
    constexpr double eps = 2.220446049250313e-16;
    const double dx = static_cast<double>(exact_d_);
    const double rho = 8.0 * (dx + static_cast<double>(d_) + 8.0) * eps;
    const double tau = 8.0 * (dx + 8.0) * std::sqrt(dx) * eps * (qnorm + exact_norm_);
    const double s = std::sqrt(w) * (1.0 + rho) + tau;
    return s * s * (1.0 + rho);
}

template <class T>
void KDTree<T>::search(const double* q, const double* qx, index_t self, index_t k,
                       double* dist, index_t* idx, Scratch& s, const index_t* seeds,
                       index_t n_seeds) const {
    const index_t d = d_;
    const bool proj = projected();
    const double qnorm = proj ? centred_norm(qx) : 0.0;
    KnnResult result(dist, idx, k);
    // Warm start (projected trees): candidates known to lie near the query (the
    // previous query's neighbours) enter first with their exact distances, so
    // pruning starts with a tight radius. The scan later meets them again: a
    // point already held is skipped, so the result is the same set.
    for (index_t i = 0; i < n_seeds; ++i) {
        if (seeds[i] == self) continue;
        const double dd = exact_sqdist(qx, seeds[i]);
        if (result.accepts(dd, seeds[i]) && !result.contains(seeds[i]))
            result.push(dd, seeds[i]);
    }
    double thr = relax(result.worst(), qnorm);  // pruning radius, updated per leaf
    auto scan_leaf = [&](const Node& node) {
        const index_t cnt = node.end - node.start;
        const double worst = thr;
        detail::block_sqdist(q, blocks_.data() + node.block, node.cap, d, worst,
                             s.dists.data());
        for (index_t lane = 0; lane < cnt; ++lane) {
            double dd = s.dists[lane];
            if (dd > worst) continue;
            const index_t original = ids_[node.start + lane];
            if (original == self) continue;
            if (proj) dd = exact_sqdist(qx, original);
            if (result.accepts(dd, original) &&
                (n_seeds == 0 || !result.contains(original))) {
                result.push(dd, original);
            }
        }
        thr = relax(result.worst(), qnorm);
    };

    // Trees only: the flat (brute-force) layout always searches in batches.
    depth_first(
        s,
        [&](index_t id) {
            return detail::box_sqdist(q, lo_.data() + id * d, hi_.data() + id * d, d);
        },
        [&] { return thr; }, [&](index_t id) { scan_leaf(nodes_[id]); });
}

template <class T>
void KDTree<T>::search_batch(const double* qs, const double* qxs, index_t cnt,
                             const index_t* self, index_t k, double* const* dist,
                             index_t* const* idx, Scratch& s) const {
    const index_t d = d_;
    const index_t dx = exact_d_;
    const bool proj = projected();
    s.qlo.assign(qs, qs + d);
    s.qhi.assign(qs, qs + d);
    for (index_t i = 1; i < cnt; ++i) {
        for (index_t j = 0; j < d; ++j) {
            s.qlo[j] = std::min(s.qlo[j], qs[i * d + j]);
            s.qhi[j] = std::max(s.qhi[j], qs[i * d + j]);
        }
    }
    s.results.clear();
    for (index_t i = 0; i < cnt; ++i) s.results.emplace_back(dist[i], idx[i], k);
    double worst_max = KnnResult::kInf;  // relaxed, over the batch
    // Original-row norms for the projection slack (0 when not projected).
    s.xnorm.assign(static_cast<size_t>(cnt), 0.0);
    double xnorm_max = 0;
    if (proj) {
        for (index_t i = 0; i < cnt; ++i) {
            s.xnorm[i] = centred_norm(qxs + i * dx);
            xnorm_max = std::max(xnorm_max, s.xnorm[i]);
        }
    }
    auto threshold = [&](index_t i) { return relax(s.results[i].worst(), s.xnorm[i]); };
    // Distance of a lane that passed the filter: exact from the original rows
    // when projected, from the block otherwise.
    auto lane_exact = [&](index_t i, const T* block, index_t cap, index_t lane,
                          index_t original) {
        return proj ? exact_sqdist(qxs + i * dx, original)
                    : detail::lane_sqdist(qs + i * d, block, cap, lane, d);
    };

    // Margin covering the rounding of |q|^2 + |x|^2 - 2 q.x against the exact sum
    // (each term's error is below d * eps * (|q|^2 + |x|^2)); generous on purpose.
    const double margin = static_cast<double>(4 * d + 16) * 2.220446049250313e-16;
    if (use_dot_) {
        s.qnorm.resize(static_cast<size_t>(cnt));
        for (index_t i = 0; i < cnt; ++i) {
            double acc = 0;
            for (index_t j = 0; j < d; ++j) acc += qs[i * d + j] * qs[i * d + j];
            s.qnorm[i] = acc;
        }
        s.qt.resize(static_cast<size_t>(4 * d));
    }

    auto scan_leaf = [&](index_t id) {
        const Node& node = nodes_[id];
        const index_t n_pts = node.end - node.start;
        const double* lo = lo_.data() + id * d;
        const double* hi = hi_.data() + id * d;
        const T* block = blocks_.data() + node.block;
        if (use_dot_) {
            s.active.clear();
            for (index_t i = 0; i < cnt; ++i) {
                if (detail::box_sqdist(qs + i * d, lo, hi, d) <= threshold(i)) {
                    s.active.push_back(i);
                }
            }
            const index_t n_active = static_cast<index_t>(s.active.size());
            const double* xnorm = norms_.data() + node.block / d;
            const index_t groups = node.cap / 16;
            double qn4[4], thr4[4];
            for (index_t g = 0; g < n_active; g += 4) {
                const index_t in_group = std::min<index_t>(4, n_active - g);
                for (index_t u = 0; u < 4; ++u) {
                    const index_t i = s.active[g + std::min(u, in_group - 1)];
                    const double* q = qs + i * d;
                    for (index_t j = 0; j < d; ++j) s.qt[j * 4 + u] = q[j];
                    qn4[u] = s.qnorm[i];
                    thr4[u] = threshold(i);
                }
                detail::block_filter4(s.qt.data(), qn4, thr4, block, xnorm, node.cap, d,
                                      margin, s.masks.data());
                for (index_t u = 0; u < in_group; ++u) {
                    const index_t i = s.active[g + u];
                    KnnResult& res = s.results[i];
                    const index_t me = self ? self[i] : -1;
                    for (index_t gi = 0; gi < groups; ++gi) {
                        std::uint32_t m = s.masks[u * groups + gi];
                        while (m != 0) {
                            const index_t lane = gi * 16 + __builtin_ctz(m);
                            m &= m - 1;
                            if (lane >= n_pts) break;
                            const index_t original = ids_[node.start + lane];
                            if (original == me) continue;
                            const double dd =
                                lane_exact(i, block, node.cap, lane, original);
                            if (res.accepts(dd, original)) res.push(dd, original);
                        }
                    }
                }
            }
            double new_max = 0;
            for (index_t i = 0; i < cnt; ++i) new_max = std::max(new_max, threshold(i));
            worst_max = new_max;
            return;
        }
        double new_max = 0;
        for (index_t i = 0; i < cnt; ++i) {
            KnnResult& res = s.results[i];
            const double* q = qs + i * d;
            double worst = threshold(i);
            if (detail::box_sqdist(q, lo, hi, d) <= worst) {
                detail::block_sqdist(q, block, node.cap, d, worst, s.dists.data());
                const index_t me = self ? self[i] : -1;
                for (index_t lane = 0; lane < n_pts; ++lane) {
                    if (s.dists[lane] > worst) continue;
                    const index_t original = ids_[node.start + lane];
                    if (original == me) continue;
                    const double dd =
                        proj ? exact_sqdist(qxs + i * dx, original) : s.dists[lane];
                    if (res.accepts(dd, original)) res.push(dd, original);
                }
                worst = threshold(i);
            }
            new_max = std::max(new_max, worst);
        }
        worst_max = new_max;
    };

    if (flat_) {
        for (const index_t id : leaves_) {
            const double b =
                box_box_sqdist(s.qlo.data(), s.qhi.data(), lo_.data() + id * d,
                               hi_.data() + id * d, d);
            if (b <= worst_max) scan_leaf(id);
        }
        return;
    }

    depth_first(
        s,
        [&](index_t id) {
            return box_box_sqdist(s.qlo.data(), s.qhi.data(), lo_.data() + id * d,
                                  hi_.data() + id * d, d);
        },
        [&] { return worst_max; }, scan_leaf);
}

template <class T>
bool KDTree<T>::wide_k(index_t k) const noexcept {
    // Sorted insertion costs O(k) per accepted point: from k = n / 8 on (and 64),
    // computing every distance and selecting is cheaper.
    return k >= kWideK && 8 * k >= n_;
}

template <class T>
void KDTree<T>::select_all(const double* q, const double* qx, index_t self, index_t k,
                           double* dist, index_t* idx,
                           std::vector<std::pair<double, index_t>>& all) const {
    // Every distance with the arithmetic of the searches (lane_sqdist, or the
    // original rows when projected), then the k smallest by (distance, index):
    // the same answer as the search.
    all.clear();
    const bool proj = projected();
    for (const index_t id : leaves_) {
        if (interruption_point()) return;  // the run is abandoned (see interrupt.hpp)
        const Node& node = nodes_[id];
        const T* block = blocks_.data() + node.block;
        for (index_t lane = 0; lane < node.end - node.start; ++lane) {
            const index_t original = ids_[node.start + lane];
            if (original == self) continue;
            const double dd = proj ? exact_sqdist(qx, original)
                                   : detail::lane_sqdist(q, block, node.cap, lane, d_);
            all.emplace_back(dd, original);
        }
    }
    const auto kth = all.begin() + k;
    if (kth < all.end()) std::nth_element(all.begin(), kth - 1, all.end());
    std::sort(all.begin(), kth);
    for (index_t j = 0; j < k; ++j) {
        dist[j] = all[static_cast<size_t>(j)].first;
        idx[j] = all[static_cast<size_t>(j)].second;
    }
}

template <class T>
template <class Q>
void KDTree<T>::query(const Q* queries, index_t m, index_t k, double* dist,
                      index_t* idx, int n_threads, const double* exact_queries) const {
    if (k < 1 || k > n_) throw std::invalid_argument("k must be in [1, n_samples]");
    if (projected() && exact_queries == nullptr) {
        throw std::invalid_argument(
            "a projected tree needs the queries' original rows");
    }
    const index_t d = d_;
    const index_t dx = exact_d_;
    if (wide_k(k)) {
        n_threads = threads_for(work_units(m, n_, d_ + exact_d_), n_threads);
        parallel_chunks(m, 16, n_threads, [&](index_t begin, index_t end) {
            std::vector<double> q(static_cast<size_t>(d)), qx(static_cast<size_t>(dx));
            std::vector<std::pair<double, index_t>> all;
            all.reserve(static_cast<size_t>(n_));
            for (index_t i = begin; i < end; ++i) {
                for (index_t j = 0; j < d; ++j)
                    q[j] = static_cast<double>(queries[i * d + j]);
                for (index_t j = 0; j < dx; ++j) qx[j] = exact_queries[i * dx + j];
                select_all(q.data(), qx.data(), -1, k, dist + i * k, idx + i * k, all);
            }
        });
        return;
    }
    n_threads = threads_for(query_work(m), n_threads);

    // Visit queries grouped by the leaf they fall in: neighbouring queries share
    // nodes (cache) and make tight batches.
    std::vector<index_t> order(static_cast<size_t>(m));
    std::iota(order.begin(), order.end(), index_t{0});
    if (!flat_ && m > 1) {
        std::vector<index_t> home(static_cast<size_t>(m));
        parallel_chunks(m, 1024, n_threads, [&](index_t begin, index_t end) {
            std::vector<double> q(static_cast<size_t>(d));
            for (index_t i = begin; i < end; ++i) {
                for (index_t j = 0; j < d; ++j)
                    q[j] = static_cast<double>(queries[i * d + j]);
                index_t id = 0;
                while (nodes_[id].left >= 0) {
                    const Node& node = nodes_[id];
                    const double bl =
                        detail::box_sqdist(q.data(), lo_.data() + node.left * d,
                                           hi_.data() + node.left * d, d);
                    const double br =
                        detail::box_sqdist(q.data(), lo_.data() + node.right * d,
                                           hi_.data() + node.right * d, d);
                    id = bl <= br ? node.left : node.right;
                }
                home[i] = id;
            }
        });
        std::stable_sort(order.begin(), order.end(),
                         [&home](index_t a, index_t b) { return home[a] < home[b]; });
    }

    // Batches (one leaf scan for many queries) pay when the queries are dense:
    // brute force always, many features when queries are not much sparser than
    // leaves. A projected tree searches sparse queries one by one (tight bounds).
    const index_t n_leaves = static_cast<index_t>(leaves_.size());
    const bool batched = flat_ || (use_dot_ && (!projected() || m >= 2 * n_leaves));
    parallel_chunks(m, kQueryChunk, n_threads, [&](index_t begin, index_t end) {
        Scratch s(max_cap_);
        const index_t cnt = end - begin;
        std::vector<double> qs(static_cast<size_t>(cnt * d));
        std::vector<double> qxs(static_cast<size_t>(cnt * dx));
        for (index_t u = 0; u < cnt; ++u) {
            const index_t i = order[begin + u];
            for (index_t j = 0; j < d; ++j)
                qs[u * d + j] = static_cast<double>(queries[i * d + j]);
            for (index_t j = 0; j < dx; ++j)
                qxs[u * dx + j] = exact_queries[i * dx + j];
        }
        if (batched) {
            // The chunk scans each leaf together.
            std::vector<double*> dp(static_cast<size_t>(cnt));
            std::vector<index_t*> ip(static_cast<size_t>(cnt));
            for (index_t u = 0; u < cnt; ++u) {
                const index_t i = order[begin + u];
                dp[u] = dist + i * k;
                ip[u] = idx + i * k;
            }
            search_batch(qs.data(), qxs.data(), cnt, nullptr, k, dp.data(), ip.data(),
                         s);
            return;
        }
        // Queries come sorted by home leaf, so a projected tree seeds each search
        // with the previous query's neighbours (exact rows are at hand).
        const index_t* prev = nullptr;
        for (index_t u = 0; u < cnt; ++u) {
            const index_t i = order[begin + u];
            search(qs.data() + u * d, qxs.data() + u * dx, -1, k, dist + i * k,
                   idx + i * k, s, prev, prev != nullptr ? k : 0);
            if (projected()) prev = idx + i * k;
        }
    });
}

template <class T>
void KDTree<T>::query_self(index_t k, double* dist, index_t* idx, int n_threads) const {
    if (k < 1 || k > n_ - 1)
        throw std::invalid_argument("k must be in [1, n_samples - 1]");
    const index_t d = d_;
    const index_t dx = exact_d_;
    const index_t n_leaves = static_cast<index_t>(leaves_.size());
    if (wide_k(k)) {
        n_threads = threads_for(work_units(n_, n_, d_ + exact_d_), n_threads);
        parallel_chunks(n_leaves, 1, n_threads, [&](index_t begin, index_t end) {
            std::vector<double> q(static_cast<size_t>(d)), qx(static_cast<size_t>(dx));
            std::vector<std::pair<double, index_t>> all;
            all.reserve(static_cast<size_t>(n_));
            for (index_t li = begin; li < end; ++li) {
                const Node& leaf = nodes_[leaves_[li]];
                const T* block = blocks_.data() + leaf.block;
                for (index_t lane = 0; lane < leaf.end - leaf.start; ++lane) {
                    const index_t original = ids_[leaf.start + lane];
                    for (index_t j = 0; j < d; ++j) {
                        q[j] = static_cast<double>(block[j * leaf.cap + lane]);
                    }
                    for (index_t j = 0; j < dx; ++j) {
                        qx[j] = exact64_ != nullptr
                                    ? exact64_[original * dx + j]
                                    : static_cast<double>(exact32_[original * dx + j]);
                    }
                    select_all(q.data(), qx.data(), original, k, dist + original * k,
                               idx + original * k, all);
                }
            }
        });
        return;
    }
    n_threads = threads_for(query_work(n_), n_threads);
    // The points of one leaf are searched together as a batch.
    parallel_chunks(n_leaves, kLeafChunk, n_threads, [&](index_t begin, index_t end) {
        Scratch s(max_cap_);
        std::vector<double> qs, qxs;
        std::vector<double*> dp;
        std::vector<index_t*> ip;
        for (index_t li = begin; li < end; ++li) {
            const Node& leaf = nodes_[leaves_[li]];
            const index_t cnt = leaf.end - leaf.start;
            const T* block = blocks_.data() + leaf.block;
            qs.resize(static_cast<size_t>(cnt * d));
            qxs.resize(static_cast<size_t>(cnt * dx));
            dp.resize(static_cast<size_t>(cnt));
            ip.resize(static_cast<size_t>(cnt));
            for (index_t lane = 0; lane < cnt; ++lane) {
                for (index_t j = 0; j < d; ++j) {
                    qs[lane * d + j] = static_cast<double>(block[j * leaf.cap + lane]);
                }
                const index_t original = ids_[leaf.start + lane];
                for (index_t j = 0; j < dx; ++j) {
                    qxs[lane * dx + j] =
                        exact64_ != nullptr
                            ? exact64_[original * dx + j]
                            : static_cast<double>(exact32_[original * dx + j]);
                }
                dp[lane] = dist + original * k;
                ip[lane] = idx + original * k;
            }
            search_batch(qs.data(), qxs.data(), cnt, ids_.data() + leaf.start, k,
                         dp.data(), ip.data(), s);
        }
    });
}

template class KDTree<float>;
template class KDTree<double>;
template void KDTree<float>::query<float>(const float*, index_t, index_t, double*,
                                          index_t*, int, const double*) const;
template void KDTree<float>::query<double>(const double*, index_t, index_t, double*,
                                           index_t*, int, const double*) const;
template void KDTree<double>::query<float>(const float*, index_t, index_t, double*,
                                           index_t*, int, const double*) const;
template void KDTree<double>::query<double>(const double*, index_t, index_t, double*,
                                            index_t*, int, const double*) const;

namespace {
constexpr index_t kBruteBlock = 64;
}

template <class T, class Q>
void brute_query(const T* data, index_t n, index_t d, const Q* queries, index_t m,
                 index_t k, double* dist, index_t* idx, int n_threads) {
    KDTreeParams params;
    params.leaf_size = kBruteBlock;
    params.flat = true;
    const KDTree<T> index(data, n, d, params);
    index.query(queries, m, k, dist, idx, n_threads);
}

template <class T>
void brute_query_self(const T* data, index_t n, index_t d, index_t k, double* dist,
                      index_t* idx, int n_threads) {
    KDTreeParams params;
    params.leaf_size = kBruteBlock;
    params.flat = true;
    const KDTree<T> index(data, n, d, params);
    index.query_self(k, dist, idx, n_threads);
}

template void brute_query<float, float>(const float*, index_t, index_t, const float*,
                                        index_t, index_t, double*, index_t*, int);
template void brute_query<float, double>(const float*, index_t, index_t, const double*,
                                         index_t, index_t, double*, index_t*, int);
template void brute_query<double, float>(const double*, index_t, index_t, const float*,
                                         index_t, index_t, double*, index_t*, int);
template void brute_query<double, double>(const double*, index_t, index_t,
                                          const double*, index_t, index_t, double*,
                                          index_t*, int);
template void brute_query_self<float>(const float*, index_t, index_t, index_t, double*,
                                      index_t*, int);
template void brute_query_self<double>(const double*, index_t, index_t, index_t,
                                       double*, index_t*, int);

}  // namespace imbfast::core
