"""Condensed nearest neighbour: keep a subset that 1-NN-classifies the rest."""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import clone
from sklearn.utils import _safe_indexing, check_random_state

from .. import _core
from .._config import neighbour_ties
from .._neighbour_lists import as_float_c, check_fit_size, prototype_lists
from .._threads import effective_n_threads
from .._ties import TieResolver, gap_flags
from .._validation import EncodedTarget
from ..base import substitute
from ._cleaning_utils import counter_minority, is_plain_knn, knn_params
from ._oss import _knn_estimator, _SeededNeighbourSampler

__all__ = ["CondensedNearestNeighbour"]


@substitute()
class CondensedNearestNeighbour(_SeededNeighbourSampler):
    """Under-sample with the condensed nearest neighbour rule.

    A drop-in for :class:`imblearn.under_sampling.CondensedNearestNeighbour`
    (0.14.2): the same ``random_state`` keeps the same rows in the same order.
    For each targeted class, the prototypes start as the minority class plus
    ``n_seeds_S`` random samples; the class samples are visited in order and
    each one the k-NN classifier of the prototypes gets wrong becomes a
    prototype. The pass runs in a compiled kernel that keeps every sample's k
    nearest prototypes up to date (one distance per sample for each new
    prototype) instead of refitting and re-predicting the classifier. Under
    ``neighbour_ties="imblearn"`` the same pass runs in numpy, and a sample whose
    vote a distance tie (or scikit-learn's rounding) could decide is answered by
    the classifier imbalanced-learn has fitted at that moment.

    Parameters
    ----------
    sampling_strategy : str, list or callable, default='auto'
        Which classes are cleaned.
    random_state : int, RandomState instance or None, default=None
        Draws the seeds (numpy's legacy stream, as imbalanced-learn).
    n_neighbors : int or estimator object, default=None
        ``None``: a 1-NN classifier; an int: a k-NN classifier; an estimator:
        used as the classifier.
    n_seeds_S : int, default=1
        Number of seeds drawn from each targeted class.
    n_jobs : int, default=None
        Threads. Results never depend on it.

    Attributes
    ----------
    sampling_strategy_ : dict
        The targeted classes as keys.
    estimators_ : list of estimator objects
        The classifier fitted on each targeted class's final prototypes.
    sample_indices_ : ndarray of shape (n_new_samples,)
        Indices of the kept rows, grouped by class in sorted label order.
    {feature_attributes}

    Notes
    -----
    imbalanced-learn skips a sample when its *position* in the class equals the
    *row index* of a prototype (it mixes the two in one set); imbfast
    reproduces that to keep the same rows.
    """

    def _fit_resample(self, X: Any, y: np.ndarray) -> tuple[Any, np.ndarray]:
        estimator = _knn_estimator(self.n_neighbors, self.n_jobs)
        fast = is_plain_knn(estimator) and not sparse.issparse(X)
        rs = check_random_state(self.random_state)
        target = EncodedTarget.from_labels(y)
        classes, codes = target.classes, target.codes
        min_code, counts = counter_minority(codes, classes.size)
        minority = np.flatnonzero(codes == min_code)
        Xf = as_float_c(X) if fast else None
        kept = []
        self.estimators_ = []
        for c, label in enumerate(classes):
            idx_maj = np.flatnonzero(codes == c)
            if label not in self.sampling_strategy_:
                kept.append(idx_maj)
                continue
            seeds = idx_maj[rs.randint(low=0, high=counts[c], size=self.n_seeds_S)]
            if fast and neighbour_ties() == "imblearn":
                seeds = _condense_ties(
                    X,
                    Xf,
                    codes,
                    c,
                    classes.size,
                    minority,
                    idx_maj,
                    seeds,
                    estimator,
                    self.n_jobs,
                )
            elif fast:
                seeds = self._condense_fast(
                    Xf,
                    codes,
                    c,
                    classes.size,
                    minority,
                    idx_maj,
                    seeds,
                    int(estimator.n_neighbors),
                )
            else:
                seeds = self._condense_generic(
                    X, y, estimator, minority, idx_maj, seeds
                )
            C = np.append(minority, seeds)
            self.estimators_.append(
                clone(estimator).fit(_safe_indexing(X, C), _safe_indexing(y, C))
            )
            kept.append(seeds)
        self.sample_indices_ = np.concatenate(kept).astype(np.intp, copy=False)
        return (
            _safe_indexing(X, self.sample_indices_),
            _safe_indexing(y, self.sample_indices_),
        )

    def _condense_fast(self, Xf, codes, c, n_classes, minority, idx_maj, seeds, k):
        C = np.append(minority, seeds)
        S = Xf[idx_maj]
        _, d2, pcodes = prototype_lists(Xf[C], codes[C], S, k, self.n_jobs)
        m = idx_maj.shape[0]
        skip = np.zeros(m, dtype=np.uint8)
        skip[seeds[seeds < m]] = 1
        added = _core.cnn_select(
            S,
            idx_maj.astype(np.int64),
            d2,
            pcodes,
            int(c),
            int(n_classes),
            skip,
            effective_n_threads(self.n_jobs),
        )
        return np.append(seeds, idx_maj[added])

    def _condense_generic(self, X, y, estimator, minority, idx_maj, seeds):
        """imbalanced-learn's loop, for sparse data and custom classifiers."""
        C = np.append(minority, seeds)
        est = clone(estimator).fit(_safe_indexing(X, C), _safe_indexing(y, C))
        S_x = _safe_indexing(X, idx_maj)
        S_y = y[idx_maj]
        good = set(seeds.tolist())
        for pos in range(idx_maj.shape[0]):
            if pos in good:
                continue
            x = S_x[pos] if sparse.issparse(S_x) else S_x[pos].reshape(1, -1)
            if est.predict(x)[0] != S_y[pos]:
                seeds = np.append(seeds, idx_maj[pos])
                C = np.append(C, idx_maj[pos])
                est.fit(_safe_indexing(X, C), _safe_indexing(y, C))
                pred = est.predict(S_x)
                good = set(seeds.tolist()) | set(np.flatnonzero(pred == S_y).tolist())
        return seeds

    _sample_indices = True


def _mode_codes(labels: np.ndarray, n_classes: int) -> np.ndarray:
    """Per row, the most frequent code (ties: the smallest), as the k-NN
    classifier's uniform vote."""
    counts = np.zeros((labels.shape[0], n_classes), dtype=np.int64)
    rows = np.arange(labels.shape[0])
    for j in range(labels.shape[1]):
        np.add.at(counts, (rows, labels[:, j]), 1)
    return np.argmax(counts, axis=1)


def _condense_ties(
    X, Xf, codes, c, n_classes, minority, idx_maj, seeds, estimator, n_jobs
):
    """The CNN pass under ``neighbour_ties="imblearn"``: ``_core.cnn_select``'s
    pass (every sample's ``k + 1`` nearest prototypes kept up to date, one
    distance per sample for each new prototype), in numpy, where a sample whose
    vote a tie or rounding could decide (the cut between its k-th and (k+1)-th
    prototype) is answered by imbalanced-learn's own classifier search on the
    prototypes of that moment (:mod:`imbfast._ties`): its ``predict`` of the
    visited sample, and, for brute force, also of all samples after each new
    prototype (whose answer decides which samples are skipped).

    Returns the seeds followed by the added rows, as imbalanced-learn."""
    k = int(estimator.n_neighbors)
    params = knn_params(estimator)
    m, d = idx_maj.shape[0], Xf.shape[1]
    S = Xf[idx_maj]
    S_orig = _safe_indexing(X, idx_maj)
    S_orig = S_orig if sparse.issparse(S_orig) else np.asarray(S_orig)
    X_orig = np.asarray(X)
    C = list(np.append(minority, seeds))
    check_fit_size(k, len(C), m)
    w = k + 1
    # State: each sample's w nearest prototypes (squared distance summed feature
    # by feature as the kernel sums them, ordered by distance, ties by prototype
    # position), padded with inf / -1.
    D = np.full((m, w), np.inf)
    P = np.full((m, w), -1, dtype=np.int64)
    w0 = min(w, len(C))
    ind, d2, _ = prototype_lists(Xf[C], codes[C], S, w0, n_jobs)
    order = np.lexsort((ind, d2))
    D[:, :w0] = np.take_along_axis(d2, order, 1)
    P[:, :w0] = np.take_along_axis(ind, order, 1)
    S64T = np.ascontiguousarray(S.T, dtype=np.float64)  # feature by feature
    norms = np.einsum("ji,ji->i", S64T, S64T)
    # per prototype position: label code and squared norm (room for every sample)
    n0 = len(C)
    C_codes = np.empty(n0 + m, dtype=np.int64)
    C_codes[:n0] = codes[C]
    C_norms = np.empty(n0 + m)
    XC = Xf[C].astype(np.float64)
    C_norms[:n0] = np.einsum("ij,ij->i", XC, XC)

    def algorithm():
        return TieResolver(np.empty((len(C), d)), params).algorithm(k)

    def vote_and_flags(rows, algo):
        pc = C_codes[P[rows, :k]]
        correct = _mode_codes(pc, n_classes) == c
        if algo == "brute":
            cn = C_norms
            lo_i, hi_i = P[rows, k - 1], P[rows, k]
            flags = gap_flags(
                D[rows, k - 1],
                D[rows, k],
                d,
                algo,
                norms[rows],
                cn[lo_i],
                np.where(hi_i >= 0, cn[hi_i], 0.0),
            )
        else:
            flags = gap_flags(D[rows, k - 1], D[rows, k], d, algo)
        return correct, flags

    algo = algorithm()
    all_rows = np.arange(m)
    correct, flagged = vote_and_flags(all_rows, algo)
    skip = np.zeros(m, dtype=bool)
    skip[seeds[seeds < m]] = True
    added = []
    pos = 0
    have_batch = False

    def sk_correct(resolver, rows, batch):
        """imbalanced-learn's vote for ``rows`` on the current prototypes."""
        if batch or algo != "brute":
            _, ind = resolver.answer(S_orig, rows, k)
        else:  # predict(x_sam): a query of one row
            ind = np.vstack(
                [resolver.answer(S_orig[r : r + 1], [0], k)[1] for r in rows]
            )
        pc = C_codes[ind]
        return _mode_codes(pc, n_classes) == c

    while pos < m:
        cand = np.flatnonzero(~skip[pos:]) + pos
        if cand.size == 0:
            break
        definite = np.flatnonzero(~flagged[cand] & ~correct[cand])
        stop = definite[0] if definite.size else cand.size
        hit = cand[stop] if definite.size else -1
        doubt = cand[:stop][flagged[cand[:stop]]]
        if doubt.size:
            resolver = TieResolver(X_orig[np.asarray(C)], params)
            start, chunk = 0, 16
            while start < doubt.size:
                part = doubt[start : start + chunk]
                wrong = ~sk_correct(resolver, part, False)
                if algo == "brute" and have_batch:
                    # skipped unless its batch answer after the last new
                    # prototype was wrong too
                    wrong &= ~sk_correct(resolver, part, True)
                if wrong.any():
                    hit = int(part[np.argmax(wrong)])
                    break
                start += chunk
                chunk *= 4
        if hit < 0:
            break
        # a new prototype: row idx_maj[hit]
        added.append(hit)
        g = int(idx_maj[hit])
        if g < m:
            skip[g] = True
        C.append(g)
        xg = Xf[g].astype(np.float64)
        C_codes[len(C) - 1] = codes[g]
        C_norms[len(C) - 1] = xg @ xg
        pos = hit + 1
        dn = np.zeros(m - pos)
        for j in range(d):
            diff = S64T[j, pos:] - xg[j]
            dn += diff * diff
        at = (D[pos:] <= dn[:, None]).sum(axis=1)
        moved = at < w
        rows = np.flatnonzero(moved) + pos
        if rows.size:
            Dr, Pr, a = D[rows], P[rows], at[moved][:, None]
            cols = np.arange(w)[None, :]
            Dsh = np.concatenate((Dr[:, :1], Dr[:, :-1]), axis=1)
            Psh = np.concatenate((Pr[:, :1], Pr[:, :-1]), axis=1)
            D[rows] = np.where(
                cols < a, Dr, np.where(cols == a, dn[moved][:, None], Dsh)
            )
            P[rows] = np.where(cols < a, Pr, np.where(cols == a, len(C) - 1, Psh))
        new_algo = algorithm()
        if new_algo != algo:
            algo = new_algo
            rows = np.arange(pos, m)
        if rows.size:
            correct[rows], flagged[rows] = vote_and_flags(rows, algo)
        have_batch = True
    return np.append(seeds, idx_maj[np.asarray(added, dtype=np.int64)])
