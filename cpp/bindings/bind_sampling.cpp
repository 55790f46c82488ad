#include "imbfast/sampling.hpp"
#include "numpy.hpp"

namespace imbfast::bindings {

namespace {

template <class T>
void interpolate(const CArray<T>& base, const CArray<T>& nbr, const CArray<index_t>& rows,
                 const CArray<index_t>& nbr_rows, const CArray<double>& steps, CArray<T>& out,
                 int n_threads) {
    check_2d(base, "base");
    check_2d(nbr, "nbr");
    check_2d(out, "out");
    check_1d(rows, "rows");
    check_1d(nbr_rows, "nbr_rows");
    check_1d(steps, "steps");
    const index_t d = base.shape(1), n_new = rows.shape(0);
    if (nbr.shape(1) != d || out.shape(1) != d) throw py::value_error("feature counts differ");
    if (nbr_rows.shape(0) != n_new || steps.shape(0) != n_new || out.shape(0) != n_new) {
        throw py::value_error("rows, nbr_rows, steps and out must have the same length");
    }
    // Bounds check with the GIL held: an index out of range is an error, never a crash.
    const index_t nb = base.shape(0), nn = nbr.shape(0);
    const index_t* rp = rows.data();
    const index_t* np_ = nbr_rows.data();
    for (index_t i = 0; i < n_new; ++i) {
        if (rp[i] < 0 || rp[i] >= nb || np_[i] < 0 || np_[i] >= nn) {
            throw py::index_error("sample index out of range");
        }
    }
    const T* bp = base.data();
    const T* xp = nbr.data();
    const double* sp = steps.data();
    T* op = out.mutable_data();
    {
        py::gil_scoped_release release;  // raw pointers only
        core::interpolate(bp, xp, d, rp, np_, sp, n_new, op, n_threads);
    }
}

}  // namespace

void bind_sampling(py::module_& m) {
    m.def("interpolate", &interpolate<float>, py::arg("base").noconvert(), py::arg("nbr").noconvert(),
          py::arg("rows").noconvert(), py::arg("nbr_rows").noconvert(), py::arg("steps").noconvert(),
          py::arg("out").noconvert(), py::arg("n_threads") = 1,
          "out[i] = base[rows[i]] + steps[i] * (nbr[nbr_rows[i]] - base[rows[i]])");
    m.def("interpolate", &interpolate<double>, py::arg("base").noconvert(), py::arg("nbr").noconvert(),
          py::arg("rows").noconvert(), py::arg("nbr_rows").noconvert(), py::arg("steps").noconvert(),
          py::arg("out").noconvert(), py::arg("n_threads") = 1);
}

}  // namespace imbfast::bindings
