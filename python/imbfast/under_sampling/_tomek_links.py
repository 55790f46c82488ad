"""Tomek links: remove the members of cross-class mutual nearest-neighbour pairs."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.utils import _safe_indexing

from .. import _core
from ..neighbors import NearestNeighbors
from ._cleaning_utils import (
    drop_self,
    kernel_threads,
    label_codes,
    neighbours_of,
    sparse_fallback,
    targeted_classes,
)
from .base import BaseCleaningSampler

__all__ = ["TomekLinks"]


class TomekLinks(BaseCleaningSampler):
    """Under-sample by removing Tomek links.

    A drop-in for :class:`imblearn.under_sampling.TomekLinks` (0.14.2). Two
    samples of different classes form a Tomek link when each is the other's
    nearest neighbour; the member(s) belonging to a targeted class are removed.
    Nearest neighbours come from the compiled exact kd-tree / brute-force
    engine, queried only for the rows outside the largest class and the rows
    they point to (every link has a member outside the largest class); the
    link test runs in a compiled kernel.

    Parameters
    ----------
    sampling_strategy : str, list or callable, default='auto'
        Which classes are cleaned: ``'majority'``, ``'not minority'``,
        ``'not majority'``, ``'all'``, ``'auto'`` (= ``'not minority'``), or a
        list of class labels.

    n_jobs : int, default=None
        Threads for the neighbour search: ``None`` means all cores (limited by
        ``OMP_NUM_THREADS``), ``-1`` all cores. Results never depend on it.

    Attributes
    ----------
    sampling_strategy_ : dict
        The targeted classes as keys.
    sample_indices_ : ndarray of shape (n_new_samples,)
        Indices of the kept rows, in their original order.
    n_features_in_ : int
        Number of features in the input data.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during `fit`, when they are all strings.

    Notes
    -----
    Each row is excluded from its own neighbour search by index, so a pair of
    exact duplicates with different labels is a Tomek link (imbalanced-learn
    drops the first neighbour column instead and misses such pairs). Ties in
    distance go to the row with the smaller index.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbfast.under_sampling import TomekLinks
    >>> X, y = make_classification(n_classes=2, class_sep=2,
    ...     weights=[0.1, 0.9], n_informative=3, n_redundant=1, flip_y=0,
    ...     n_features=20, n_clusters_per_class=1, n_samples=1000, random_state=10)
    >>> X_res, y_res = TomekLinks().fit_resample(X, y)
    >>> sorted(Counter(y_res).items())
    [(np.int64(0), 100), (np.int64(1), 897)]
    """

    _parameter_constraints: dict = {
        **BaseCleaningSampler._parameter_constraints,
        "n_jobs": [numbers.Integral, None],
    }

    def __init__(
        self, *, sampling_strategy: Any = "auto", n_jobs: int | None = None
    ) -> None:
        super().__init__(sampling_strategy=sampling_strategy)
        self.n_jobs = n_jobs

    @staticmethod
    def is_tomek(y: Any, nn_index: Any, class_type: Any) -> np.ndarray:
        """Flag the rows that belong to a Tomek link and to a targeted class.

        Parameters
        ----------
        y : ndarray of shape (n_samples,)
            Target vector.
        nn_index : ndarray of shape (len(y),)
            Index of each sample's nearest neighbour.
        class_type : list, dict or set
            The targeted classes (labels not in it are never flagged).

        Returns
        -------
        is_tomek : ndarray of shape (len(y),), dtype=bool
            True for the rows of targeted classes that are in a Tomek link.
        """
        y = np.asarray(y)
        classes, codes = label_codes(y)
        nn1 = np.ascontiguousarray(nn_index, dtype=np.int64).reshape(-1)
        links = _core.tomek_links(nn1, codes, targeted_classes(classes, class_type), 1)
        return links.view(bool)

    def _fit_resample(self, X: Any, y: np.ndarray) -> tuple[Any, np.ndarray]:
        classes, codes = label_codes(y)
        nn1 = self._nearest(X, codes, classes.size)
        targeted = targeted_classes(classes, self.sampling_strategy_)
        links = _core.tomek_links(nn1, codes, targeted, kernel_threads(self.n_jobs))
        self.sample_indices_ = np.flatnonzero(links == 0)
        return (
            _safe_indexing(X, self.sample_indices_),
            _safe_indexing(y, self.sample_indices_),
        )

    def _nearest(self, X: Any, codes: np.ndarray, n_classes: int) -> np.ndarray:
        """Each row's nearest other row, wherever it can matter.

        Both members of a link have different labels, so every link has a
        member outside the largest class: only those rows, and the rows of the
        largest class they point to, are queried (2% of the rows for a 1%
        minority). The other rows point to themselves, which is never a link.
        """
        if sparse.issparse(X):
            return np.ascontiguousarray(
                neighbours_of(sparse_fallback(2, self.n_jobs), X, 1)[:, 0]
            )
        n = codes.shape[0]
        largest = int(np.argmax(np.bincount(codes, minlength=n_classes)))
        rows = np.flatnonzero(codes != largest)
        nn = NearestNeighbors(n_neighbors=2, n_jobs=self.n_jobs)
        if rows.shape[0] > n // 4:
            return np.ascontiguousarray(neighbours_of(nn, X, 1)[:, 0])
        if n < 2:
            raise ValueError(
                f"Expected n_neighbors <= n_samples_fit, but n_neighbors = 2, "
                f"n_samples_fit = {n}, n_samples = {n}"
            )
        nn.fit(X)
        nn1 = np.arange(n, dtype=np.int64)
        if rows.size:
            ind = nn.kneighbors(X[rows], n_neighbors=2, return_distance=False)
            nn1[rows] = drop_self(ind, rows)[:, 0]
            partners = np.unique(nn1[rows])
            partners = partners[codes[partners] == largest]
            if partners.size:
                ind = nn.kneighbors(X[partners], n_neighbors=2, return_distance=False)
                nn1[partners] = drop_self(ind, partners)[:, 0]
        return nn1

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.sampler_tags.sample_indices = True
        return tags
