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

// Legacy kernels (the three bindings the Python layer still calls; removed once
// it calls interpolate() through its one wrapper).
namespace legacy {

// out[i] = base[rows[i]] + steps[i] * (nbr[nbr_rows[i]] - base[rows[i]])
// with numpy's arithmetic: the difference in T, the product and sum in double,
// the result cast back to T. base is n_base x d, nbr is n_nbr x d (may alias base),
// out is n_new x d. Indices must already be validated.
template <class T>
void interpolate_plain(const T* base, const T* nbr, index_t d, const index_t* rows,
                       const index_t* nbr_rows, const double* steps, index_t n_new,
                       T* out, int n_threads);

// interpolate() with a per-sample factor on the difference (Borderline-SMOTE-2):
// diff = T(nbr - base); diff = T(double(diff) * scale[i]); out = T(base + step * diff),
// products and sums in double, exactly numpy's `diffs[mask] *= u` then
// `base + steps * diffs`. scale == 1.0 leaves the difference unchanged.
template <class T>
void interpolate_scaled(const T* base, const T* nbr, index_t d, const index_t* rows,
                        const index_t* nbr_rows, const double* steps,
                        const double* scale, index_t n_new, T* out, int n_threads);

// SMOTE interpolation written into columns of a wider output: for new sample i,
// out[i * out_stride + out_cols[j]] = O(T(x + s * T(y - x))) with x = base row
// rows[i], y = base row nbr_rows[i], product and sum in double (the arithmetic of
// interpolate()). Lets SMOTE-NC write its continuous columns straight into the
// final array; O may be wider than T (float32 data in a float64 output).
template <class T, class O>
void interpolate_cols(const T* base, index_t d, const index_t* rows,
                      const index_t* nbr_rows, const double* steps, index_t n_new,
                      O* out, index_t out_stride, const index_t* out_cols,
                      int n_threads);

}  // namespace legacy

}  // namespace imbfast::core
