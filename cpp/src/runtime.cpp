// Run-time state of the kernels: the interrupt hook, the thread policy's
// threshold and what the build contains (OpenMP).
#include <atomic>

#include "imbfast/common.hpp"
#include "imbfast/interrupt.hpp"
#include "imbfast/thread_policy.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace imbfast::core {

namespace {
std::atomic<InterruptCheck> g_interrupt_check{nullptr};
std::atomic<double> g_work_per_thread{kWorkPerThread};
}  // namespace

double work_per_thread() noexcept {
    return g_work_per_thread.load(std::memory_order_relaxed);
}

void set_work_per_thread(double units) noexcept {
    g_work_per_thread.store(units > 0 ? units : kWorkPerThread,
                            std::memory_order_relaxed);
}

void set_interrupt_check(InterruptCheck check) noexcept {
    g_interrupt_check.store(check);
}

InterruptCheck interrupt_check() noexcept {
    return g_interrupt_check.load();
}

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
