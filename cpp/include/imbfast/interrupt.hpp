// Cooperative interruption of long kernels. Nothing here knows about Python: the
// bindings install a check (a plain function) once. parallel_chunks runs every
// kernel loop as a KernelRun: the thread that started the kernel polls the check
// (at most every kInterruptPoll) between chunks and at interruption_point()s inside
// them; once it says stop, every thread abandons its work and parallel_chunks throws
// Interrupted after the join. The outputs are then incomplete and are discarded
// (kernels only write into arrays allocated for the call).
#pragma once

#include <atomic>
#include <chrono>
#include <stdexcept>

namespace imbfast::core {

struct Interrupted : std::runtime_error {
    Interrupted() : std::runtime_error("kernel interrupted") {}
};

// Returns true when the running kernel should stop. Called only from the thread
// that started the kernel; may block briefly (the bindings take the GIL).
using InterruptCheck = bool (*)();

void set_interrupt_check(InterruptCheck check) noexcept;
InterruptCheck interrupt_check() noexcept;

constexpr std::chrono::milliseconds kInterruptPoll{50};

namespace detail {

// One kernel loop's stop state, shared by the threads working on it.
class KernelRun {
   public:
    KernelRun() noexcept
        : check_(interrupt_check()),
          next_(std::chrono::steady_clock::now() + kInterruptPoll) {}

    // The starting thread only: polls the check when it is due.
    void poll() noexcept {
        if (check_ == nullptr || stop_.load(std::memory_order_relaxed)) return;
        const auto now = std::chrono::steady_clock::now();
        if (now < next_) return;
        next_ = now + kInterruptPoll;
        if (check_()) stop_.store(true, std::memory_order_relaxed);
    }
    void request_stop() noexcept { stop_.store(true, std::memory_order_relaxed); }
    bool stopped() const noexcept { return stop_.load(std::memory_order_relaxed); }

   private:
    InterruptCheck check_;
    std::chrono::steady_clock::time_point next_;
    std::atomic<bool> stop_{false};
};

// The run this thread is working on (nullptr outside kernels) and whether this
// thread started it.
inline thread_local KernelRun* tls_run = nullptr;
inline thread_local bool tls_starter = false;
inline thread_local unsigned tls_tick = 0;

// Makes `run` this thread's current run for one chunk; restores the previous one.
class RunScope {
   public:
    RunScope(KernelRun* run, bool starter) noexcept
        : run_(tls_run), starter_(tls_starter) {
        tls_run = run;
        tls_starter = starter;
    }
    ~RunScope() {
        tls_run = run_;
        tls_starter = starter_;
    }
    RunScope(const RunScope&) = delete;
    RunScope& operator=(const RunScope&) = delete;

   private:
    KernelRun* run_;
    bool starter_;
};

}  // namespace detail

// Whether the running kernel should stop: cheap enough for inner loops (a
// thread-local read; the starting thread looks at the clock every 8th call). A
// loop that sees true may return at once with its outputs incomplete.
inline bool interruption_point() noexcept {
    detail::KernelRun* run = detail::tls_run;
    if (run == nullptr) return false;
    if (detail::tls_starter && (++detail::tls_tick & 7U) == 0) run->poll();
    return run->stopped();
}

}  // namespace imbfast::core
