// The edited-nearest-neighbours vote (ENN, RENN, AllKNN, NCR).
#include "imbfast/cleaning.hpp"

#include <vector>

#include "imbfast/parallel.hpp"

namespace imbfast::core {

void enn_vote(const index_t* nbrs, index_t width, bool compact, const index_t* rows,
              index_t m, const std::uint8_t* alive, const index_t* codes,
              index_t n_classes, index_t k, EnnKind kind, std::int8_t* out,
              int n_threads) {
    parallel_chunks(
        m, 4096, threads_for(work_units(m, k), n_threads),
        [&](index_t begin, index_t end) {
            // Per-chunk vote counters; only the touched entries are reset.
            std::vector<index_t> counts(kind == EnnKind::mode ? n_classes : 0, 0);
            std::vector<index_t> seen;
            seen.reserve(static_cast<std::size_t>(k));
            for (index_t i = begin; i < end; ++i) {
                const index_t r = rows[i];
                const index_t own = codes[r];
                const index_t* list = nbrs + (compact ? i : r) * width;
                index_t found = 0;
                bool all_same = true;
                seen.clear();
                for (index_t j = 0; j < width && found < k; ++j) {
                    const index_t q = list[j];
                    if (q < 0) break;
                    if (alive != nullptr && !alive[q]) continue;
                    ++found;
                    const index_t c = codes[q];
                    if (kind == EnnKind::all) {
                        if (c != own) all_same = false;
                    } else {
                        if (counts[c]++ == 0) seen.push_back(c);
                    }
                }
                if (found < k) {
                    out[i] = 2;
                } else if (kind == EnnKind::all) {
                    out[i] = all_same ? 1 : 0;
                } else {
                    index_t best = -1, best_count = 0;
                    for (const index_t c : seen) {
                        const index_t cnt = counts[c];
                        if (cnt > best_count || (cnt == best_count && c < best)) {
                            best = c;
                            best_count = cnt;
                        }
                    }
                    out[i] = best == own ? 1 : 0;
                }
                for (const index_t c : seen) counts[c] = 0;
            }
        });
}

}  // namespace imbfast::core
