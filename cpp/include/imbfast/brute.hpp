// Exact brute-force k-nearest neighbours: direct differences (no ||x||^2 + ||y||^2
// - 2xy expansion), so distances are exact sums and equal to the kd-tree's.
// Used where a tree cannot prune: tiny n, k close to n, very high dimension.
#pragma once

#include "imbfast/common.hpp"

namespace imbfast::core {

// k nearest rows of data (n x d) for each query row (m x d). 1 <= k <= n.
template <class T, class Q>
void brute_query(const T* data, index_t n, index_t d, const Q* queries, index_t m, index_t k,
                 double* dist, index_t* idx, int n_threads);

// For every row of data, its k nearest other rows (self excluded by index). 1 <= k <= n - 1.
template <class T>
void brute_query_self(const T* data, index_t n, index_t d, index_t k, double* dist, index_t* idx,
                      int n_threads);

}  // namespace imbfast::core
