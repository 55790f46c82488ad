// SMOTE-NC's neighbour search under the mixed distance (squared Euclidean on the
// continuous columns plus a weight per differing categorical column): brute force
// or a kd-tree over the continuous columns whose nodes also bound the categorical
// part. Nothing here knows about Python.
#pragma once

#include <cstdint>

#include "imbfast/common.hpp"

namespace imbfast::core {

// SMOTE-NC neighbours inside one class: squared distance
// sum_j (cont_a - cont_b)^2 + w * #{f : codes_a[f] != codes_b[f]},
// each row's k nearest other rows (self excluded by index), ordered by
// (distance, index). cont is n x dc, codes is n x q. algorithm: 0 brute force,
// 1 kd-tree on the continuous columns (boxes bound the distance from below),
// -1 the tree from 2,048 rows. Both give the same answer.
template <class T>
void mixed_knn_self(const T* cont, index_t dc, const std::int32_t* codes, index_t q,
                    index_t n, double w, index_t k, index_t* out, int n_threads,
                    int algorithm = -1);

}  // namespace imbfast::core
