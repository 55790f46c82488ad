// Squared Euclidean distances, accumulated in double whatever the storage type.
//
// Every distance (box bound or point) is one accumulator summed over the
// dimensions in ascending order, and each step is monotone in its term. Hence a
// box bound never exceeds the distance of a point inside the box and a partial
// sum never exceeds the full sum: pruning and early exit stay exact.
#pragma once

#include "imbfast/common.hpp"

namespace imbfast::core::detail {

// Lower bound of the squared distance from q to the box [lo, hi].
inline double box_sqdist(const double* q, const double* lo, const double* hi, index_t d) noexcept {
    double acc = 0;
    for (index_t j = 0; j < d; ++j) {
        double t = 0;
        if (q[j] < lo[j]) {
            t = lo[j] - q[j];
        } else if (q[j] > hi[j]) {
            t = q[j] - hi[j];
        }
        acc += t * t;
    }
    return acc;
}

// Squared distances from q to the `cap` points of a leaf block stored
// dimension-major (block[j * cap + p]); cap is a multiple of kLanes. Stops early,
// leaving values > bound, once every point's partial sum exceeds bound.
// Compiled for several instruction sets (chosen at load time); the arithmetic is
// element-wise, so every variant returns the same bits.
void block_sqdist(const double* q, const double* block, index_t cap, index_t d, double bound,
                  double* out) noexcept;
void block_sqdist(const double* q, const float* block, index_t cap, index_t d, double bound,
                  double* out) noexcept;

// Points per SIMD group; leaf blocks are padded to a multiple of it.
constexpr index_t kLanes = 8;

}  // namespace imbfast::core::detail
