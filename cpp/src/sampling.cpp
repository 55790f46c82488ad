#include "imbfast/sampling.hpp"

#include "imbfast/parallel.hpp"

namespace imbfast::core {

template <class T>
void interpolate(const T* base, const T* nbr, index_t d, const index_t* rows,
                 const index_t* nbr_rows, const double* steps, index_t n_new, T* out,
                 int n_threads) {
    parallel_chunks(n_new, 2048, threads_for(n_new * d, n_threads), [&](index_t begin, index_t end) {
        for (index_t i = begin; i < end; ++i) {
            const T* x = base + rows[i] * d;
            const T* y = nbr + nbr_rows[i] * d;
            const double s = steps[i];
            T* o = out + i * d;
            for (index_t j = 0; j < d; ++j) {
                const T diff = static_cast<T>(y[j] - x[j]);
                o[j] = static_cast<T>(static_cast<double>(x[j]) + s * static_cast<double>(diff));
            }
        }
    });
}

template void interpolate<float>(const float*, const float*, index_t, const index_t*,
                                 const index_t*, const double*, index_t, float*, int);
template void interpolate<double>(const double*, const double*, index_t, const index_t*,
                                  const index_t*, const double*, index_t, double*, int);

}  // namespace imbfast::core
