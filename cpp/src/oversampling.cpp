#include "imbfast/oversampling.hpp"

namespace imbfast::core {}  // namespace imbfast::core
