// Kernels for the SMOTE variants (Borderline-SMOTE, ADASYN, SMOTE-NC, SMOTEN).
// Nothing here knows about Python. Deterministic: every random number is drawn
// by the caller (Python, in imbalanced-learn's order) and passed in. Indices are
// validated by the caller.
#pragma once

#include <cstdint>

#include "imbfast/common.hpp"

namespace imbfast::core {

// ind is n x (k+1): the k+1 nearest indexed points of query i, ordered by
// (distance, index). self_idx[i] is the query's own index in the indexed data.
// out (n x k) gets the list without the query itself: its entry removed when
// present, the last column dropped otherwise. Identical to a self-excluding
// k-query ordered by (distance, index).
void strip_self(const index_t* ind, index_t n, index_t k, const index_t* self_idx,
                index_t* out, int n_threads);

// counts[i] = #{j < k : !is_target[nbr[i, j]]}: neighbours of another class.
void count_other_class(const index_t* nbr, index_t n, index_t k, const std::uint8_t* is_target,
                       index_t* counts, int n_threads);

// interpolate() with a per-sample factor on the difference (Borderline-SMOTE-2):
// diff = T(nbr - base); diff = T(double(diff) * scale[i]); out = T(base + step * diff),
// products and sums in double, exactly numpy's `diffs[mask] *= u` then
// `base + steps * diffs`. scale == 1.0 leaves the difference unchanged.
template <class T>
void interpolate_scaled(const T* base, const T* nbr, index_t d, const index_t* rows,
                        const index_t* nbr_rows, const double* steps, const double* scale,
                        index_t n_new, T* out, int n_threads);

// Column variances of the n x d block X as scikit-learn's csr_mean_variance_axis0
// computes them on its CSR form (zeros implicit, corrected two-pass, double
// accumulators in row order). var has d entries.
template <class T>
void csr_like_variance(const T* X, index_t n, index_t d, double* var);

// SMOTE-NC neighbours inside one class: squared distance
// sum_j (cont_a - cont_b)^2 + w * #{f : codes_a[f] != codes_b[f]},
// each row's k nearest other rows (self excluded by index), ordered by
// (distance, index). cont is n x dc, codes is n x q. algorithm: 0 brute force,
// 1 kd-tree on the continuous columns (boxes bound the distance from below),
// -1 the tree from 2,048 rows. Both give the same answer.
template <class T>
void mixed_knn_self(const T* cont, index_t dc, const std::int32_t* codes, index_t q, index_t n,
                    double w, index_t k, index_t* out, int n_threads, int algorithm = -1);

// SMOTE interpolation written into columns of a wider output: for new sample i,
// out[i * out_stride + out_cols[j]] = O(T(x + s * T(y - x))) with x = base row
// rows[i], y = base row nbr_rows[i], product and sum in double (the arithmetic of
// interpolate()). Lets SMOTE-NC write its continuous columns straight into the
// final array; O may be wider than T (float32 data in a float64 output).
template <class T, class O>
void interpolate_cols(const T* base, index_t d, const index_t* rows, const index_t* nbr_rows,
                      const double* steps, index_t n_new, O* out, index_t out_stride,
                      const index_t* out_cols, int n_threads);

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
void categorical_vote(const std::int32_t* codes, index_t q, index_t f, index_t n_categories,
                      const index_t* nns, index_t k, const index_t* rows, index_t n_new,
                      double v, int score_kind, std::int64_t* n_cand, const index_t* offsets,
                      index_t* perm, index_t n_perm, std::int32_t* choice, int n_threads);

}  // namespace imbfast::core
