#include "imbfast/oversampling.hpp"

#include <cstdint>

#include "numpy.hpp"

namespace imbfast::bindings {

namespace {

using core::index_t;

void check_indices(const CArray<index_t>& a, index_t upper, const char* name) {
    const index_t* p = a.data();
    for (py::ssize_t i = 0; i < a.size(); ++i) {
        if (p[i] < 0 || p[i] >= upper) throw py::index_error(std::string(name) + " out of range");
    }
}

CArray<index_t> strip_self(const CArray<index_t>& ind, const CArray<index_t>& self_idx,
                           int n_threads) {
    check_2d(ind, "ind");
    check_1d(self_idx, "self_idx");
    const index_t n = ind.shape(0), k = ind.shape(1) - 1;
    if (k < 1) throw py::value_error("ind needs at least 2 columns");
    if (self_idx.shape(0) != n) throw py::value_error("self_idx must have one entry per row");
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

CArray<index_t> count_other_class(const CArray<index_t>& nbr, const CArray<std::uint8_t>& is_target,
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

template <class T>
void interpolate_scaled(const CArray<T>& base, const CArray<T>& nbr, const CArray<index_t>& rows,
                        const CArray<index_t>& nbr_rows, const CArray<double>& steps,
                        const CArray<double>& scale, CArray<T>& out, int n_threads) {
    check_2d(base, "base");
    check_2d(nbr, "nbr");
    check_2d(out, "out");
    const index_t d = base.shape(1), n_new = rows.shape(0);
    if (rows.ndim() != 1 || nbr_rows.ndim() != 1 || steps.ndim() != 1 || scale.ndim() != 1)
        throw py::value_error("rows, nbr_rows, steps and scale must be 1-D");
    if (nbr.shape(1) != d || out.shape(1) != d) throw py::value_error("feature counts differ");
    if (nbr_rows.shape(0) != n_new || steps.shape(0) != n_new || scale.shape(0) != n_new ||
        out.shape(0) != n_new)
        throw py::value_error("rows, nbr_rows, steps, scale and out must have the same length");
    check_indices(rows, base.shape(0), "rows");
    check_indices(nbr_rows, nbr.shape(0), "nbr_rows");
    const T* bp = base.data();
    const T* xp = nbr.data();
    const index_t* rp = rows.data();
    const index_t* np_ = nbr_rows.data();
    const double* sp = steps.data();
    const double* up = scale.data();
    T* op = out.mutable_data();
    {
        py::gil_scoped_release release;  // raw pointers only
        core::interpolate_scaled(bp, xp, d, rp, np_, sp, up, n_new, op, n_threads);
    }
}

template <class T>
CArray<double> csr_like_variance(const CArray<T>& X) {
    check_2d(X, "X");
    const index_t n = X.shape(0), d = X.shape(1);
    CArray<double> var(static_cast<py::ssize_t>(d));
    const T* xp = X.data();
    double* vp = var.mutable_data();
    {
        py::gil_scoped_release release;  // raw pointers only
        core::csr_like_variance(xp, n, d, vp);
    }
    return var;
}

template <class T>
CArray<index_t> mixed_knn_self(const CArray<T>& cont, const CArray<std::int32_t>& codes, double w,
                               index_t k, int n_threads, int algorithm) {
    check_2d(cont, "cont");
    check_2d(codes, "codes");
    const index_t n = cont.shape(0);
    if (codes.shape(0) != n) throw py::value_error("cont and codes must have the same rows");
    if (k < 1 || k >= n) throw py::value_error("need 1 <= k < n_samples");
    auto out = empty_2d<index_t>(n, k);
    const T* cp = cont.data();
    const std::int32_t* qp = codes.data();
    const index_t dc = cont.shape(1), q = codes.shape(1);
    index_t* op = out.mutable_data();
    {
        py::gil_scoped_release release;  // raw pointers only
        core::mixed_knn_self(cp, dc, qp, q, n, w, k, op, n_threads, algorithm);
    }
    return out;
}

template <class T, class O>
void interpolate_cols(const CArray<T>& base, const CArray<index_t>& rows,
                      const CArray<index_t>& nbr_rows, const CArray<double>& steps, CArray<O>& out,
                      index_t start, const CArray<index_t>& out_cols, int n_threads) {
    check_2d(base, "base");
    check_2d(out, "out");
    check_1d(rows, "rows");
    check_1d(nbr_rows, "nbr_rows");
    check_1d(steps, "steps");
    check_1d(out_cols, "out_cols");
    const index_t d = base.shape(1), n_new = rows.shape(0), width = out.shape(1);
    if (nbr_rows.shape(0) != n_new || steps.shape(0) != n_new)
        throw py::value_error("rows, nbr_rows and steps must have the same length");
    if (out_cols.shape(0) != d) throw py::value_error("out_cols needs one entry per feature");
    if (start < 0 || start + n_new > out.shape(0)) throw py::value_error("rows beyond out");
    check_indices(out_cols, width, "out_cols");
    check_indices(rows, base.shape(0), "rows");
    check_indices(nbr_rows, base.shape(0), "nbr_rows");
    const T* bp = base.data();
    const index_t* rp = rows.data();
    const index_t* np_ = nbr_rows.data();
    const double* sp = steps.data();
    const index_t* cp = out_cols.data();
    O* op = out.mutable_data() + start * width;
    {
        py::gil_scoped_release release;  // raw pointers only
        core::interpolate_cols(bp, d, rp, np_, sp, n_new, op, width, cp, n_threads);
    }
}

void check_vote_inputs(const CArray<std::int32_t>& codes, index_t f, index_t n_categories,
                       const CArray<index_t>& nns, const CArray<index_t>& rows) {
    check_2d(codes, "codes");
    check_2d(nns, "nns");
    check_1d(rows, "rows");
    if (f < 0 || f >= codes.shape(1)) throw py::value_error("feature out of range");
    if (nns.shape(0) != codes.shape(0)) throw py::value_error("nns and codes rows differ");
    check_indices(nns, codes.shape(0), "neighbour index");
    check_indices(rows, nns.shape(0), "rows");
    const std::int32_t* c = codes.data();
    const index_t q = codes.shape(1);
    for (index_t i = 0; i < codes.shape(0); ++i) {
        if (c[i * q + f] < 0 || c[i * q + f] >= n_categories)
            throw py::value_error("category code out of range");
    }
}

py::array_t<std::int64_t> vote_count(const CArray<std::int32_t>& codes, index_t f,
                                     index_t n_categories, const CArray<index_t>& nns,
                                     const CArray<index_t>& rows, double v, int score_kind,
                                     int n_threads) {
    check_vote_inputs(codes, f, n_categories, nns, rows);
    const index_t n_new = rows.shape(0);
    py::array_t<std::int64_t> n_cand(static_cast<py::ssize_t>(n_new));
    const std::int32_t* cp = codes.data();
    const index_t* np_ = nns.data();
    const index_t* rp = rows.data();
    std::int64_t* op = n_cand.mutable_data();
    const index_t q = codes.shape(1), k = nns.shape(1);
    {
        py::gil_scoped_release release;  // raw pointers only
        core::categorical_vote(cp, q, f, n_categories, np_, k, rp, n_new, v, score_kind, op,
                               nullptr, nullptr, 0, nullptr, n_threads);
    }
    return n_cand;
}

CArray<std::int32_t> vote_choose(const CArray<std::int32_t>& codes, index_t f,
                                 index_t n_categories, const CArray<index_t>& nns,
                                 const CArray<index_t>& rows, double v, int score_kind,
                                 const CArray<index_t>& offsets, CArray<index_t>& perm,
                                 int n_threads) {
    check_vote_inputs(codes, f, n_categories, nns, rows);
    check_1d(offsets, "offsets");
    check_1d(perm, "perm");
    const index_t n_new = rows.shape(0), n_perm = perm.shape(0);
    if (offsets.shape(0) != n_new + 1 || offsets.data()[n_new] != n_perm)
        throw py::value_error("offsets do not match the permutation");
    CArray<std::int32_t> choice(static_cast<py::ssize_t>(n_new));
    const std::int32_t* cp = codes.data();
    const index_t* np_ = nns.data();
    const index_t* rp = rows.data();
    const index_t* offp = offsets.data();
    index_t* pp = perm.mutable_data();  // used as scratch
    std::int32_t* chp = choice.mutable_data();
    const index_t q = codes.shape(1), k = nns.shape(1);
    {
        py::gil_scoped_release release;  // raw pointers only
        core::categorical_vote(cp, q, f, n_categories, np_, k, rp, n_new, v, score_kind, nullptr,
                               offp, pp, n_perm, chp, n_threads);
    }
    return choice;
}

}  // namespace

void bind_oversampling(py::module_& m) {
    m.def("strip_self", &strip_self, py::arg("ind").noconvert(), py::arg("self_idx").noconvert(),
          py::arg("n_threads") = 1,
          "Drop each query's own index from its (k+1)-neighbour list (else the last column).");
    m.def("count_other_class", &count_other_class, py::arg("nbr").noconvert(),
          py::arg("is_target").noconvert(), py::arg("n_threads") = 1,
          "Per row, the number of neighbours whose is_target flag is 0.");
    m.def("interpolate_scaled", &interpolate_scaled<float>, py::arg("base").noconvert(),
          py::arg("nbr").noconvert(), py::arg("rows").noconvert(), py::arg("nbr_rows").noconvert(),
          py::arg("steps").noconvert(), py::arg("scale").noconvert(), py::arg("out").noconvert(),
          py::arg("n_threads") = 1);
    m.def("interpolate_scaled", &interpolate_scaled<double>, py::arg("base").noconvert(),
          py::arg("nbr").noconvert(), py::arg("rows").noconvert(), py::arg("nbr_rows").noconvert(),
          py::arg("steps").noconvert(), py::arg("scale").noconvert(), py::arg("out").noconvert(),
          py::arg("n_threads") = 1);
    m.def("csr_like_variance", &csr_like_variance<float>, py::arg("X").noconvert());
    m.def("csr_like_variance", &csr_like_variance<double>, py::arg("X").noconvert());
    m.def("mixed_knn_self", &mixed_knn_self<float>, py::arg("cont").noconvert(),
          py::arg("codes").noconvert(), py::arg("w"), py::arg("k"), py::arg("n_threads") = 1,
          py::arg("algorithm") = -1,
          "SMOTE-NC neighbours; algorithm 0 brute force, 1 kd-tree, -1 auto (same answer).");
    m.def("mixed_knn_self", &mixed_knn_self<double>, py::arg("cont").noconvert(),
          py::arg("codes").noconvert(), py::arg("w"), py::arg("k"), py::arg("n_threads") = 1,
          py::arg("algorithm") = -1);
    m.def("interpolate_cols", &interpolate_cols<float, float>, py::arg("base").noconvert(),
          py::arg("rows").noconvert(), py::arg("nbr_rows").noconvert(),
          py::arg("steps").noconvert(), py::arg("out").noconvert(), py::arg("start"),
          py::arg("out_cols").noconvert(), py::arg("n_threads") = 1,
          "SMOTE interpolation of base rows into columns out_cols of out[start:].");
    m.def("interpolate_cols", &interpolate_cols<double, double>, py::arg("base").noconvert(),
          py::arg("rows").noconvert(), py::arg("nbr_rows").noconvert(),
          py::arg("steps").noconvert(), py::arg("out").noconvert(), py::arg("start"),
          py::arg("out_cols").noconvert(), py::arg("n_threads") = 1);
    m.def("interpolate_cols", &interpolate_cols<float, double>, py::arg("base").noconvert(),
          py::arg("rows").noconvert(), py::arg("nbr_rows").noconvert(),
          py::arg("steps").noconvert(), py::arg("out").noconvert(), py::arg("start"),
          py::arg("out_cols").noconvert(), py::arg("n_threads") = 1);
    m.def("vote_count", &vote_count, py::arg("codes").noconvert(), py::arg("f"),
          py::arg("n_categories"), py::arg("nns").noconvert(), py::arg("rows").noconvert(),
          py::arg("v"), py::arg("score_kind"), py::arg("n_threads") = 1);
    m.def("vote_choose", &vote_choose, py::arg("codes").noconvert(), py::arg("f"),
          py::arg("n_categories"), py::arg("nns").noconvert(), py::arg("rows").noconvert(),
          py::arg("v"), py::arg("score_kind"), py::arg("offsets").noconvert(),
          py::arg("perm").noconvert(), py::arg("n_threads") = 1,
          "The vote's random tie-break; perm (int64, writeable) is overwritten (scratch).");
}

}  // namespace imbfast::bindings
