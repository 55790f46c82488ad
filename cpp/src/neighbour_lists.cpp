// Neighbour-list utilities: self-exclusion by index, other-class counts.
#include "imbfast/neighbour_lists.hpp"

#include "imbfast/parallel.hpp"

namespace imbfast::core {

void strip_self(const index_t* ind, index_t n, index_t k, const index_t* self_idx,
                index_t* out, int n_threads) {
    parallel_chunks(n, 4096, threads_for(work_units(n, k), n_threads),
                    [&](index_t begin, index_t end) {
                        for (index_t i = begin; i < end; ++i) {
                            const index_t* row = ind + i * (k + 1);
                            index_t* o = out + i * k;
                            index_t w = 0;
                            bool skipped = false;
                            for (index_t j = 0; j <= k; ++j) {
                                if (!skipped && row[j] == self_idx[i]) {
                                    skipped = true;
                                    continue;
                                }
                                if (w < k) o[w++] = row[j];
                            }
                        }
                    });
}

void count_other_class(const index_t* nbr, index_t n, index_t k,
                       const std::uint8_t* is_target, index_t* counts, int n_threads) {
    parallel_chunks(n, 4096, threads_for(work_units(n, k), n_threads),
                    [&](index_t begin, index_t end) {
                        for (index_t i = begin; i < end; ++i) {
                            const index_t* row = nbr + i * k;
                            index_t c = 0;
                            for (index_t j = 0; j < k; ++j)
                                c += is_target[row[j]] ? 0 : 1;
                            counts[i] = c;
                        }
                    });
}

}  // namespace imbfast::core
