// Squared Euclidean distances, accumulated in double whatever the storage type.
//
// Every distance (box bound or point) is one accumulator summed over the
// dimensions in ascending order, and each step is monotone in its term. Hence a
// box bound never exceeds the distance of a point inside the box and a partial
// sum never exceeds the full sum: pruning and early exit stay exact.
#pragma once

#include <cstdint>

#include "imbfast/common.hpp"

namespace imbfast::core::detail {

// Lower bound of the squared distance from q to the box [lo, hi]. Branch-free:
// per dimension the gap is lo - q, q - hi or 0 (the other term is exactly 0).
inline double box_sqdist(const double* q, const double* lo, const double* hi,
                         index_t d) noexcept {
    double acc = 0;
    for (index_t j = 0; j < d; ++j) {
        const double below = lo[j] - q[j];
        const double above = q[j] - hi[j];
        const double t = (below > 0 ? below : 0.0) + (above > 0 ? above : 0.0);
        acc += t * t;
    }
    return acc;
}

// Squared distances from q to the `cap` points of a leaf block stored
// dimension-major (block[j * cap + p]); cap is a multiple of kLanes. Stops early,
// leaving values > bound, once every point's partial sum exceeds bound.
// Compiled for several instruction sets (chosen at load time); the arithmetic is
// element-wise, so every variant returns the same bits.
void block_sqdist(const double* q, const double* block, index_t cap, index_t d,
                  double bound, double* out) noexcept;
void block_sqdist(const double* q, const float* block, index_t cap, index_t d,
                  double bound, double* out) noexcept;

// Candidate filter for 4 queries against the `cap` points of a leaf block.
// For query u and lane p it evaluates |q|^2 + |x|^2 - 2 q.x - margin (|q|^2 + |x|^2)
// and sets bit (p % 16) of masks[u * (cap / 16) + p / 16] when that is <= thr[u].
// qt is d x 4 (transposed queries), qn the 4 query squared norms, xn the cap
// lane squared norms (+inf on padding). With margin above the rounding error of
// the expansion, every point whose exact squared distance is <= thr[u] passes, so
// the caller computing exact distances for passing lanes loses nothing. The
// bits of the filter may differ between instruction sets; results do not.
void block_filter4(const double* qt, const double* qn, const double* thr,
                   const double* block, const double* xn, index_t cap, index_t d,
                   double margin, std::uint32_t* masks) noexcept;
void block_filter4(const double* qt, const double* qn, const double* thr,
                   const float* block, const double* xn, index_t cap, index_t d,
                   double margin, std::uint32_t* masks) noexcept;

// Exact squared distance from q to lane `lane` of a dimension-major block, with
// the same operation order as block_sqdist (so the same bits).
template <class T>
inline double lane_sqdist(const double* q, const T* block, index_t cap, index_t lane,
                          index_t d) noexcept {
    double acc = 0;
    for (index_t j = 0; j < d; ++j) {
        const double t = q[j] - static_cast<double>(block[j * cap + lane]);
        acc += t * t;
    }
    return acc;
}

// Points per SIMD group; leaf blocks are padded to a multiple of it.
constexpr index_t kLanes = 16;

}  // namespace imbfast::core::detail
