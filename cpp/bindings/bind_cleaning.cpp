// The cleaning kernels: ENN vote, Tomek links, NearMiss scores, the CNN pass.
#include "prelude.hpp"

#include <cstdint>
#include <string>

#include "imbfast/cleaning.hpp"

namespace imbfast::bindings {

namespace {

using u8 = std::uint8_t;

// Raises IndexError (with the GIL held) when an index is outside [lo, hi).
void check_range(const index_t* p, index_t n, index_t lo, index_t hi,
                 const char* what) {
    for (index_t i = 0; i < n; ++i) {
        if (p[i] < lo || p[i] >= hi)
            throw py::index_error(std::string(what) + " out of range");
    }
}

CArray<u8> tomek_links(const CArray<index_t>& nn1, const CArray<index_t>& codes,
                       const CArray<u8>& targeted, int n_threads) {
    check_1d(nn1, "nn1");
    check_1d(codes, "codes");
    check_1d(targeted, "targeted");
    const index_t n = nn1.shape(0), n_classes = targeted.shape(0);
    if (codes.shape(0) != n)
        throw py::value_error("nn1 and codes must have the same length");
    check_range(nn1.data(), n, 0, n, "neighbour index");
    check_range(codes.data(), n, 0, n_classes, "label code");
    CArray<u8> links(n);
    const index_t* np_ = nn1.data();
    const index_t* cp = codes.data();
    const u8* tp = targeted.data();
    u8* lp = links.mutable_data();
    {
        py::gil_scoped_release release;  // raw pointers only
        core::tomek_links(np_, cp, tp, n, lp, n_threads);
    }
    return links;
}

CArray<std::int8_t> enn_vote(const CArray<index_t>& nbrs, const CArray<index_t>& rows,
                             const py::object& alive_obj, const CArray<index_t>& codes,
                             index_t n_classes, index_t k, const std::string& kind,
                             bool compact, int n_threads) {
    check_2d(nbrs, "nbrs");
    check_1d(rows, "rows");
    check_1d(codes, "codes");
    const index_t n = codes.shape(0), width = nbrs.shape(1), m = rows.shape(0);
    // One list per data row, or (compact) one per query row.
    if (nbrs.shape(0) != (compact ? m : n)) {
        throw py::value_error(compact ? "nbrs must have one row per query row"
                                      : "nbrs must have one row per data row");
    }
    if (k < 1) throw py::value_error("k must be >= 1");
    core::EnnKind ek;
    if (kind == "all") {
        ek = core::EnnKind::all;
    } else if (kind == "mode") {
        ek = core::EnnKind::mode;
    } else {
        throw py::value_error("kind must be 'all' or 'mode'");
    }
    const u8* ap = nullptr;
    CArray<u8> alive;
    if (!alive_obj.is_none()) {
        alive = py::cast<CArray<u8>>(alive_obj);
        check_1d(alive, "alive");
        if (alive.shape(0) != n)
            throw py::value_error("alive must have one entry per row");
        ap = alive.data();
    }
    check_range(rows.data(), m, 0, n, "row index");
    check_range(nbrs.data(), nbrs.shape(0) * width, -1, n, "neighbour index");
    check_range(codes.data(), n, 0, n_classes, "label code");
    CArray<std::int8_t> out(m);
    const index_t* bp = nbrs.data();
    const index_t* rp = rows.data();
    const index_t* cp = codes.data();
    std::int8_t* op = out.mutable_data();
    {
        py::gil_scoped_release release;  // raw pointers only
        core::enn_vote(bp, width, compact, rp, m, ap, cp, n_classes, k, ek, op,
                       n_threads);
    }
    return out;
}

CArray<double> nearmiss_scores(const CArray<double>& dist, index_t take,
                               int n_threads) {
    check_2d(dist, "dist");
    const index_t m = dist.shape(0), width = dist.shape(1);
    if (take < 0 || take > width)
        throw py::value_error("take must be in [0, n_columns]");
    CArray<double> out(m);
    const double* dp = dist.data();
    double* op = out.mutable_data();
    {
        py::gil_scoped_release release;  // raw pointers only
        core::nearmiss_scores(dp, m, width, take, op, n_threads);
    }
    return out;
}

template <class T>
CArray<index_t> cnn_select(const CArray<T>& S, const CArray<index_t>& s_global,
                           CArray<double>& best_d2, CArray<index_t>& best_code,
                           index_t target, index_t n_classes, CArray<u8>& skip,
                           int n_threads) {
    check_2d(S, "S");
    check_1d(s_global, "s_global");
    check_2d(best_d2, "best_d2");
    check_2d(best_code, "best_code");
    check_1d(skip, "skip");
    const index_t m = S.shape(0), d = S.shape(1), k = best_d2.shape(1);
    if (k < 1) throw py::value_error("need at least one neighbour");
    if (s_global.shape(0) != m || best_d2.shape(0) != m || best_code.shape(0) != m ||
        best_code.shape(1) != k || skip.shape(0) != m) {
        throw py::value_error(
            "S, s_global, best_d2, best_code and skip must agree in rows");
    }
    if (target < 0 || target >= n_classes) throw py::value_error("target out of range");
    check_range(best_code.data(), m * k, -1, n_classes, "label code");
    CArray<index_t> added(m);
    const T* sp = S.data();
    const index_t* gp = s_global.data();
    double* dp = best_d2.mutable_data();
    index_t* cp = best_code.mutable_data();
    u8* kp = skip.mutable_data();
    index_t* ap = added.mutable_data();
    index_t n_added;
    {
        py::gil_scoped_release release;  // raw pointers only
        n_added = core::cnn_select(sp, m, d, gp, dp, cp, k, target, n_classes, kp, ap,
                                   n_threads);
    }
    added.resize({static_cast<py::ssize_t>(n_added)});
    return added;
}

}  // namespace

void bind_cleaning(py::module_& m) {
    m.def("tomek_links", &tomek_links, py::arg("nn1").noconvert(),
          py::arg("codes").noconvert(), py::arg("targeted").noconvert(),
          py::arg("n_threads") = 1,
          "Tomek-link flags (uint8) from each row's nearest other row and label codes");
    m.def("enn_vote", &enn_vote, py::arg("nbrs").noconvert(),
          py::arg("rows").noconvert(), py::arg("alive"), py::arg("codes").noconvert(),
          py::arg("n_classes"), py::arg("k"), py::arg("kind"),
          py::arg("compact") = false, py::arg("n_threads") = 1,
          "ENN vote per query row: 1 keep, 0 remove, 2 list too short (needs repair)");
    m.def("nearmiss_scores", &nearmiss_scores, py::arg("dist").noconvert(),
          py::arg("take"), py::arg("n_threads") = 1,
          "Sum of the last `take` distances of each row");
    m.def("cnn_select", &cnn_select<float>, py::arg("S").noconvert(),
          py::arg("s_global").noconvert(), py::arg("best_d2").noconvert(),
          py::arg("best_code").noconvert(), py::arg("target"), py::arg("n_classes"),
          py::arg("skip").noconvert(), py::arg("n_threads") = 1,
          "Condensed-nearest-neighbour pass; returns the positions made prototypes");
    m.def("cnn_select", &cnn_select<double>, py::arg("S").noconvert(),
          py::arg("s_global").noconvert(), py::arg("best_d2").noconvert(),
          py::arg("best_code").noconvert(), py::arg("target"), py::arg("n_classes"),
          py::arg("skip").noconvert(), py::arg("n_threads") = 1);
}

}  // namespace imbfast::bindings
