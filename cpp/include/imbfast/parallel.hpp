// parallel_chunks over [0, n) with OpenMP, serial without it. How many threads a
// kernel asks for is decided by thread_policy.hpp.
// No exception escapes the parallel region: the first one is captured and
// rethrown once the region has joined. Between chunks the calling thread polls for
// an interrupt (interrupt.hpp); on one, the remaining chunks are skipped and
// Interrupted is thrown after the join.
#pragma once

#include <algorithm>
#include <atomic>
#include <exception>

#include "imbfast/common.hpp"
#include "imbfast/interrupt.hpp"
#include "imbfast/thread_policy.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace imbfast::core {

// Calls fn(begin, end) for consecutive chunks of at most `chunk` items.
// Chunks are handed out dynamically, so uneven work (clustered queries) balances.
// Runs serially when n_threads <= 1 or when there is only one chunk.
template <class Fn>
void parallel_chunks(index_t n, index_t chunk, int n_threads, Fn&& fn) {
    if (n <= 0) return;
    chunk = std::max<index_t>(chunk, 1);
    const index_t n_chunks = (n + chunk - 1) / chunk;
    detail::KernelRun run;
#ifdef _OPENMP
    if (n_threads > 1 && n_chunks > 1) {
        const int threads = static_cast<int>(std::min<index_t>(n_threads, n_chunks));
        std::exception_ptr error = nullptr;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
        for (index_t c = 0; c < n_chunks; ++c) {
            if (run.stopped()) continue;
            const index_t begin = c * chunk;
            const index_t end = std::min(n, begin + chunk);
            // The team's thread 0 is the thread that started the kernel.
            const bool starter = omp_get_thread_num() == 0;
            detail::RunScope scope(&run, starter);
            if (starter) run.poll();
            try {
                if (!run.stopped()) fn(begin, end);
            } catch (...) {
#pragma omp critical(imbfast_error)
                if (!error) error = std::current_exception();
                run.request_stop();
            }
        }
        if (error) std::rethrow_exception(error);
        if (run.stopped()) throw Interrupted();
        return;
    }
#else
    (void)n_threads;
#endif
    detail::RunScope scope(&run, true);
    for (index_t c = 0; c < n_chunks; ++c) {
        run.poll();
        if (run.stopped()) throw Interrupted();
        const index_t begin = c * chunk;
        fn(begin, std::min(n, begin + chunk));
    }
    if (run.stopped()) throw Interrupted();
}

}  // namespace imbfast::core
