// Exact k-nearest-neighbour search: a kd-tree, or a flat blocked scan (brute force).
//
// Build (tree): median split on the dimension of widest spread, exact bounding box
// per node. Build (flat): consecutive blocks of leaf_size rows in input order,
// each with its bounding box. Either way the points are copied once, in their own
// dtype, into dimension-major leaf blocks padded to a SIMD multiple, so a leaf is
// scanned with element-wise vector code.
// Query: depth-first, nearer child first, box lower bounds for pruning, early exit
// inside a block; for k of at least an eighth of the points (and 64), every
// distance is computed and the k smallest selected. Distances are squared and
// accumulated in double; ties go to the smaller original index, so answers are
// identical for any thread count.
#pragma once

#include <utility>
#include <vector>

#include "imbfast/common.hpp"

namespace imbfast::core {

// The original rows behind a projected tree (see KDTreeParams): n x d, one of
// f64 / f32 set; they must outlive the tree.
struct ExactRows {
    const double* f64 = nullptr;
    const float* f32 = nullptr;
    index_t d = 0;
    const double* center = nullptr;  // d values (nullptr = the origin), copied
};

// Everything a tree is built from besides its points. A tree never changes once
// built, so one tree may be queried from many threads at once.
struct KDTreeParams {
    index_t leaf_size = 32;
    // true: the brute-force layout (blocks of leaf_size rows in input order, no
    // tree), searched in batches that skip only blocks whose boxes are too far.
    bool flat = false;
    // Threads for the build (the same tree for any count; see thread_policy.hpp).
    int n_threads = 1;
    // Projected tree: the indexed points are the caller's rows minus `center`
    // times an orthonormal basis (e.g. of their principal subspace), so projected
    // distances never exceed original ones beyond rounding, and `exact` holds the
    // original rows. Projected distances then only prune and filter, relaxed by a
    // rounding slack (relax()); every distance and tie kept is computed from the
    // original rows, so answers are bit-identical to an unprojected tree's.
    // center only sizes the rounding slack. exact.d == 0: not projected.
    ExactRows exact{};
};

template <class T>
class KDTree {
   public:
    // data: n x d, C-contiguous, copied (the tree does not keep the pointer).
    KDTree(const T* data, index_t n, index_t d, const KDTreeParams& params);

    index_t n_samples() const noexcept { return n_; }
    index_t n_features() const noexcept { return d_; }
    index_t leaf_size() const noexcept { return leaf_size_; }
    index_t n_nodes() const noexcept {
        return static_cast<index_t>(nodes_.size());
    }  // incl. unused ids
    bool flat() const noexcept { return flat_; }

    // k nearest indexed points of each of the m query rows (m x d, C-contiguous).
    // Writes squared distances and indices, m x k, each row ascending. 1 <= k <= n.
    // A projected tree also needs the queries' original rows (m x exact_features).
    template <class Q>
    void query(const Q* queries, index_t m, index_t k, double* dist, index_t* idx,
               int n_threads, const double* exact_queries = nullptr) const;

    bool projected() const noexcept { return exact_d_ > 0; }
    index_t exact_features() const noexcept { return projected() ? exact_d_ : d_; }

    // For every indexed point, its k nearest *other* indexed points (self excluded
    // by index, so duplicates are handled). 1 <= k <= n - 1.
    void query_self(index_t k, double* dist, index_t* idx, int n_threads) const;

   private:
    struct Node {
        index_t start;  // range of leaf-order positions
        index_t end;
        index_t left;  // children, -1 for a leaf
        index_t right;
        index_t block;  // leaves: offset of the dimension-major block in blocks_
        index_t cap;    // leaves: padded block width
    };
    struct Scratch;

    void build_tree(index_t id, index_t start, index_t end, index_t* order,
                    std::pair<T, index_t>* keys, const T* data, int spawn) noexcept;
    void set_node(index_t id, index_t start, index_t end, const index_t* order,
                  const T* data) noexcept;
    void fill_blocks(const std::vector<index_t>& order, const T* data);
    // Batch scans filter with dot products first (needs per-lane norms).
    void enable_dot_filter();
    // Projected trees: keeps the original rows, sizes the rounding slack.
    void init_exact(const ExactRows& exact);
    // Work units of m queries (thread_policy.hpp).
    double query_work(index_t m) const noexcept;
    // Whether k is so large a share of the points that every distance is computed
    // and the k smallest selected (select_all) instead of searching.
    bool wide_k(index_t k) const noexcept;
    // k nearest points of query q (qx: original row, projected trees), self
    // excluded, from every distance; all is scratch.
    void select_all(const double* q, const double* qx, index_t self, index_t k,
                    double* dist, index_t* idx,
                    std::vector<std::pair<double, index_t>>& all) const;
    // Depth-first traversal, nearer child first: bound(id) is a node's lower
    // bound, worst() the current pruning radius, leaf(id) scans a leaf.
    template <class Bound, class Worst, class Leaf>
    void depth_first(Scratch& s, Bound&& bound, Worst&& worst, Leaf&& leaf) const;
    // q: the query in tree coordinates; qx: its original row (projected trees).
    // seeds: n_seeds indexed points tried first (projected trees only).
    void search(const double* q, const double* qx, index_t self, index_t k,
                double* dist, index_t* idx, Scratch& scratch,
                const index_t* seeds = nullptr, index_t n_seeds = 0) const;
    // Searches for a batch of cnt queries (cnt x d, row-major) at once: a node is
    // skipped only when its box is farther from the batch's box than every
    // query's current k-th distance, and each visited leaf block is scanned for
    // all queries while it is in cache. self[i] is excluded (-1: none). qxs: the
    // original rows (cnt x exact_d), projected trees only.
    void search_batch(const double* qs, const double* qxs, index_t cnt,
                      const index_t* self, index_t k, double* const* dist,
                      index_t* const* idx, Scratch& scratch) const;
    // Squared distance between original row qx and indexed point i (original rows).
    double exact_sqdist(const double* qx, index_t i) const noexcept;
    // Threshold on projected distances that admits every point whose exact squared
    // distance is <= w (w itself when not projected); qnorm = |query|.
    double relax(double w, double qnorm) const noexcept;
    // |qx - center|, rounded up (projected trees).
    double centred_norm(const double* qx) const noexcept;

    index_t n_;
    index_t d_;
    index_t leaf_size_;
    bool flat_;
    std::vector<Node> nodes_;
    index_t max_cap_ = 0;          // widest leaf block
    std::vector<index_t> leaves_;  // leaf node ids in position order
    std::vector<double> lo_;       // n_nodes x d box lower corners
    std::vector<double> hi_;       // n_nodes x d box upper corners
    std::vector<T> blocks_;        // leaf blocks, dimension-major, padded with +inf
    std::vector<index_t> ids_;     // leaf-order position -> original index
    std::vector<double> norms_;    // leaf-order position -> squared norm (dot filter)
    bool use_dot_ = false;         // batch scans filter with dot products first
    const float* exact32_ = nullptr;  // projected trees: original rows, one of these
    const double* exact64_ = nullptr;
    index_t exact_d_ = 0;
    double exact_norm_ = 0;  // largest |x - center| over original rows (rounded up)
    std::vector<double> center_;  // projection centre (original coordinates)
};

extern template class KDTree<float>;
extern template class KDTree<double>;

// One-shot brute force: k nearest rows of data for each query row.
template <class T, class Q>
void brute_query(const T* data, index_t n, index_t d, const Q* queries, index_t m,
                 index_t k, double* dist, index_t* idx, int n_threads);

// One-shot brute-force self-query (self excluded by index).
template <class T>
void brute_query_self(const T* data, index_t n, index_t d, index_t k, double* dist,
                      index_t* idx, int n_threads);

}  // namespace imbfast::core
