#include "imbfast/kdtree.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "imbfast/distance.hpp"
#include "imbfast/knn_result.hpp"
#include "imbfast/parallel.hpp"

namespace imbfast::core {

template <class T>
KDTree<T>::KDTree(const T* data, index_t n, index_t d, index_t leaf_size)
    : n_(n), d_(d), leaf_size_(std::max<index_t>(leaf_size, 1)) {
    if (n < 1 || d < 1) throw std::invalid_argument("KDTree needs n >= 1 and d >= 1");
    std::vector<index_t> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), index_t{0});
    nodes_.reserve(static_cast<size_t>(2 * (n / leaf_size_ + 1)));
    build(0, n, order, data);

    points_.resize(static_cast<size_t>(n * d));
    for (index_t p = 0; p < n; ++p) {
        std::copy_n(data + order[p] * d, d, points_.data() + p * d);
    }
    ids_ = std::move(order);
}

template <class T>
index_t KDTree<T>::build(index_t start, index_t end, std::vector<index_t>& order, const T* data) {
    const index_t d = d_;
    const index_t id = static_cast<index_t>(nodes_.size());
    nodes_.push_back(Node{start, end, -1, -1});
    lo_.resize(static_cast<size_t>((id + 1) * d));
    hi_.resize(static_cast<size_t>((id + 1) * d));

    // Exact bounding box of the node's points.
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
    if (end - start <= leaf_size_) return id;

    index_t dim = 0;
    double spread = hi[0] - lo[0];
    for (index_t j = 1; j < d; ++j) {
        if (hi[j] - lo[j] > spread) {
            spread = hi[j] - lo[j];
            dim = j;
        }
    }
    if (!(spread > 0)) return id;  // all points equal: one leaf

    const index_t mid = start + (end - start) / 2;
    std::nth_element(order.begin() + start, order.begin() + mid, order.begin() + end,
                     [data, d, dim](index_t a, index_t b) {
                         return data[a * d + dim] < data[b * d + dim];
                     });
    const index_t left = build(start, mid, order, data);
    const index_t right = build(mid, end, order, data);
    nodes_[id].left = left;
    nodes_[id].right = right;
    return id;
}

template <class T>
void KDTree<T>::search(const double* q, index_t self, index_t k, double* dist, index_t* idx,
                       std::vector<index_t>& stack, std::vector<double>& stack_bound) const {
    const index_t d = d_;
    KnnResult result(dist, idx, k);
    stack.clear();
    stack_bound.clear();
    stack.push_back(0);
    stack_bound.push_back(detail::box_sqdist(q, lo_.data(), hi_.data(), d));
    while (!stack.empty()) {
        const index_t id = stack.back();
        const double bound = stack_bound.back();
        stack.pop_back();
        stack_bound.pop_back();
        if (bound > result.worst()) continue;
        const Node& node = nodes_[id];
        if (node.left < 0) {
            const T* row = points_.data() + node.start * d;
            for (index_t p = node.start; p < node.end; ++p, row += d) {
                const index_t original = ids_[p];
                if (original == self) continue;
                const double dd = detail::sqdist_bounded(q, row, d, result.worst());
                if (result.accepts(dd, original)) result.push(dd, original);
            }
            continue;
        }
        const double bl = detail::box_sqdist(q, lo_.data() + node.left * d, hi_.data() + node.left * d, d);
        const double br = detail::box_sqdist(q, lo_.data() + node.right * d, hi_.data() + node.right * d, d);
        const double worst = result.worst();
        // Push the far child first so the near one is searched first.
        if (bl <= br) {
            if (br <= worst) { stack.push_back(node.right); stack_bound.push_back(br); }
            if (bl <= worst) { stack.push_back(node.left); stack_bound.push_back(bl); }
        } else {
            if (bl <= worst) { stack.push_back(node.left); stack_bound.push_back(bl); }
            if (br <= worst) { stack.push_back(node.right); stack_bound.push_back(br); }
        }
    }
}

template <class T>
template <class Q>
void KDTree<T>::query(const Q* queries, index_t m, index_t k, double* dist, index_t* idx,
                      int n_threads) const {
    if (k < 1 || k > n_) throw std::invalid_argument("k must be in [1, n_samples]");
    const index_t d = d_;
    parallel_chunks(m, 128, n_threads, [&](index_t begin, index_t end) {
        std::vector<double> q(static_cast<size_t>(d));
        std::vector<index_t> stack;
        std::vector<double> stack_bound;
        for (index_t i = begin; i < end; ++i) {
            for (index_t j = 0; j < d; ++j) q[j] = static_cast<double>(queries[i * d + j]);
            search(q.data(), -1, k, dist + i * k, idx + i * k, stack, stack_bound);
        }
    });
}

template <class T>
void KDTree<T>::query_self(index_t k, double* dist, index_t* idx, int n_threads) const {
    if (k < 1 || k > n_ - 1) throw std::invalid_argument("k must be in [1, n_samples - 1]");
    const index_t d = d_;
    // Queries run in leaf order: consecutive queries touch the same leaves.
    parallel_chunks(n_, 128, n_threads, [&](index_t begin, index_t end) {
        std::vector<double> q(static_cast<size_t>(d));
        std::vector<index_t> stack;
        std::vector<double> stack_bound;
        for (index_t p = begin; p < end; ++p) {
            const T* row = points_.data() + p * d;
            for (index_t j = 0; j < d; ++j) q[j] = static_cast<double>(row[j]);
            const index_t original = ids_[p];
            search(q.data(), original, k, dist + original * k, idx + original * k, stack,
                   stack_bound);
        }
    });
}

template class KDTree<float>;
template class KDTree<double>;
template void KDTree<float>::query<float>(const float*, index_t, index_t, double*, index_t*, int) const;
template void KDTree<float>::query<double>(const double*, index_t, index_t, double*, index_t*, int) const;
template void KDTree<double>::query<float>(const float*, index_t, index_t, double*, index_t*, int) const;
template void KDTree<double>::query<double>(const double*, index_t, index_t, double*, index_t*, int) const;

}  // namespace imbfast::core
