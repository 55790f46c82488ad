#include "imbfast/cleaning.hpp"
#include "numpy.hpp"

namespace imbfast::bindings {

void bind_cleaning(py::module_& m) { (void)m; }

}  // namespace imbfast::bindings
