// SMOTE's interpolation kernel: smote_interpolate, one binding for every SMOTE
// variant (called through python/imbfast/_interpolation.py).
#include "prelude.hpp"

#include <string>

#include "imbfast/interpolation.hpp"

namespace imbfast::bindings {

namespace {

// Raises IndexError (with the GIL held): an index out of range is an error, never a
// crash.
void check_indices(const CArray<index_t>& a, index_t upper, const char* name) {
    const index_t* p = a.data();
    for (py::ssize_t i = 0; i < a.size(); ++i) {
        if (p[i] < 0 || p[i] >= upper)
            throw py::index_error(std::string(name) + " out of range");
    }
}

// out[start + i, cols[j]] = O(T(base[rows[i], j] + steps[i] * T(T(nbr[nbr_rows[i], j] -
// base[rows[i], j]) * scale[i]))), see interpolation.hpp.
template <class T, class O>
void smote_interpolate(const CArray<T>& base, const CArray<T>& nbr,
                       const CArray<index_t>& rows, const CArray<index_t>& nbr_rows,
                       const CArray<double>& steps, CArray<O>& out,
                       const py::object& scale_obj, const py::object& cols_obj,
                       index_t start, int n_threads) {
    check_2d(base, "base");
    check_2d(nbr, "nbr");
    check_2d(out, "out");
    check_1d(rows, "rows");
    check_1d(nbr_rows, "nbr_rows");
    check_1d(steps, "steps");
    const index_t d = base.shape(1), n_new = rows.shape(0), width = out.shape(1);
    if (nbr.shape(1) != d)
        throw py::value_error("base and nbr have different feature counts");
    if (nbr_rows.shape(0) != n_new || steps.shape(0) != n_new) {
        throw py::value_error("rows, nbr_rows and steps must have the same length");
    }
    if (start < 0 || start + n_new > out.shape(0))
        throw py::value_error("rows beyond out");
    const double* up = nullptr;
    CArray<double> scale;
    if (!scale_obj.is_none()) {
        if (!CArray<double>::check_(scale_obj)) {
            throw py::type_error("scale must be a C-contiguous float64 array");
        }
        scale = py::reinterpret_borrow<CArray<double>>(scale_obj);
        check_1d(scale, "scale");
        if (scale.shape(0) != n_new)
            throw py::value_error("scale needs one entry per sample");
        up = scale.data();
    }
    const index_t* cp = nullptr;
    CArray<index_t> cols;
    if (!cols_obj.is_none()) {
        if (!CArray<index_t>::check_(cols_obj)) {
            throw py::type_error("out_cols must be a C-contiguous int64 array");
        }
        cols = py::reinterpret_borrow<CArray<index_t>>(cols_obj);
        check_1d(cols, "out_cols");
        if (cols.shape(0) != d)
            throw py::value_error("out_cols needs one entry per feature");
        check_indices(cols, width, "out_cols");
        cp = cols.data();
    } else if (width != d) {
        throw py::value_error("out must have base's feature count (or pass out_cols)");
    }
    check_indices(rows, base.shape(0), "rows");
    check_indices(nbr_rows, nbr.shape(0), "nbr_rows");
    const T* bp = base.data();
    const T* xp = nbr.data();
    const index_t* rp = rows.data();
    const index_t* np_ = nbr_rows.data();
    const double* sp = steps.data();
    O* op = out.mutable_data() + start * width;
    {
        py::gil_scoped_release release;  // raw pointers only
        core::interpolate(bp, xp, d, rp, np_, sp, up, n_new, op,
                          core::InterpolationOutput{width, cp}, n_threads);
    }
}

template <class T, class O, class... Doc>
void def_interpolate(py::module_& m, const Doc&... doc) {
    m.def("smote_interpolate", &smote_interpolate<T, O>, py::arg("base").noconvert(),
          py::arg("nbr").noconvert(), py::arg("rows").noconvert(),
          py::arg("nbr_rows").noconvert(), py::arg("steps").noconvert(),
          py::arg("out").noconvert(), py::kw_only(), py::arg("scale") = py::none(),
          py::arg("out_cols") = py::none(), py::arg("start") = 0,
          py::arg("n_threads") = 1, doc...);
}

}  // namespace

void bind_interpolation(py::module_& m) {
    def_interpolate<float, float>(
        m,
        "SMOTE interpolation: out[start + i, out_cols[j]] = base[rows[i], j] + "
        "steps[i] "
        "* (nbr[nbr_rows[i], j] - base[rows[i], j]) * scale[i], in numpy's arithmetic "
        "(the difference in the data's dtype, products and sums in float64). "
        "scale=None: no factor; out_cols=None: columns 0..d-1. out may be float64 for "
        "float32 data.");
    def_interpolate<double, double>(m);
    def_interpolate<float, double>(m);
}

}  // namespace imbfast::bindings
