// refine_candidates: the exact half of brute force through a BLAS filter.
#include "prelude.hpp"

#include <cmath>
#include <tuple>
#include <utility>

#include "imbfast/blas_filter.hpp"

namespace imbfast::bindings {

namespace {

using Refined = std::tuple<CArray<double>, CArray<index_t>, CArray<index_t>>;

template <class P, class T>
Refined refine_candidates(const CArray<P>& prod, const CArray<double>& xn,
                          const CArray<double>& margin, const CArray<T>& queries,
                          const CArray<T>& X, index_t k, index_t max_candidates,
                          const py::object& self_index, int n_threads) {
    check_2d(prod, "prod");
    check_1d(xn, "xn");
    check_1d(margin, "margin");
    check_2d(queries, "queries");
    check_2d(X, "X");
    const index_t m = prod.shape(0), n = prod.shape(1), d = X.shape(1);
    if (X.shape(0) != n || xn.shape(0) != n)
        throw py::value_error(
            "prod, xn and X must have one column / entry per row of X");
    if (queries.shape(0) != m || margin.shape(0) != m)
        throw py::value_error(
            "queries and margin must have one row / entry per row of prod");
    if (queries.shape(1) != d)
        throw py::value_error("queries and X must have the same number of features");
    CArray<index_t> self_arr;
    const index_t* sp = nullptr;
    if (!self_index.is_none()) {
        if (!CArray<index_t>::check_(self_index))
            throw py::type_error(
                "self_index must be a C-contiguous int64 array or None");
        self_arr = py::reinterpret_borrow<CArray<index_t>>(self_index);
        check_1d(self_arr, "self_index");
        if (self_arr.shape(0) != m)
            throw py::value_error("self_index must have one entry per row of prod");
        sp = self_arr.data();
        for (index_t r = 0; r < m; ++r) {
            if (sp[r] < 0 || sp[r] >= n)
                throw py::index_error("self_index out of range");
        }
    }
    const index_t usable = n - (sp != nullptr ? 1 : 0);
    if (k < 1 || k > usable) throw py::value_error("k must be in [1, n_usable_rows]");
    if (max_candidates < k) throw py::value_error("max_candidates must be >= k");
    const double* mp = margin.data();
    for (index_t r = 0; r < m; ++r) {
        if (!(mp[r] >= 0.0) || !std::isfinite(mp[r]))
            throw py::value_error("margin must be finite and >= 0");
    }
    auto dist = empty_2d<double>(m, k);
    auto ind = empty_2d<index_t>(m, k);
    CArray<index_t> counts(static_cast<py::ssize_t>(m));
    const P* pp = prod.data();
    const double* xp = xn.data();
    const T* qp = queries.data();
    const T* Xp = X.data();
    double* dp = dist.mutable_data();
    index_t* ip = ind.mutable_data();
    index_t* cp = counts.mutable_data();
    {
        py::gil_scoped_release release;  // raw pointers only
        core::refine_candidates(pp, m, n, xp, mp, qp, Xp, d, k, sp, max_candidates, dp,
                                ip, cp, n_threads);
    }
    return {std::move(dist), std::move(ind), std::move(counts)};
}

template <class P, class T>
void def_refine(py::module_& m) {
    m.def("refine_candidates", &refine_candidates<P, T>, py::arg("prod").noconvert(),
          py::arg("xn").noconvert(), py::arg("margin").noconvert(),
          py::arg("queries").noconvert(), py::arg("X").noconvert(), py::arg("k"),
          py::arg("max_candidates"), py::arg("self_index") = py::none(),
          py::arg("n_threads") = 1,
          "Exact k nearest rows of X for a block of queries from a BLAS product "
          "prod = Qc @ Xc.T: candidates a = xn - 2 prod within margin of the k-th "
          "smallest (column self_index[r] skipped), exact in-order squared distances, "
          "ties by index. Returns (dist, ind, counts); rows with counts < k or > "
          "max_candidates are not written.");
}

}  // namespace

void bind_blas_filter(py::module_& m) {
    def_refine<float, float>(m);
    def_refine<float, double>(m);
    def_refine<double, float>(m);
    def_refine<double, double>(m);
}

}  // namespace imbfast::bindings
