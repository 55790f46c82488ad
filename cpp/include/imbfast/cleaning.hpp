// Kernels for the cleaning samplers, one source file each: the ENN vote and its
// repeated forms (enn_vote.cpp), Tomek links (tomek_links.cpp), NearMiss ranking
// (nearmiss.cpp), the CNN pass (condensed_nearest_neighbour.cpp). Nothing here knows
// about Python: labels arrive as int64 codes 0..n_classes-1 (np.unique's inverse),
// neighbour lists as int64 row indices, masks as uint8. Every input is validated by the
// caller.
#pragma once

#include <cstdint>

#include "imbfast/common.hpp"

namespace imbfast::core {

// links[i] = targeted[codes[i]] && codes[nn1[i]] != codes[i] && nn1[nn1[i]] == i,
// where nn1[i] is the nearest other row of row i.
void tomek_links(const index_t* nn1, const index_t* codes, const std::uint8_t* targeted,
                 index_t n, std::uint8_t* links, int n_threads);

enum class EnnKind : int { all = 0, mode = 1 };

// Vote of the edited-nearest-neighbours rule for the query rows rows[0..m).
//
// nbrs holds neighbour lists (nearest first, -1 = no entry), width per list: with
// compact == false one list per data row (query row r uses list r), with
// compact == true one list per query (query i uses list i). codes has one entry per
// data row. For query row r the first k entries of its list that are alive (alive ==
// nullptr: every entry is alive) are its neighbours. out[i] is
//   1  keep   (kind all: every neighbour has r's label; kind mode: the most common
//              neighbour label, ties to the smallest code, is r's label),
//   0  remove,
//   2  the list holds fewer than k alive entries: the caller must repair it.
void enn_vote(const index_t* nbrs, index_t width, bool compact, const index_t* rows,
              index_t m, const std::uint8_t* alive, const index_t* codes,
              index_t n_classes, index_t k, EnnKind kind, std::int8_t* out,
              int n_threads);

// NearMiss score of each of m rows: the sum of the last `take` of its `width`
// ordered distances (columns width-take .. width-1), summed as numpy's np.sum does
// (pairwise summation), so the ranking equals imbalanced-learn's bit for bit.
void nearmiss_scores(const double* dist, index_t m, index_t width, index_t take,
                     double* out, int n_threads);

// Condensed-nearest-neighbour pass over the m rows S (m x d) of one class, as
// imbalanced-learn 0.14.2 runs it. best_d2 / best_code (m x k, row-major,
// ascending distance) hold each row's k nearest prototypes (squared distance,
// label code) in the initial prototype set and are updated in place. Rows are
// visited in order; a row whose skip flag is set is passed over; a row whose
// k-NN vote (ties to the smallest code) is not `target` becomes a prototype:
// its position is appended to `added`, skip[s_global[row]] is set when
// s_global[row] < m (imbalanced-learn compares positions with global indices),
// and every row's list takes the new prototype if it is strictly closer than
// the row's k-th. Returns the number of rows added.
template <class T>
index_t cnn_select(const T* S, index_t m, index_t d, const index_t* s_global,
                   double* best_d2, index_t* best_code, index_t k, index_t target,
                   index_t n_classes, std::uint8_t* skip, index_t* added,
                   int n_threads);

}  // namespace imbfast::core
