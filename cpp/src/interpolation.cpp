#include "imbfast/interpolation.hpp"

#include "imbfast/parallel.hpp"

namespace imbfast::core {

template <class T, class O>
void interpolate(const T* base, const T* nbr, index_t d, const index_t* rows,
                 const index_t* nbr_rows, const double* steps, const double* scale,
                 index_t n_new, O* out, InterpolationOutput layout, int n_threads) {
    const index_t* cols = layout.cols;
    const index_t stride = layout.stride;
    const int threads = threads_for(work_units(n_new, d), n_threads);
    parallel_chunks(n_new, 2048, threads, [&](index_t begin, index_t end) {
        for (index_t i = begin; i < end; ++i) {
            const T* x = base + rows[i] * d;
            const T* y = nbr + nbr_rows[i] * d;
            const double s = steps[i];
            const double u = scale != nullptr ? scale[i] : 1.0;
            O* o = out + i * stride;
            for (index_t j = 0; j < d; ++j) {
                T diff = static_cast<T>(y[j] - x[j]);
                if (u != 1.0) diff = static_cast<T>(static_cast<double>(diff) * u);
                const T value = static_cast<T>(static_cast<double>(x[j]) +
                                               s * static_cast<double>(diff));
                o[cols != nullptr ? cols[j] : j] = static_cast<O>(value);
            }
        }
    });
}

#define IMBFAST_INSTANTIATE(T, O)                                                 \
    template void interpolate<T, O>(const T*, const T*, index_t, const index_t*,  \
                                    const index_t*, const double*, const double*, \
                                    index_t, O*, InterpolationOutput, int);
IMBFAST_INSTANTIATE(float, float)
IMBFAST_INSTANTIATE(double, double)
IMBFAST_INSTANTIATE(float, double)
#undef IMBFAST_INSTANTIATE

}  // namespace imbfast::core
