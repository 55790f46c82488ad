#include "imbfast/common.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace imbfast::core {

bool openmp_enabled() noexcept {
#ifdef _OPENMP
    return true;
#else
    return false;
#endif
}

int max_threads() noexcept {
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

}  // namespace imbfast::core
