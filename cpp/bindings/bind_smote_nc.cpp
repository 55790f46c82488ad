// SMOTE-NC kernels: the mixed-distance neighbours, the categorical vote, the
// column variance.
#include "prelude.hpp"

#include <cstdint>
#include <string>

#include "imbfast/mixed_tree.hpp"
#include "imbfast/smote_nc.hpp"

namespace imbfast::bindings {

namespace {

using core::index_t;

void check_indices(const CArray<index_t>& a, index_t upper, const char* name) {
    const index_t* p = a.data();
    for (py::ssize_t i = 0; i < a.size(); ++i) {
        if (p[i] < 0 || p[i] >= upper)
            throw py::index_error(std::string(name) + " out of range");
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
CArray<index_t> mixed_knn_self(const CArray<T>& cont, const CArray<std::int32_t>& codes,
                               double w, index_t k, int n_threads, int algorithm) {
    check_2d(cont, "cont");
    check_2d(codes, "codes");
    const index_t n = cont.shape(0);
    if (codes.shape(0) != n)
        throw py::value_error("cont and codes must have the same rows");
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

void check_vote_inputs(const CArray<std::int32_t>& codes, index_t f,
                       index_t n_categories, const CArray<index_t>& nns,
                       const CArray<index_t>& rows) {
    check_2d(codes, "codes");
    check_2d(nns, "nns");
    check_1d(rows, "rows");
    if (f < 0 || f >= codes.shape(1)) throw py::value_error("feature out of range");
    if (nns.shape(0) != codes.shape(0))
        throw py::value_error("nns and codes rows differ");
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
                                     const CArray<index_t>& rows, double v,
                                     int score_kind, int n_threads) {
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
        core::categorical_vote(cp, q, f, n_categories, np_, k, rp, n_new, v, score_kind,
                               op, nullptr, nullptr, 0, nullptr, n_threads);
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
        core::categorical_vote(cp, q, f, n_categories, np_, k, rp, n_new, v, score_kind,
                               nullptr, offp, pp, n_perm, chp, n_threads);
    }
    return choice;
}

}  // namespace

void bind_smote_nc(py::module_& m) {
    m.def("csr_like_variance", &csr_like_variance<float>, py::arg("X").noconvert());
    m.def("csr_like_variance", &csr_like_variance<double>, py::arg("X").noconvert());
    m.def("mixed_knn_self", &mixed_knn_self<float>, py::arg("cont").noconvert(),
          py::arg("codes").noconvert(), py::arg("w"), py::arg("k"),
          py::arg("n_threads") = 1, py::arg("algorithm") = -1,
          "SMOTE-NC neighbours; algorithm 0 brute force, 1 kd-tree, -1 auto (same "
          "answer).");
    m.def("mixed_knn_self", &mixed_knn_self<double>, py::arg("cont").noconvert(),
          py::arg("codes").noconvert(), py::arg("w"), py::arg("k"),
          py::arg("n_threads") = 1, py::arg("algorithm") = -1);
    m.def("vote_count", &vote_count, py::arg("codes").noconvert(), py::arg("f"),
          py::arg("n_categories"), py::arg("nns").noconvert(),
          py::arg("rows").noconvert(), py::arg("v"), py::arg("score_kind"),
          py::arg("n_threads") = 1);
    m.def("vote_choose", &vote_choose, py::arg("codes").noconvert(), py::arg("f"),
          py::arg("n_categories"), py::arg("nns").noconvert(),
          py::arg("rows").noconvert(), py::arg("v"), py::arg("score_kind"),
          py::arg("offsets").noconvert(), py::arg("perm").noconvert(),
          py::arg("n_threads") = 1,
          "The vote's random tie-break; perm (int64, writeable) is overwritten "
          "(scratch).");
}

}  // namespace imbfast::bindings
