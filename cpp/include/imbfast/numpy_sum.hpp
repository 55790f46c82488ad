// numpy's pairwise summation (npy_pairwise_sum for float64): the order in which
// `np.sum(a, axis=-1)` adds a contiguous row. Kernels that must reproduce numpy's
// sums bit for bit (NearMiss scores, SMOTEN's value-difference distances) use it.
#pragma once

#include "imbfast/common.hpp"

namespace imbfast::core {

inline double numpy_pairwise_sum(const double* a, index_t n) noexcept {
    if (n < 8) {
        double res = -0.0;  // numpy starts at -0.0 so an all -0.0 row sums to -0.0
        for (index_t i = 0; i < n; ++i) res += a[i];
        return res;
    }
    if (n <= 128) {
        double r[8];
        for (int j = 0; j < 8; ++j) r[j] = a[j];
        index_t i = 8;
        for (; i < n - (n % 8); i += 8) {
            for (int j = 0; j < 8; ++j) r[j] += a[i + j];
        }
        double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; ++i) res += a[i];
        return res;
    }
    index_t n2 = n / 2;
    n2 -= n2 % 8;
    return numpy_pairwise_sum(a, n2) + numpy_pairwise_sum(a + n2, n - n2);
}

}  // namespace imbfast::core
