// SMOTE-NC kernels besides the neighbour search (mixed_tree.hpp) and the
// interpolation (interpolation.hpp): the categorical vote and the column variance
// that sizes the category weight. Nothing here knows about Python. Deterministic:
// every random number is drawn by the caller and passed in.
#pragma once

#include <cstdint>

#include "imbfast/common.hpp"

namespace imbfast::core {

// Column variances of the n x d block X as scikit-learn's csr_mean_variance_axis0
// computes them on its CSR form (zeros implicit, corrected two-pass, double
// accumulators in row order). var has d entries.
template <class T>
void csr_like_variance(const T* X, index_t n, index_t d, double* var);

// SMOTE-NC categorical vote for one feature. For new sample i the k neighbours
// of seed rows[i] (nns row) vote with their codes (column f of codes, n x q).
// Each category's score is the value v summed once per vote (in T, in order,
// as numpy sums the one-hot block), and the candidates are the categories whose
// score is np.isclose to the maximum, in ascending category order.
// Pass 1 (choice == nullptr): n_cand[i] = number of candidates.
// Pass 2: with offsets (exclusive prefix sums of n_cand) and perm, the numpy
// permutation of all candidate pairs, choice[i] = the candidate of sample i that
// comes first in the permuted order (imbalanced-learn's random tie-break).
// Pass 2 uses perm's buffer as scratch (its contents are lost) so that it needs
// no second array of n_perm entries; perm must be a permutation of 0..n_perm-1
// (values out of range throw std::invalid_argument).
// score_kind: 0 float32 sums, 1 float64 sums, 2 exact integer sums.
void categorical_vote(const std::int32_t* codes, index_t q, index_t f,
                      index_t n_categories, const index_t* nns, index_t k,
                      const index_t* rows, index_t n_new, double v, int score_kind,
                      std::int64_t* n_cand, const index_t* offsets, index_t* perm,
                      index_t n_perm, std::int32_t* choice, int n_threads);

}  // namespace imbfast::core
