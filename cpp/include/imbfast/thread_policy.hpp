// The one rule that decides how many threads a kernel uses.
//
// Python passes only the user's cap (n_jobs resolved by imbfast._threads); every
// kernel estimates its work and asks threads_for(). Work is counted in units of
// one value touched by the innermost loop (one coordinate of one distance, one
// copied or compared value), so one unit is a few nanoseconds.
//
// Waking a team of OpenMP threads costs tens of microseconds on an idle machine
// and milliseconds on a loaded one (threads spin-wait; see the toolchain notes:
// 2 threads 7.9 ms against 0.35 ms for 1 on a busy 2-core machine). A thread is
// therefore added only for each kWorkPerThread units (about a millisecond of
// work): a kernel with less than 2 * kWorkPerThread runs serially.
//
// Results never depend on the count: every kernel writes disjoint outputs per
// item, reductions are per item, and ties are broken by index.
#pragma once

#include <algorithm>
#include <limits>

#include "imbfast/common.hpp"

namespace imbfast::core {

constexpr double kWorkPerThread = 1 << 20;

// The value in force: kWorkPerThread unless a test lowered it (to run small inputs
// on several threads and check that answers do not change).
double work_per_thread() noexcept;
void set_work_per_thread(double units) noexcept;

// a x b (x c) work units, saturating instead of overflowing.
constexpr double work_units(index_t a, index_t b, index_t c = 1) noexcept {
    return static_cast<double>(a) * static_cast<double>(b) * static_cast<double>(c);
}

// Threads for `work` units under the cap: floor(work / kWorkPerThread), at least
// one, at most cap.
inline int threads_for(double work, int cap) noexcept {
    if (cap <= 1) return 1;
    const double fit = work / work_per_thread();
    if (!(fit >= 2.0)) return 1;
    return fit >= static_cast<double>(cap) ? cap : static_cast<int>(fit);
}

}  // namespace imbfast::core
