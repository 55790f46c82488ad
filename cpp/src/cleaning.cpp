#include "imbfast/cleaning.hpp"

namespace imbfast::core {}  // namespace imbfast::core
