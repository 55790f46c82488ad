"""Neighbourhood cleaning rule: ENN plus the neighbours of misclassified minority
samples."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import clone
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neighbors import NearestNeighbors as SkNearestNeighbors
from sklearn.utils import _safe_indexing
from sklearn.utils._param_validation import HasMethods, Interval

from .._config import neighbour_ties
from .._neighbour_lists import (
    as_float_c,
    check_fit_size,
    nearest_of,
    neighbours_param,
    strip_self,
    strip_self_dist,
)
from .._threads import effective_n_threads
from .._ties import TieResolver
from .._validation import EncodedTarget
from ..base import substitute
from ..neighbors import NearestNeighbors
from ._cleaning_utils import counter_minority, enn_vote, targeted_classes
from ._edited_nearest_neighbours import EditedNearestNeighbours
from .base import BaseCleaningSampler

__all__ = ["NeighbourhoodCleaningRule"]


@substitute()
class NeighbourhoodCleaningRule(BaseCleaningSampler):
    """Under-sample with the neighbourhood cleaning rule.

    A drop-in for :class:`imblearn.under_sampling.NeighbourhoodCleaningRule`
    (0.14.2). Removed: the samples ENN (``kind_sel='mode'``) removes, and the
    neighbours, of a class to clean, of each minority sample its
    ``n_neighbors``-nearest-neighbour classifier gets wrong. The classifier's
    vote and the neighbour search run on the compiled engine; under
    ``neighbour_ties="imblearn"`` the rows a distance tie decides are answered by
    the classifier's own scikit-learn search, as in imbalanced-learn.

    Parameters
    ----------
    sampling_strategy : str, list or callable, default='auto'
        Which classes are cleaned.

    edited_nearest_neighbours : sampler object, default=None
        The ENN step; ``EditedNearestNeighbours(kind_sel='mode')`` with this
        ``sampling_strategy``, ``n_neighbors`` and ``n_jobs`` when not given.

    n_neighbors : int or estimator object, default=3
        Neighbourhood size of the classifier; a ``NearestNeighbors`` (imbfast's
        or scikit-learn's) means ``its n_neighbors - 1``; any other estimator is
        used as the classifier.

    threshold_cleaning : float, default=0.5
        A class is cleaned only if it has more than ``threshold_cleaning``
        times the minority's samples.

    n_jobs : int, default=None
        Threads. Results never depend on it.

    Attributes
    ----------
    sampling_strategy_ : dict
        The targeted classes as keys.
    edited_nearest_neighbours_ : sampler object
        The fitted ENN step.
    nn_ : estimator object
        The fitted ``KNeighborsClassifier``.
    classes_to_clean_ : list
        The classes whose samples may be removed in the second step.
    sample_indices_ : ndarray of shape (n_new_samples,)
        Indices of the kept rows, in their original order.
    {feature_attributes}
    """

    _parameter_constraints: dict = {
        **BaseCleaningSampler._parameter_constraints,
        "edited_nearest_neighbours": [HasMethods(["fit_resample"]), None],
        "n_neighbors": [*neighbours_param()],
        "threshold_cleaning": [Interval(numbers.Real, 0, None, closed="neither")],
        "n_jobs": [numbers.Integral, None],
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        edited_nearest_neighbours: Any = None,
        n_neighbors: Any = 3,
        threshold_cleaning: float = 0.5,
        n_jobs: int | None = None,
    ) -> None:
        super().__init__(sampling_strategy=sampling_strategy)
        self.edited_nearest_neighbours = edited_nearest_neighbours
        self.n_neighbors = n_neighbors
        self.threshold_cleaning = threshold_cleaning
        self.n_jobs = n_jobs

    def _validate_estimator(self) -> bool:
        """Set ``nn_`` and ``edited_nearest_neighbours_``; True when ``nn_`` is
        a plain k-NN classifier the engine can stand in for."""
        plain = True
        if isinstance(self.n_neighbors, numbers.Integral):
            self.nn_ = KNeighborsClassifier(
                n_neighbors=self.n_neighbors, n_jobs=self.n_jobs
            )
        elif isinstance(self.n_neighbors, (SkNearestNeighbors, NearestNeighbors)):
            self.nn_ = KNeighborsClassifier(
                n_neighbors=self.n_neighbors.n_neighbors - 1, n_jobs=self.n_jobs
            )
        else:
            self.nn_ = clone(self.n_neighbors)
            plain = False
        if self.edited_nearest_neighbours is None:
            self.edited_nearest_neighbours_ = EditedNearestNeighbours(
                sampling_strategy=self.sampling_strategy,
                n_neighbors=self.n_neighbors,
                kind_sel="mode",
                n_jobs=self.n_jobs,
            )
        else:
            self.edited_nearest_neighbours_ = clone(self.edited_nearest_neighbours)
        return plain

    def _fit_resample(self, X: Any, y: np.ndarray) -> tuple[Any, np.ndarray]:
        plain = self._validate_estimator()
        self.edited_nearest_neighbours_.fit_resample(X, y)
        removed = np.ones(y.shape, dtype=bool)
        removed[self.edited_nearest_neighbours_.sample_indices_] = False

        target = EncodedTarget.from_labels(y)
        classes, codes = target.classes, target.codes
        min_code, counts = counter_minority(codes, classes.size)
        targeted = targeted_classes(classes, self.sampling_strategy_).astype(bool)
        to_clean = targeted & (counts > counts[min_code] * self.threshold_cleaning)
        # Listed in order of first appearance in y, as Counter(y) lists them.
        first_seen = np.full(classes.size, y.shape[0])
        np.minimum.at(first_seen, codes, np.arange(y.shape[0]))
        self.classes_to_clean_ = [
            classes[c] for c in np.argsort(first_seen, kind="stable") if to_clean[c]
        ]

        self.nn_.fit(X, y)
        minority = np.flatnonzero(codes == min_code)
        k = int(self.nn_.n_neighbors)
        X_min = _safe_indexing(X, minority)
        if plain and not sparse.issparse(X) and neighbour_ties() == "imblearn":
            vote_ind, ind = self._imblearn_lists(X, X_min, minority, k)
            vote = enn_vote(
                vote_ind, minority, codes, classes.size, k, "mode", self.n_jobs
            )
            wrong = vote == 0
            ind = np.concatenate((np.zeros((ind.shape[0], 1), ind.dtype), ind), 1)
        elif plain and not sparse.issparse(X):
            # The classifier's vote on the training set: the k nearest rows,
            # the query row itself included; ties of the vote to the smallest label.
            ind = nearest_of(X, X_min, k + 1, self.n_jobs)
            vote = enn_vote(
                ind[:, :k], minority, codes, classes.size, k, "mode", self.n_jobs
            )
            wrong = vote == 0
        else:
            wrong = self.nn_.predict(X_min) != y[minority]
            ind = self.nn_.kneighbors(X_min, n_neighbors=k + 1, return_distance=False)
        a2 = np.unique(np.asarray(ind)[wrong, 1:])
        a2 = a2[to_clean[codes[a2]]]
        removed[a2] = True
        self.sample_indices_ = np.flatnonzero(~removed)
        return (
            _safe_indexing(X, self.sample_indices_),
            _safe_indexing(y, self.sample_indices_),
        )

    def _imblearn_lists(self, X, X_min, minority, k):
        """imbalanced-learn's two searches of the fitted classifier, under the tie
        rule: ``predict``'s ``kneighbors(X_min)`` (``k`` neighbours, the vote: any
        order, the set decides) and ``kneighbors(X_min, k + 1)[:, 1:]`` (the
        neighbours removed). One engine query of ``k + 2`` answers both where no
        tie or rounding decides; a tree search of scikit-learn the other rows."""
        n = X.shape[0]
        check_fit_size(k + 1, n, minority.shape[0])
        Xf = as_float_c(np.asarray(X))
        width = min(k + 2, n)
        dist, ind = nearest_of(
            Xf, Xf[minority], width, self.n_jobs, return_distance=True
        )
        resolver = TieResolver(np.asarray(X), {"n_neighbors": k, "n_jobs": self.n_jobs})
        vote_w = min(k + 1, n)
        vote_ind = resolver.resolve(dist[:, :vote_w], ind[:, :vote_w], k, X_query=X_min)
        s_ind = strip_self(ind, minority, effective_n_threads(self.n_jobs))
        s_dist = strip_self_dist(dist, ind, minority)
        a2_ind = resolver.resolve(s_dist, s_ind, k, X_query=X_min, query_rows=minority)
        return vote_ind, a2_ind

    _sample_indices = True
