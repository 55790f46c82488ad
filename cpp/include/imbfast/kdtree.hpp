// Exact k-nearest-neighbour search with a kd-tree.
//
// Build: median split on the dimension of widest spread, exact bounding box per
// node, points copied once into leaf order (in their own dtype) so a leaf is one
// contiguous block. Query: depth-first, nearer child first, box lower bounds for
// pruning, partial-distance early exit. Distances are squared and accumulated in
// double; ties are broken by the smaller original index.
#pragma once

#include <vector>

#include "imbfast/common.hpp"

namespace imbfast::core {

template <class T>
class KDTree {
   public:
    // data: n x d, C-contiguous. The tree keeps its own reordered copy.
    KDTree(const T* data, index_t n, index_t d, index_t leaf_size);

    index_t n_samples() const noexcept { return n_; }
    index_t n_features() const noexcept { return d_; }
    index_t leaf_size() const noexcept { return leaf_size_; }
    index_t n_nodes() const noexcept { return static_cast<index_t>(nodes_.size()); }

    // k nearest indexed points of each of the m query rows (m x d, C-contiguous).
    // Writes squared distances and indices, m x k, each row ascending.
    // Requires 1 <= k <= n.
    template <class Q>
    void query(const Q* queries, index_t m, index_t k, double* dist, index_t* idx,
               int n_threads) const;

    // For every indexed point, its k nearest *other* indexed points (self is
    // excluded by index, so duplicates are handled). Requires 1 <= k <= n - 1.
    void query_self(index_t k, double* dist, index_t* idx, int n_threads) const;

   private:
    struct Node {
        index_t start;  // range in leaf order
        index_t end;
        index_t left;   // child nodes, -1 for a leaf
        index_t right;
    };

    index_t build(index_t start, index_t end, std::vector<index_t>& order, const T* data);
    void search(const double* q, index_t self, index_t k, double* dist, index_t* idx,
                std::vector<index_t>& stack, std::vector<double>& stack_bound) const;

    index_t n_;
    index_t d_;
    index_t leaf_size_;
    std::vector<Node> nodes_;
    std::vector<double> lo_;   // n_nodes x d box lower corners
    std::vector<double> hi_;   // n_nodes x d box upper corners
    std::vector<T> points_;    // n x d in leaf order
    std::vector<index_t> ids_; // leaf position -> original index
};

extern template class KDTree<float>;
extern template class KDTree<double>;

}  // namespace imbfast::core
