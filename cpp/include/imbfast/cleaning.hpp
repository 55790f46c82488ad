// Kernels for the cleaning samplers. Nothing here knows about Python.
#pragma once

#include "imbfast/common.hpp"

namespace imbfast::core {}  // namespace imbfast::core
