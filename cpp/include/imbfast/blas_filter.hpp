// The exact half of brute force through a BLAS filter (python/imbfast/neighbors.py,
// _gemm_knn): Python multiplies a block of centred queries by the centred indexed
// rows with one BLAS product; this kernel turns each row of that product into the
// exact k nearest neighbours. Nothing here knows about Python; shapes and values
// are validated by the caller.
#pragma once

#include "imbfast/common.hpp"

namespace imbfast::core {

// For each query r of a block of m queries against n indexed rows:
//
// * filter values a[j] = xn[j] - 2 * prod[r * n + j] (in double; prod is float32 or
//   float64), an approximation of |q_r - x_j|^2 - |q_r|^2; column self_index[r] is
//   skipped when self_index is given (a self-query's own row);
// * candidates: the j with a[j] <= a_k + margin[r], a_k the k-th smallest a. With
//   margin[r] at least twice the caller's bound on |a[j] - (exact - |q_r|^2)|
//   (including the exact distances' own rounding) every one of the k nearest is a
//   candidate;
// * the candidates' exact squared distances, computed as the kd-tree computes them
//   (the query and the row converted to double, differences in double, squares summed
//   in feature order), and the k smallest by (distance, index) written, ascending,
//   to dist and ind (m x k).
//
// counts[r] is the number of candidates, or max_candidates + 1 when there are more;
// a row with fewer than k or more than max_candidates candidates is not written (the
// caller answers it another way, e.g. with a tighter filter).
template <class P, class T>
void refine_candidates(const P* prod, index_t m, index_t n, const double* xn,
                       const double* margin, const T* queries, const T* X, index_t d,
                       index_t k, const index_t* self_index, index_t max_candidates,
                       double* dist, index_t* ind, index_t* counts, int n_threads);

}  // namespace imbfast::core
