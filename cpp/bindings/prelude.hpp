// The bindings' prelude: include it first in every bindings file. It is the only
// header that includes pybind11 (cpp/include and cpp/src never do) and it
// declares every bind_* function that module.cpp calls.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <string>

#include "imbfast/common.hpp"

namespace imbfast::bindings {

namespace py = pybind11;
using core::index_t;

// C-contiguous array of exactly T: with .noconvert() pybind11 refuses to copy.
template <class T>
using CArray = py::array_t<T, py::array::c_style>;

template <class T>
void check_2d(const CArray<T>& a, const char* name) {
    if (a.ndim() != 2)
        throw py::value_error(std::string(name) + " must be a 2-D array");
}

template <class T>
void check_1d(const CArray<T>& a, const char* name) {
    if (a.ndim() != 1)
        throw py::value_error(std::string(name) + " must be a 1-D array");
}

template <class T>
CArray<T> empty_2d(index_t rows, index_t cols) {
    return CArray<T>({static_cast<py::ssize_t>(rows), static_cast<py::ssize_t>(cols)});
}

// One per bindings file, each registering the functions of one kernel header.
void bind_kdtree(py::module_& m);           // KDTree32/64, brute_query (kdtree.hpp)
void bind_blas_filter(py::module_& m);      // refine_candidates (blas_filter.hpp)
void bind_interpolation(py::module_& m);    // SMOTE's kernel (interpolation.hpp)
void bind_neighbour_lists(py::module_& m);  // strip_self, count_other_class
void bind_smote_nc(py::module_& m);         // mixed_knn_self, the vote, the variance
void bind_cleaning(py::module_& m);         // ENN vote, Tomek links, NearMiss, CNN
void bind_value_difference_metric(py::module_& m);  // SMOTEN's VDM kernels
void bind_runtime(py::module_& m);  // build info, thread policy (module.cpp)

}  // namespace imbfast::bindings
