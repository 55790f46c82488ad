// NearMiss scores: numpy-exact sums of each row's farthest kept distances.
#include "imbfast/cleaning.hpp"

#include "imbfast/numpy_sum.hpp"
#include "imbfast/parallel.hpp"

namespace imbfast::core {

void nearmiss_scores(const double* dist, index_t m, index_t width, index_t take,
                     double* out, int n_threads) {
    parallel_chunks(m, 8192, threads_for(work_units(m, take), n_threads),
                    [&](index_t begin, index_t end) {
                        for (index_t i = begin; i < end; ++i) {
                            out[i] = numpy_pairwise_sum(
                                dist + i * width + (width - take), take);
                        }
                    });
}

}  // namespace imbfast::core
