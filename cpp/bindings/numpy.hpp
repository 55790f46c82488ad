// Shared binding prelude: the only headers that include pybind11.
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
    if (a.ndim() != 2) throw py::value_error(std::string(name) + " must be a 2-D array");
}

template <class T>
void check_1d(const CArray<T>& a, const char* name) {
    if (a.ndim() != 1) throw py::value_error(std::string(name) + " must be a 1-D array");
}

template <class T>
CArray<T> empty_2d(index_t rows, index_t cols) {
    return CArray<T>({static_cast<py::ssize_t>(rows), static_cast<py::ssize_t>(cols)});
}

void bind_neighbors(py::module_& m);
void bind_sampling(py::module_& m);
void bind_oversampling(py::module_& m);  // SMOTE variants (bind_oversampling.cpp)
void bind_cleaning(py::module_& m);      // Tomek / ENN family (bind_cleaning.cpp)

}  // namespace imbfast::bindings
