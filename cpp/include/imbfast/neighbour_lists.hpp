// Neighbour-list utilities shared by the samplers: self-exclusion by index and
// other-class counts. Nothing here knows about Python; indices are validated by
// the caller.
#pragma once

#include <cstdint>

#include "imbfast/common.hpp"

namespace imbfast::core {

// ind is n x (k+1): the k+1 nearest indexed points of query i, ordered by
// (distance, index). self_idx[i] is the query's own index in the indexed data.
// out (n x k) gets the list without the query itself: its entry removed when
// present, the last column dropped otherwise. Identical to a self-excluding
// k-query ordered by (distance, index).
void strip_self(const index_t* ind, index_t n, index_t k, const index_t* self_idx,
                index_t* out, int n_threads);

// counts[i] = #{j < k : !is_target[nbr[i, j]]}: neighbours of another class.
void count_other_class(const index_t* nbr, index_t n, index_t k,
                       const std::uint8_t* is_target, index_t* counts, int n_threads);

}  // namespace imbfast::core
