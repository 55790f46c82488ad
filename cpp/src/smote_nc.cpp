// SMOTE-NC kernels besides the search: the categorical vote and the CSR-like
// column variance.
#include "imbfast/smote_nc.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <utility>
#include <vector>

#include "imbfast/parallel.hpp"

namespace imbfast::core {

template <class T>
void csr_like_variance(const T* X, index_t n, index_t d, double* var) {
    std::vector<double> mean(d, 0.0), corr(d, 0.0);
    std::vector<index_t> nnz(d, 0);
    for (index_t j = 0; j < d; ++j) var[j] = 0.0;
    for (index_t i = 0; i < n; ++i) {
        const T* row = X + i * d;
        for (index_t j = 0; j < d; ++j) {
            if (row[j] != T(0)) {
                mean[j] += static_cast<double>(row[j]);
                ++nnz[j];
            }
        }
    }
    const double sw = static_cast<double>(n);
    for (index_t j = 0; j < d; ++j) mean[j] /= sw;
    for (index_t i = 0; i < n; ++i) {
        const T* row = X + i * d;
        for (index_t j = 0; j < d; ++j) {
            if (row[j] != T(0)) {
                const double diff = static_cast<double>(row[j]) - mean[j];
                corr[j] += diff;
                var[j] += diff * diff;
            }
        }
    }
    for (index_t j = 0; j < d; ++j) {
        const double zeros = sw - static_cast<double>(nnz[j]);
        if (nnz[j] != n) corr[j] -= zeros * mean[j];
        corr[j] = corr[j] * corr[j] / sw;
        if (nnz[j] != n) var[j] += zeros * (mean[j] * mean[j]);
        var[j] = (var[j] - corr[j]) / sw;
    }
}

namespace {

// np.isclose(x, y) for one pair, in the arithmetic numpy uses for the dtype.
template <class S>
bool isclose(S x, S y) {
    const S atol = static_cast<S>(1e-8), rtol = static_cast<S>(1e-5);
    const S tol = atol + rtol * std::abs(y);
    return (std::abs(x - y) <= tol && std::isfinite(y)) || x == y;
}

// Candidate categories of one new sample, ascending; calls emit(code) for each.
struct Voter {
    const std::int32_t* codes;
    index_t q, f, n_categories;
    const index_t* nns;
    index_t k;
    std::vector<std::uint8_t> ok;  // ok[c]: a category voted c times is a candidate

    template <class Emit>
    void candidates(index_t seed, std::vector<std::pair<std::int32_t, index_t>>& runs,
                    std::vector<std::int32_t>& buf, Emit&& emit) const {
        buf.clear();
        const index_t* nb = nns + seed * k;
        for (index_t j = 0; j < k; ++j) buf.push_back(codes[nb[j] * q + f]);
        std::sort(buf.begin(), buf.end());
        runs.clear();
        for (size_t j = 0; j < buf.size();) {
            size_t e = j;
            while (e < buf.size() && buf[e] == buf[j]) ++e;
            runs.emplace_back(buf[j], static_cast<index_t>(e - j));
            j = e;
        }
        emit_all(runs, emit);
    }

    template <class Emit>
    void emit_all(const std::vector<std::pair<std::int32_t, index_t>>& runs,
                  Emit&& emit) const {
        index_t cmax = 0;
        for (const auto& r : runs) cmax = std::max(cmax, r.second);
        const std::uint8_t* okp = ok.data() + cmax * (k + 1);
        if (okp[0]) {  // absent categories tie with the maximum too
            size_t r = 0;
            for (index_t c = 0; c < n_categories; ++c) {
                index_t cnt = 0;
                if (r < runs.size() && runs[r].first == c) cnt = runs[r++].second;
                if (okp[cnt]) emit(static_cast<std::int32_t>(c));
            }
        } else {
            for (const auto& r : runs) {
                if (okp[r.second]) emit(r.first);
            }
        }
    }
};

template <class S>
std::vector<std::uint8_t> ok_table(index_t k, S v) {
    // score[c]: v summed c times in S; table[cmax][c] = isclose(score[c], score[cmax]).
    std::vector<S> score(static_cast<size_t>(k + 1));
    score[0] = S(0);
    for (index_t c = 1; c <= k; ++c)
        score[c] = c == 1 ? v : static_cast<S>(score[c - 1] + v);
    std::vector<std::uint8_t> table(static_cast<size_t>((k + 1) * (k + 1)));
    for (index_t m = 0; m <= k; ++m)
        for (index_t c = 0; c <= k; ++c)
            table[m * (k + 1) + c] = isclose<S>(score[c], score[m]);
    return table;
}

}  // namespace

void categorical_vote(const std::int32_t* codes, index_t q, index_t f,
                      index_t n_categories, const index_t* nns, index_t k,
                      const index_t* rows, index_t n_new, double v, int score_kind,
                      std::int64_t* n_cand, const index_t* offsets, index_t* perm,
                      index_t n_perm, std::int32_t* choice, int n_threads) {
    Voter voter{codes, q, f, n_categories, nns, k, {}};
    if (score_kind == 0) {
        voter.ok = ok_table<float>(k, static_cast<float>(v));
    } else if (score_kind == 1) {
        voter.ok = ok_table<double>(k, v);
    } else {  // exact integer sums, compared as numpy does (in double)
        std::vector<double> score(static_cast<size_t>(k + 1));
        for (index_t c = 0; c <= k; ++c) score[c] = static_cast<double>(c) * v;
        voter.ok.resize(static_cast<size_t>((k + 1) * (k + 1)));
        for (index_t m = 0; m <= k; ++m)
            for (index_t c = 0; c <= k; ++c)
                voter.ok[m * (k + 1) + c] = isclose<double>(score[c], score[m]);
    }
    const int threads = threads_for(work_units(n_new, k), n_threads);
    if (choice == nullptr) {
        parallel_chunks(n_new, 4096, threads, [&](index_t begin, index_t end) {
            std::vector<std::pair<std::int32_t, index_t>> runs;
            std::vector<std::int32_t> buf;
            for (index_t i = begin; i < end; ++i) {
                std::int64_t c = 0;
                voter.candidates(rows[i], runs, buf, [&](std::int32_t) { ++c; });
                n_cand[i] = c;
            }
        });
        return;
    }
    // pos(p): position of candidate pair p in the permuted order
    auto choose = [&](auto pos) {
        parallel_chunks(n_new, 4096, threads, [&](index_t begin, index_t end) {
            std::vector<std::pair<std::int32_t, index_t>> runs;
            std::vector<std::int32_t> buf;
            for (index_t i = begin; i < end; ++i) {
                index_t j = 0, best = -1;
                std::int32_t chosen = -1;
                const index_t off = offsets[i];
                voter.candidates(rows[i], runs, buf, [&](std::int32_t c) {
                    const index_t p = pos(off + j++);
                    if (best < 0 || p < best) {
                        best = p;
                        chosen = c;
                    }
                });
                choice[i] = chosen;
            }
        });
    };
    if (n_perm < (index_t{1} << 31)) {
        // No second array of n_perm entries: perm is packed to int32 in the first
        // half of its own buffer (serially, front to back: each 4-byte write lands
        // on bytes already read) and the positions are scattered into the second.
        auto* bytes = reinterpret_cast<unsigned char*>(perm);
        for (index_t t = 0; t < n_perm; ++t) {
            index_t value;
            std::memcpy(&value, bytes + 8 * t, sizeof value);
            if (value < 0 || value >= n_perm)
                throw std::invalid_argument("perm out of range");
            const auto packed = static_cast<std::int32_t>(value);
            std::memcpy(bytes + 4 * t, &packed, sizeof packed);
        }
        const auto* packed = reinterpret_cast<const std::int32_t*>(bytes);
        auto* pos = reinterpret_cast<std::int32_t*>(bytes + 4 * n_perm);
        parallel_chunks(n_perm, 1 << 16, threads, [&](index_t begin, index_t end) {
            for (index_t t = begin; t < end; ++t)
                pos[packed[t]] = static_cast<std::int32_t>(t);
        });
        choose([pos](index_t p) { return static_cast<index_t>(pos[p]); });
    } else {
        std::vector<index_t> pos(static_cast<size_t>(n_perm));
        for (index_t t = 0; t < n_perm; ++t) {
            if (perm[t] < 0 || perm[t] >= n_perm)
                throw std::invalid_argument("perm out of range");
        }
        parallel_chunks(n_perm, 1 << 16, threads, [&](index_t begin, index_t end) {
            for (index_t t = begin; t < end; ++t) pos[perm[t]] = t;
        });
        choose([&pos](index_t p) { return pos[p]; });
    }
}

template void csr_like_variance<float>(const float*, index_t, index_t, double*);
template void csr_like_variance<double>(const double*, index_t, index_t, double*);

}  // namespace imbfast::core
