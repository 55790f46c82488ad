// Squared Euclidean distance, accumulated in double whatever the storage type.
// The same four-accumulator order is used for box bounds and points, and every
// step is monotone in its terms, so a box bound never exceeds the distance of a
// point inside the box and a partial sum never exceeds the full sum. That keeps
// pruning and early exit exact.
#pragma once

#include "imbfast/common.hpp"

namespace imbfast::core::detail {

// Full squared distance between query q (double) and row p (T).
template <class T>
inline double sqdist(const double* q, const T* p, index_t d) noexcept {
    double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    index_t j = 0;
    for (; j + 4 <= d; j += 4) {
        const double t0 = q[j] - static_cast<double>(p[j]);
        const double t1 = q[j + 1] - static_cast<double>(p[j + 1]);
        const double t2 = q[j + 2] - static_cast<double>(p[j + 2]);
        const double t3 = q[j + 3] - static_cast<double>(p[j + 3]);
        a0 += t0 * t0;
        a1 += t1 * t1;
        a2 += t2 * t2;
        a3 += t3 * t3;
    }
    if (j < d) { const double t = q[j] - static_cast<double>(p[j]); a0 += t * t; ++j; }
    if (j < d) { const double t = q[j] - static_cast<double>(p[j]); a1 += t * t; ++j; }
    if (j < d) { const double t = q[j] - static_cast<double>(p[j]); a2 += t * t; }
    return (a0 + a1) + (a2 + a3);
}

// Squared distance that may stop early: returns a value > bound whenever the
// full distance is > bound, and the exact full distance otherwise.
template <class T>
inline double sqdist_bounded(const double* q, const T* p, index_t d, double bound) noexcept {
    double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    index_t j = 0;
    for (; j + 4 <= d; j += 4) {
        const double t0 = q[j] - static_cast<double>(p[j]);
        const double t1 = q[j + 1] - static_cast<double>(p[j + 1]);
        const double t2 = q[j + 2] - static_cast<double>(p[j + 2]);
        const double t3 = q[j + 3] - static_cast<double>(p[j + 3]);
        a0 += t0 * t0;
        a1 += t1 * t1;
        a2 += t2 * t2;
        a3 += t3 * t3;
        if ((j & 15) == 12 && (a0 + a1) + (a2 + a3) > bound) return (a0 + a1) + (a2 + a3);
    }
    if (j < d) { const double t = q[j] - static_cast<double>(p[j]); a0 += t * t; ++j; }
    if (j < d) { const double t = q[j] - static_cast<double>(p[j]); a1 += t * t; ++j; }
    if (j < d) { const double t = q[j] - static_cast<double>(p[j]); a2 += t * t; }
    return (a0 + a1) + (a2 + a3);
}

// Lower bound of the squared distance from q to the box [lo, hi].
inline double box_sqdist(const double* q, const double* lo, const double* hi, index_t d) noexcept {
    double a[4] = {0, 0, 0, 0};
    for (index_t j = 0; j < d; ++j) {
        double t = 0;
        if (q[j] < lo[j]) {
            t = lo[j] - q[j];
        } else if (q[j] > hi[j]) {
            t = q[j] - hi[j];
        }
        a[j & 3] += t * t;
    }
    return (a[0] + a[1]) + (a[2] + a[3]);
}

}  // namespace imbfast::core::detail
