// The compiled module imbfast._core: the interrupt hook and the registration of
// every bindings file (prelude.hpp lists them).
#include "prelude.hpp"  // first: Python.h (PyThread_get_thread_ident, PyErr_CheckSignals)

#include <exception>

#include "imbfast/interrupt.hpp"
#include "imbfast/thread_policy.hpp"

namespace py = pybind11;

namespace imbfast::bindings {

namespace {

unsigned long g_main_thread = 0;

// The kernels' interrupt check: a pending signal (Ctrl-C) whose Python handler
// raised. Only the main thread receives signals, so other threads never take the
// GIL here. PyErr_CheckSignals leaves the handler's exception set; the translator
// below lets it propagate once the kernel has unwound.
bool python_interrupt_pending() {
    if (PyThread_get_thread_ident() != g_main_thread) return false;
    py::gil_scoped_acquire gil;
    return PyErr_CheckSignals() != 0;
}

}  // namespace

void bind_runtime(py::module_& m) {
    m.attr("_openmp_enabled") = core::openmp_enabled();
    m.def("max_threads", &core::max_threads,
          "omp_get_max_threads() (honours OMP_NUM_THREADS), or 1 without OpenMP");
    m.def(
        "_work_per_thread",
        [](const py::object& units) {
            const double before = core::work_per_thread();
            if (!units.is_none()) core::set_work_per_thread(units.cast<double>());
            return before;
        },
        py::arg("units") = py::none(),
        "The thread policy's work per added thread (thread_policy.hpp); with units, "
        "set it "
        "(<= 0 restores the default) and return the previous value. For tests.");
}

}  // namespace imbfast::bindings

PYBIND11_MODULE(_core, m, py::mod_gil_not_used()) {
    m.doc() = "imbfast compiled kernels (exact kNN, sample generation)";
    imbfast::bindings::g_main_thread = py::module_::import("threading")
                                           .attr("main_thread")()
                                           .attr("ident")
                                           .cast<unsigned long>();
    imbfast::core::set_interrupt_check(&imbfast::bindings::python_interrupt_pending);
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const imbfast::core::Interrupted&) {
            if (!PyErr_Occurred()) PyErr_SetNone(PyExc_KeyboardInterrupt);
        }
    });
    imbfast::bindings::bind_kdtree(m);
    imbfast::bindings::bind_blas_filter(m);
    imbfast::bindings::bind_interpolation(m);
    imbfast::bindings::bind_neighbour_lists(m);
    imbfast::bindings::bind_smote_nc(m);
    imbfast::bindings::bind_cleaning(m);
    imbfast::bindings::bind_value_difference_metric(m);
    imbfast::bindings::bind_runtime(m);
}
