// SMOTEN kernels: the value difference metric (VDM) of imbalanced-learn's
// ValueDifferenceMetric (k=1, r=2), its nearest neighbours inside a class without
// an n x n distance matrix, and the per-feature mode vote of the neighbours.
// Nothing here knows about Python. Inputs are validated by the caller: every code
// of feature f lies in [0, n_categories[f]), every index is in range.
#pragma once

#include <cstdint>

#include "imbfast/common.hpp"

namespace imbfast::core {

// The class-probability tables of the VDM, all features stacked.
// Rows cat_offsets[f] .. cat_offsets[f+1]-1 belong to feature f (one row per
// category); proba is cat_offsets[n_features] x n_classes, row-major.
struct VdmTable {
    const double* proba;
    const index_t* cat_offsets;  // n_features + 1 prefix sums of the category counts
    index_t n_features;
    index_t n_classes;
};

// proba[cat_offsets[f] + a, c] = #{i : codes[i, f] == a, labels[i] == c} / #{i :
// codes[i, f] == a} (0 for a category no row has), as imbalanced-learn's bincount / row
// sum with nan_to_num. codes is n x n_features, labels are class indices in [0,
// n_classes).
void vdm_class_probabilities(const std::int32_t* codes, index_t n,
                             const index_t* labels, const index_t* cat_offsets,
                             index_t n_features, index_t n_classes, double* proba);

// VDM distance of two rows, bit-equal to imbalanced-learn's
// ValueDifferenceMetric.pairwise: sum over features in order (starting from 0.0) of
// (numpy pairwise sum over classes of |p_a[c] - p_b[c]|)^2.
//
// For each query rows[i] (an index into the n rows of codes) writes its
// n_neighbors nearest rows to out[i, :]: the query itself first, then the
// n_neighbors - 1 nearest other rows ordered by (distance, index), so equal
// distances go to the smaller index. Needs 1 <= n_neighbors <= n.
void vdm_kneighbors(const VdmTable& vdm, const std::int32_t* codes, index_t n,
                    const index_t* rows, index_t n_rows, index_t n_neighbors,
                    index_t* out, int n_threads);

// The full n x n VDM distance matrix of the rows of codes (row-major), for
// neighbour estimators that need metric="precomputed".
void vdm_pairwise(const VdmTable& vdm, const std::int32_t* codes, index_t n,
                  double* out, int n_threads);

// Per-feature mode of neighbour codes: out[i, f] is the most frequent value of
// codes[nbrs[i, j], f] over j < width, the smallest code on ties
// (scipy.stats.mode). codes has n_features columns; out is n_rows x n_features.
void neighbour_mode(const std::int32_t* codes, index_t n_features, const index_t* nbrs,
                    index_t n_rows, index_t width, std::int32_t* out, int n_threads);

}  // namespace imbfast::core
