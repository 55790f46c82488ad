#include "numpy.hpp"

namespace py = pybind11;

namespace imbfast::bindings {
void bind_smoten(py::module_& m);  // SMOTEN (bind_smoten.cpp)
}  // namespace imbfast::bindings

PYBIND11_MODULE(_core, m, py::mod_gil_not_used()) {
    m.doc() = "imbfast compiled kernels (exact kNN, sample generation)";
    imbfast::bindings::bind_neighbors(m);
    imbfast::bindings::bind_sampling(m);
    imbfast::bindings::bind_oversampling(m);
    imbfast::bindings::bind_cleaning(m);
    imbfast::bindings::bind_smoten(m);
    m.attr("_openmp_enabled") = imbfast::core::openmp_enabled();
    m.def("max_threads", &imbfast::core::max_threads,
          "omp_get_max_threads() (honours OMP_NUM_THREADS), or 1 without OpenMP");
}
