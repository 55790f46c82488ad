// KDTree32 / KDTree64 (an immutable index, kd-tree or brute-force layout) and the
// one-shot brute-force queries.
#include "prelude.hpp"

#include <memory>
#include <utility>

#include "imbfast/kdtree.hpp"

namespace imbfast::bindings {

namespace {

using Result = std::pair<CArray<double>, CArray<index_t>>;

template <class T, class Q>
Result tree_query(const core::KDTree<T>& tree, const CArray<Q>& queries, index_t k,
                  int n_threads, const py::object& exact_queries) {
    check_2d(queries, "X");
    if (queries.shape(1) != tree.n_features())
        throw py::value_error("X has the wrong number of features");
    if (k < 1 || k > tree.n_samples())
        throw py::value_error("k must be in [1, n_samples]");
    const index_t m = queries.shape(0);
    const double* qx = nullptr;
    CArray<double> qx_arr;
    if (tree.projected()) {
        if (exact_queries.is_none())
            throw py::value_error("a projected tree needs the queries' original rows");
        if (!CArray<double>::check_(exact_queries))
            throw py::type_error("X_exact must be a C-contiguous float64 array");
        qx_arr = py::reinterpret_borrow<CArray<double>>(exact_queries);
        check_2d(qx_arr, "X_exact");
        if (qx_arr.shape(0) != m || qx_arr.shape(1) != tree.exact_features()) {
            throw py::value_error("X_exact must have one original row per query");
        }
        qx = qx_arr.data();
    }
    auto dist = empty_2d<double>(m, k);
    auto idx = empty_2d<index_t>(m, k);
    const Q* q = queries.data();
    double* dp = dist.mutable_data();
    index_t* ip = idx.mutable_data();
    {
        // Safe: only raw pointers below; the arrays are owned by this frame.
        py::gil_scoped_release release;
        tree.query(q, m, k, dp, ip, n_threads, qx);
    }
    return {std::move(dist), std::move(idx)};
}

// The tree's constructor: everything it is built from, validated with the GIL
// held. A projected tree keeps pointers into X_exact (kept alive by the binding).
template <class T>
std::unique_ptr<core::KDTree<T>> make_tree(const CArray<T>& X, index_t leaf_size,
                                           bool flat, int n_threads,
                                           const py::object& exact,
                                           const py::object& center) {
    check_2d(X, "X");
    if (X.shape(0) < 1 || X.shape(1) < 1) throw py::value_error("X must be non-empty");
    if (leaf_size < 1) throw py::value_error("leaf_size must be >= 1");
    const index_t n = X.shape(0), d = X.shape(1);
    core::KDTreeParams params;
    params.leaf_size = leaf_size;
    params.flat = flat;
    params.n_threads = n_threads;
    CArray<double> e64;
    CArray<float> e32;
    CArray<double> c_arr;
    if (!exact.is_none()) {
        index_t rows = 0;
        if (CArray<double>::check_(exact)) {
            e64 = py::reinterpret_borrow<CArray<double>>(exact);
            check_2d(e64, "X_exact");
            rows = e64.shape(0);
            params.exact.d = e64.shape(1);
            params.exact.f64 = e64.data();
        } else if (CArray<float>::check_(exact)) {
            e32 = py::reinterpret_borrow<CArray<float>>(exact);
            check_2d(e32, "X_exact");
            rows = e32.shape(0);
            params.exact.d = e32.shape(1);
            params.exact.f32 = e32.data();
        } else {
            throw py::type_error(
                "X_exact must be a C-contiguous float32 or float64 array");
        }
        if (rows != n || params.exact.d < 1) {
            throw py::value_error(
                "X_exact must have one original row per indexed point");
        }
        if (!center.is_none()) {
            if (!CArray<double>::check_(center)) {
                throw py::type_error("center must be a C-contiguous float64 array");
            }
            c_arr = py::reinterpret_borrow<CArray<double>>(center);
            if (c_arr.ndim() != 1 || c_arr.shape(0) != params.exact.d) {
                throw py::value_error("center must have one value per feature");
            }
            params.exact.center = c_arr.data();
        }
    } else if (!center.is_none()) {
        throw py::value_error("center needs X_exact");
    }
    const T* p = X.data();
    // Releasing the GIL is safe: only raw pointers below, into arrays this frame holds.
    const py::gil_scoped_release release;
    return std::make_unique<core::KDTree<T>>(p, n, d, params);
}

template <class T>
Result tree_query_self(const core::KDTree<T>& tree, index_t k, int n_threads) {
    const index_t n = tree.n_samples();
    if (k < 1 || k > n - 1) throw py::value_error("k must be in [1, n_samples - 1]");
    auto dist = empty_2d<double>(n, k);
    auto idx = empty_2d<index_t>(n, k);
    double* dp = dist.mutable_data();
    index_t* ip = idx.mutable_data();
    {
        py::gil_scoped_release release;  // raw pointers only
        tree.query_self(k, dp, ip, n_threads);
    }
    return {std::move(dist), std::move(idx)};
}

template <class T>
void bind_tree(py::module_& m, const char* name) {
    using Tree = core::KDTree<T>;
    py::class_<Tree>(m, name)
        // A projected tree keeps a pointer to X_exact: keep_alive ties its lifetime
        // to the tree.
        .def(py::init(&make_tree<T>), py::arg("X").noconvert(),
             py::arg("leaf_size") = 32, py::arg("flat") = false,
             py::arg("n_threads") = 1, py::arg("X_exact") = py::none(),
             py::arg("center") = py::none(), py::keep_alive<1, 6>(),
             "Index the rows of X (immutable once built). flat=True gives the "
             "brute-force "
             "layout (blocks in input order). With X_exact (the original rows, one per "
             "row of "
             "X) the tree is projected: X holds (X_exact - center) @ V for an "
             "orthonormal V, "
             "and every distance returned is computed from the original rows.")
        .def("query", &tree_query<T, float>, py::arg("X").noconvert(), py::arg("k"),
             py::arg("n_threads") = 1, py::arg("X_exact").noconvert() = py::none())
        .def("query", &tree_query<T, double>, py::arg("X").noconvert(), py::arg("k"),
             py::arg("n_threads") = 1, py::arg("X_exact").noconvert() = py::none())
        .def_property_readonly("projected", &Tree::projected)
        .def("query_self", &tree_query_self<T>, py::arg("k"), py::arg("n_threads") = 1)
        .def_property_readonly("n_samples", &Tree::n_samples)
        .def_property_readonly("n_features", &Tree::n_features)
        .def_property_readonly("leaf_size", &Tree::leaf_size)
        .def_property_readonly("n_nodes", &Tree::n_nodes)
        .def_property_readonly("flat", &Tree::flat);
}

template <class T, class Q>
Result brute(const CArray<T>& data, const CArray<Q>& queries, index_t k,
             int n_threads) {
    check_2d(data, "data");
    check_2d(queries, "X");
    if (queries.shape(1) != data.shape(1))
        throw py::value_error("X has the wrong number of features");
    const index_t n = data.shape(0), d = data.shape(1), m = queries.shape(0);
    if (k < 1 || k > n) throw py::value_error("k must be in [1, n_samples]");
    auto dist = empty_2d<double>(m, k);
    auto idx = empty_2d<index_t>(m, k);
    const T* xp = data.data();
    const Q* qp = queries.data();
    double* dp = dist.mutable_data();
    index_t* ip = idx.mutable_data();
    {
        py::gil_scoped_release release;  // raw pointers only
        core::brute_query(xp, n, d, qp, m, k, dp, ip, n_threads);
    }
    return {std::move(dist), std::move(idx)};
}

template <class T>
Result brute_self(const CArray<T>& data, index_t k, int n_threads) {
    check_2d(data, "data");
    const index_t n = data.shape(0), d = data.shape(1);
    if (k < 1 || k > n - 1) throw py::value_error("k must be in [1, n_samples - 1]");
    auto dist = empty_2d<double>(n, k);
    auto idx = empty_2d<index_t>(n, k);
    const T* xp = data.data();
    double* dp = dist.mutable_data();
    index_t* ip = idx.mutable_data();
    {
        py::gil_scoped_release release;  // raw pointers only
        core::brute_query_self(xp, n, d, k, dp, ip, n_threads);
    }
    return {std::move(dist), std::move(idx)};
}

}  // namespace

void bind_kdtree(py::module_& m) {
    bind_tree<float>(m, "KDTree32");
    bind_tree<double>(m, "KDTree64");
    m.def("brute_query", &brute<float, float>, py::arg("data").noconvert(),
          py::arg("X").noconvert(), py::arg("k"), py::arg("n_threads") = 1);
    m.def("brute_query", &brute<float, double>, py::arg("data").noconvert(),
          py::arg("X").noconvert(), py::arg("k"), py::arg("n_threads") = 1);
    m.def("brute_query", &brute<double, float>, py::arg("data").noconvert(),
          py::arg("X").noconvert(), py::arg("k"), py::arg("n_threads") = 1);
    m.def("brute_query", &brute<double, double>, py::arg("data").noconvert(),
          py::arg("X").noconvert(), py::arg("k"), py::arg("n_threads") = 1);
    m.def("brute_query_self", &brute_self<float>, py::arg("data").noconvert(),
          py::arg("k"), py::arg("n_threads") = 1);
    m.def("brute_query_self", &brute_self<double>, py::arg("data").noconvert(),
          py::arg("k"), py::arg("n_threads") = 1);
}

}  // namespace imbfast::bindings
