// Neighbour-list utilities: strip_self (self-exclusion by index) and
// count_other_class.
#include "prelude.hpp"

#include <cstdint>
#include <string>

#include "imbfast/neighbour_lists.hpp"

namespace imbfast::bindings {

namespace {

void check_indices(const CArray<index_t>& a, index_t upper, const char* name) {
    const index_t* p = a.data();
    for (py::ssize_t i = 0; i < a.size(); ++i) {
        if (p[i] < 0 || p[i] >= upper)
            throw py::index_error(std::string(name) + " out of range");
    }
}

CArray<index_t> strip_self(const CArray<index_t>& ind, const CArray<index_t>& self_idx,
                           int n_threads) {
    check_2d(ind, "ind");
    check_1d(self_idx, "self_idx");
    const index_t n = ind.shape(0), k = ind.shape(1) - 1;
    if (k < 1) throw py::value_error("ind needs at least 2 columns");
    if (self_idx.shape(0) != n)
        throw py::value_error("self_idx must have one entry per row");
    auto out = empty_2d<index_t>(n, k);
    const index_t* ip = ind.data();
    const index_t* sp = self_idx.data();
    index_t* op = out.mutable_data();
    {
        py::gil_scoped_release release;  // raw pointers only
        core::strip_self(ip, n, k, sp, op, n_threads);
    }
    return out;
}

CArray<index_t> count_other_class(const CArray<index_t>& nbr,
                                  const CArray<std::uint8_t>& is_target,
                                  int n_threads) {
    check_2d(nbr, "nbr");
    check_1d(is_target, "is_target");
    check_indices(nbr, is_target.shape(0), "neighbour index");
    const index_t n = nbr.shape(0), k = nbr.shape(1);
    CArray<index_t> counts(static_cast<py::ssize_t>(n));
    const index_t* np_ = nbr.data();
    const std::uint8_t* tp = is_target.data();
    index_t* cp = counts.mutable_data();
    {
        py::gil_scoped_release release;  // raw pointers only
        core::count_other_class(np_, n, k, tp, cp, n_threads);
    }
    return counts;
}

}  // namespace

void bind_neighbour_lists(py::module_& m) {
    m.def("strip_self", &strip_self, py::arg("ind").noconvert(),
          py::arg("self_idx").noconvert(), py::arg("n_threads") = 1,
          "Drop each query's own index from its (k+1)-neighbour list (else the last "
          "column).");
    m.def("count_other_class", &count_other_class, py::arg("nbr").noconvert(),
          py::arg("is_target").noconvert(), py::arg("n_threads") = 1,
          "Per row, the number of neighbours whose is_target flag is 0.");
}

}  // namespace imbfast::bindings
