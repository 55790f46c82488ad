#include "imbfast/oversampling.hpp"
#include "numpy.hpp"

namespace imbfast::bindings {

void bind_oversampling(py::module_& m) { (void)m; }

}  // namespace imbfast::bindings
