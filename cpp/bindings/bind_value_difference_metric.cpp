// SMOTEN: value-difference-metric neighbours and the neighbours' mode vote.
#include "prelude.hpp"

#include <cstdint>
#include <string>

#include "imbfast/value_difference_metric.hpp"

namespace imbfast::bindings {

namespace {

using Codes = CArray<std::int32_t>;

// cat_offsets: n_features + 1 non-decreasing prefix sums starting at 0.
void check_offsets(const CArray<index_t>& cat_offsets, index_t n_features) {
    check_1d(cat_offsets, "cat_offsets");
    if (cat_offsets.shape(0) != n_features + 1)
        throw py::value_error("cat_offsets must have n_features + 1 entries");
    const index_t* o = cat_offsets.data();
    if (o[0] != 0) throw py::value_error("cat_offsets must start at 0");
    for (index_t f = 0; f < n_features; ++f) {
        if (o[f + 1] < o[f])
            throw py::value_error("cat_offsets must be non-decreasing");
    }
}

// Every code of feature f in [0, n_categories_f).
void check_codes(const Codes& codes, const CArray<index_t>& cat_offsets) {
    check_2d(codes, "codes");
    const index_t n = codes.shape(0), F = codes.shape(1);
    check_offsets(cat_offsets, F);
    const std::int32_t* c = codes.data();
    const index_t* o = cat_offsets.data();
    for (index_t i = 0; i < n; ++i) {
        for (index_t f = 0; f < F; ++f) {
            const std::int32_t v = c[i * F + f];
            if (v < 0 || v >= o[f + 1] - o[f])
                throw py::value_error("category code " + std::to_string(v) +
                                      " of feature " + std::to_string(f) +
                                      " is outside [0, " +
                                      std::to_string(o[f + 1] - o[f]) + ")");
        }
    }
}

void check_range(const CArray<index_t>& a, index_t upper, const char* name) {
    const index_t* p = a.data();
    for (py::ssize_t i = 0; i < a.size(); ++i) {
        if (p[i] < 0 || p[i] >= upper)
            throw py::index_error(std::string(name) + " " + std::to_string(p[i]) +
                                  " is out of range for " + std::to_string(upper) +
                                  " rows");
    }
}

core::VdmTable table_of(const Codes& codes, const CArray<double>& proba,
                        const CArray<index_t>& cat_offsets) {
    check_codes(codes, cat_offsets);
    check_2d(proba, "proba");
    const index_t F = codes.shape(1);
    if (proba.shape(0) != cat_offsets.data()[F])
        throw py::value_error("proba must have one row per category");
    if (proba.shape(1) < 1)
        throw py::value_error("proba needs at least one class column");
    return core::VdmTable{proba.data(), cat_offsets.data(), F, proba.shape(1)};
}

CArray<double> vdm_class_probabilities(const Codes& codes,
                                       const CArray<index_t>& labels,
                                       const CArray<index_t>& cat_offsets,
                                       index_t n_classes) {
    check_codes(codes, cat_offsets);
    check_1d(labels, "labels");
    const index_t n = codes.shape(0), F = codes.shape(1);
    if (labels.shape(0) != n)
        throw py::value_error("labels must have one entry per row");
    if (n_classes < 1) throw py::value_error("n_classes must be >= 1");
    check_range(labels, n_classes, "label");
    auto proba = empty_2d<double>(cat_offsets.data()[F], n_classes);
    const std::int32_t* cp = codes.data();
    const index_t* lp = labels.data();
    const index_t* op = cat_offsets.data();
    double* pp = proba.mutable_data();
    {
        py::gil_scoped_release release;  // raw pointers only
        core::vdm_class_probabilities(cp, n, lp, op, F, n_classes, pp);
    }
    return proba;
}

CArray<index_t> vdm_kneighbors(const Codes& codes, const CArray<double>& proba,
                               const CArray<index_t>& cat_offsets,
                               const CArray<index_t>& rows, index_t n_neighbors,
                               int n_threads) {
    const core::VdmTable vdm = table_of(codes, proba, cat_offsets);
    check_1d(rows, "rows");
    const index_t n = codes.shape(0);
    if (n_neighbors < 1 || n_neighbors > n)
        throw py::value_error("need 1 <= n_neighbors <= n_samples, got n_neighbors = " +
                              std::to_string(n_neighbors) + " for " +
                              std::to_string(n) + " samples");
    check_range(rows, n, "row");
    const index_t n_rows = rows.shape(0);
    auto out = empty_2d<index_t>(n_rows, n_neighbors);
    const std::int32_t* cp = codes.data();
    const index_t* rp = rows.data();
    index_t* op = out.mutable_data();
    {
        py::gil_scoped_release
            release;  // raw pointers only (vdm holds raw pointers too)
        core::vdm_kneighbors(vdm, cp, n, rp, n_rows, n_neighbors, op, n_threads);
    }
    return out;
}

CArray<double> vdm_pairwise(const Codes& codes, const CArray<double>& proba,
                            const CArray<index_t>& cat_offsets, int n_threads) {
    const core::VdmTable vdm = table_of(codes, proba, cat_offsets);
    const index_t n = codes.shape(0);
    auto out = empty_2d<double>(n, n);
    const std::int32_t* cp = codes.data();
    double* op = out.mutable_data();
    {
        py::gil_scoped_release release;  // raw pointers only
        core::vdm_pairwise(vdm, cp, n, op, n_threads);
    }
    return out;
}

Codes neighbour_mode(const Codes& codes, const CArray<index_t>& nbrs, int n_threads) {
    check_2d(codes, "codes");
    check_2d(nbrs, "nbrs");
    const index_t F = codes.shape(1), n_rows = nbrs.shape(0), width = nbrs.shape(1);
    if (width < 1) throw py::value_error("nbrs needs at least one column");
    check_range(nbrs, codes.shape(0), "neighbour index");
    auto out = empty_2d<std::int32_t>(n_rows, F);
    const std::int32_t* cp = codes.data();
    const index_t* np_ = nbrs.data();
    std::int32_t* op = out.mutable_data();
    {
        py::gil_scoped_release release;  // raw pointers only
        core::neighbour_mode(cp, F, np_, n_rows, width, op, n_threads);
    }
    return out;
}

}  // namespace

void bind_value_difference_metric(py::module_& m) {
    m.def("vdm_class_probabilities", &vdm_class_probabilities,
          py::arg("codes").noconvert(), py::arg("labels").noconvert(),
          py::arg("cat_offsets").noconvert(), py::arg("n_classes"),
          "Value difference metric tables: per category, its class frequencies / its "
          "count.");
    m.def("vdm_kneighbors", &vdm_kneighbors, py::arg("codes").noconvert(),
          py::arg("proba").noconvert(), py::arg("cat_offsets").noconvert(),
          py::arg("rows").noconvert(), py::arg("n_neighbors"), py::arg("n_threads") = 1,
          "Each row's n_neighbors VDM neighbours: itself, then the nearest others by "
          "(distance, index).");
    m.def("vdm_pairwise", &vdm_pairwise, py::arg("codes").noconvert(),
          py::arg("proba").noconvert(), py::arg("cat_offsets").noconvert(),
          py::arg("n_threads") = 1, "The n x n VDM distance matrix.");
    m.def(
        "neighbour_mode", &neighbour_mode, py::arg("codes").noconvert(),
        py::arg("nbrs").noconvert(), py::arg("n_threads") = 1,
        "Per row of nbrs and per feature, the most frequent code (smallest on ties).");
}

}  // namespace imbfast::bindings
