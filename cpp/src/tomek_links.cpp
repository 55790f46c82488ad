// Tomek links from each row's nearest other row.
#include "imbfast/cleaning.hpp"

#include "imbfast/parallel.hpp"

namespace imbfast::core {

void tomek_links(const index_t* nn1, const index_t* codes, const std::uint8_t* targeted,
                 index_t n, std::uint8_t* links, int n_threads) {
    parallel_chunks(n, 8192, threads_for(work_units(n, 4), n_threads),
                    [&](index_t begin, index_t end) {
                        for (index_t i = begin; i < end; ++i) {
                            const index_t j = nn1[i];
                            links[i] = static_cast<std::uint8_t>(targeted[codes[i]] &&
                                                                 codes[j] != codes[i] &&
                                                                 nn1[j] == i);
                        }
                    });
}

}  // namespace imbfast::core
