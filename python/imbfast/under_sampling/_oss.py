"""One-sided selection: a 1-NN condensation pass followed by Tomek links."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import clone
from sklearn.neighbors import KNeighborsClassifier
from sklearn.utils import _safe_indexing, check_random_state
from sklearn.utils._param_validation import Interval

from .._config import neighbour_ties
from .._neighbour_lists import (
    as_float_c,
    foreign_neighbours,
    neighbours_param,
    prototype_lists,
)
from .._validation import EncodedTarget
from ..base import substitute
from ._cleaning_utils import counter_minority, enn_vote, is_plain_knn, knn_params
from ._tomek_links import TomekLinks
from .base import BaseCleaningSampler

__all__ = ["OneSidedSelection"]


def _knn_estimator(n_neighbors: Any, n_jobs: int | None) -> Any:
    if n_neighbors is None:
        return KNeighborsClassifier(n_neighbors=1, n_jobs=n_jobs)
    if isinstance(n_neighbors, numbers.Integral):
        return KNeighborsClassifier(n_neighbors=n_neighbors, n_jobs=n_jobs)
    return clone(n_neighbors)


class _SeededNeighbourSampler(BaseCleaningSampler):
    """Parameters shared by OneSidedSelection and CondensedNearestNeighbour."""

    _parameter_constraints: dict = {
        **BaseCleaningSampler._parameter_constraints,
        "n_neighbors": [*neighbours_param(), None],
        "n_seeds_S": [Interval(numbers.Integral, 1, None, closed="left")],
        "n_jobs": [numbers.Integral, None],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        n_neighbors: Any = None,
        n_seeds_S: int = 1,
        n_jobs: int | None = None,
    ) -> None:
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state
        self.n_neighbors = n_neighbors
        self.n_seeds_S = n_seeds_S
        self.n_jobs = n_jobs


@substitute()
class OneSidedSelection(_SeededNeighbourSampler):
    """Under-sample with one-sided selection.

    A drop-in for :class:`imblearn.under_sampling.OneSidedSelection` (0.14.2):
    the same ``random_state`` keeps the same rows in the same order. For each
    targeted class, ``n_seeds_S`` random samples plus the minority class form a
    k-NN classifier; the class samples it gets wrong are kept with the seeds;
    Tomek links are then removed. The classifier's vote runs on the compiled
    engine (under ``neighbour_ties="imblearn"``, rows a distance tie decides are
    answered by the classifier's own scikit-learn search).

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
        The classifier fitted for each targeted class.
    sample_indices_ : ndarray of shape (n_new_samples,)
        Indices of the kept rows.
    {feature_attributes}
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
            sel = rs.randint(low=0, high=counts[c], size=self.n_seeds_S)
            seeds = idx_maj[sel]
            C = np.append(minority, seeds)
            S = np.delete(idx_maj, sel, axis=0)
            self.estimators_.append(
                clone(estimator).fit(_safe_indexing(X, C), _safe_indexing(y, C))
            )
            if fast:
                k = int(estimator.n_neighbors)
                if neighbour_ties() == "imblearn":
                    ind = foreign_neighbours(
                        _safe_indexing(X, C),
                        _safe_indexing(X, S),
                        k,
                        self.n_jobs,
                        imblearn=knn_params(estimator),
                    )
                else:
                    ind, _, _ = prototype_lists(Xf[C], codes[C], Xf[S], k, self.n_jobs)
                # Vote against C's labels: own label = c (an extra code slot).
                codes_ext = np.append(codes[C], c).astype(np.int64)
                own = np.full(S.shape[0], C.shape[0], dtype=np.int64)
                vote = enn_vote(
                    ind, own, codes_ext, classes.size, k, "mode", self.n_jobs
                )
                wrong = vote == 0
            else:
                pred = self.estimators_[-1].predict(_safe_indexing(X, S))
                wrong = pred != y[S]
            kept.append(np.concatenate((seeds, S[wrong])))
        idx_under = np.concatenate(kept).astype(np.intp, copy=False)
        tl = TomekLinks(
            sampling_strategy=list(self.sampling_strategy_.keys()), n_jobs=self.n_jobs
        )
        tl.fit_resample(_safe_indexing(X, idx_under), _safe_indexing(y, idx_under))
        self.sample_indices_ = idx_under[tl.sample_indices_]
        return (
            _safe_indexing(X, self.sample_indices_),
            _safe_indexing(y, self.sample_indices_),
        )

    _sample_indices = True
