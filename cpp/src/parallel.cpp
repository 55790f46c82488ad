#include <atomic>

#include "imbfast/common.hpp"
#include "imbfast/interrupt.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace imbfast::core {

namespace {
std::atomic<InterruptCheck> g_interrupt_check{nullptr};
}  // namespace

void set_interrupt_check(InterruptCheck check) noexcept { g_interrupt_check.store(check); }

InterruptCheck interrupt_check() noexcept { return g_interrupt_check.load(); }

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
