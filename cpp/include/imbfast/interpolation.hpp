// SMOTE's interpolation kernel, shared by every SMOTE variant (SMOTE, ADASYN,
// Borderline-SMOTE, SVM-SMOTE, K-means SMOTE, SMOTE-NC's continuous columns).
// Nothing here knows about Python. Deterministic: every random number (the seed
// rows, their neighbours, the steps) is drawn by the caller and passed in.
#pragma once

#include "imbfast/common.hpp"

namespace imbfast::core {

// New sample i interpolates between x = base row rows[i] and y = nbr row
// nbr_rows[i] with step s = steps[i]:
//
//   diff = T(y - x)
//   diff = T(double(diff) * scale[i])     only when scale != nullptr and scale[i] != 1
//   out  = O(T(double(x) + s * double(diff)))
//
// which is numpy's arithmetic for `base + steps * diffs` (Borderline-SMOTE-2's
// `diffs[mask] *= u` first): differences in T, products and sums in double, the
// result cast back to T (and then to O, which may be wider: float32 data written
// into a float64 output). The caller builds with -ffp-contract=off (no FMA), so
// the result equals numpy's bit for bit.
//
// Output: value j of sample i goes to out[i * out_stride + col(j)], with
// col(j) = out_cols[j] (a column scatter, e.g. SMOTE-NC's continuous columns of
// the final array) or j when out_cols is nullptr. base is n_base x d, nbr is
// n_nbr x d (it may alias base); every index is validated by the caller.
struct InterpolationOutput {
    index_t stride;  // values between consecutive output rows (>= d without out_cols)
    const index_t* cols;  // d output columns, or nullptr for 0 .. d-1
};

template <class T, class O>
void interpolate(const T* base, const T* nbr, index_t d, const index_t* rows,
                 const index_t* nbr_rows, const double* steps, const double* scale,
                 index_t n_new, O* out, InterpolationOutput layout, int n_threads);

}  // namespace imbfast::core
