// Shared types for the imbfast kernels. Nothing here knows about Python.
#pragma once

#include <cstdint>

namespace imbfast::core {

// Indices cross to numpy as int64 (numpy intp on 64-bit platforms).
using index_t = std::int64_t;

// Whether the kernels were compiled with OpenMP.
bool openmp_enabled() noexcept;

// omp_get_max_threads() when compiled with OpenMP (honours OMP_NUM_THREADS), else 1.
int max_threads() noexcept;

}  // namespace imbfast::core
