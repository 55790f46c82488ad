// Synthetic-sample generation. Deterministic: every random number is drawn by
// the caller (Python, in imbalanced-learn's order) and passed in.
#pragma once

#include "imbfast/common.hpp"

namespace imbfast::core {

// out[i] = base[rows[i]] + steps[i] * (nbr[nbr_rows[i]] - base[rows[i]])
// with numpy's arithmetic: the difference in T, the product and sum in double,
// the result cast back to T. base is n_base x d, nbr is n_nbr x d (may alias base),
// out is n_new x d. Indices must already be validated.
template <class T>
void interpolate(const T* base, const T* nbr, index_t d, const index_t* rows,
                 const index_t* nbr_rows, const double* steps, index_t n_new, T* out,
                 int n_threads);

}  // namespace imbfast::core
