"""Condensed nearest neighbour: keep a subset that 1-NN-classifies the rest."""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import clone
from sklearn.utils import _safe_indexing, check_random_state

from .. import _core
from .._neighbour_lists import as_float_c, prototype_lists
from .._threads import effective_n_threads
from .._validation import EncodedTarget
from ..base import substitute
from ._cleaning_utils import counter_minority, is_plain_knn
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
    prototype) instead of refitting and re-predicting the classifier.

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
            if fast:
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
