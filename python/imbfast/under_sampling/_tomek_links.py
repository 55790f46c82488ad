"""Tomek links: remove the members of cross-class mutual nearest-neighbour pairs."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.utils import _safe_indexing

from .. import _core
from .._config import neighbour_ties
from .._neighbour_lists import check_fit_size, neighbours_of, sparse_fallback
from .._threads import effective_n_threads
from .._ties import sklearn_algorithm
from .._validation import EncodedTarget
from ..base import substitute
from ..neighbors import NearestNeighbors
from ._cleaning_utils import targeted_classes
from .base import BaseCleaningSampler

__all__ = ["TomekLinks"]


def _int64(codes: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(codes, dtype=np.int64)


@substitute(sampling_strategy=BaseCleaningSampler._sampling_strategy_docstring)
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
    {sampling_strategy}

    n_jobs : int, default=None
        Threads for the neighbour search: ``None`` means all cores (limited by
        ``OMP_NUM_THREADS``), ``-1`` all cores. Results never depend on it.

    Attributes
    ----------
    sampling_strategy_ : dict
        The targeted classes as keys.
    sample_indices_ : ndarray of shape (n_new_samples,)
        Indices of the kept rows, in their original order.
    {feature_attributes}

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
        target = EncodedTarget.from_labels(np.asarray(y))
        nn1 = np.ascontiguousarray(nn_index, dtype=np.int64).reshape(-1)
        flags = targeted_classes(target.classes, class_type)
        links = _core.tomek_links(nn1, _int64(target.codes), flags, 1)
        return links.view(bool)

    # Runs on label codes (the labels are put back by the base class).
    _fit_resample = BaseCleaningSampler._fit_resample_via_codes

    def _fit_resample_codes(
        self, X: Any, target: EncodedTarget
    ) -> tuple[Any, np.ndarray]:
        classes, codes = target.classes, _int64(target.codes)
        nn1 = self._nearest(X, codes, classes.size)
        targeted = targeted_classes(classes, self.sampling_strategy_)
        links = _core.tomek_links(
            nn1, codes, targeted, effective_n_threads(self.n_jobs)
        )
        self.sample_indices_ = np.flatnonzero(links == 0)
        return _safe_indexing(X, self.sample_indices_), target.codes[
            self.sample_indices_
        ]

    def _nearest(self, X: Any, codes: np.ndarray, n_classes: int) -> np.ndarray:
        """Each row's nearest other row, wherever it can matter.

        Both members of a link have different labels, so every link has a
        member outside the largest class: only those rows, and the rows of the
        largest class they point to, are queried (2% of the rows for a 1%
        minority). The other rows point to themselves, which is never a link.
        """
        if sparse.issparse(X):
            return neighbours_of(sparse_fallback(2, self.n_jobs), X, k=1)[:, 0].copy()
        n = codes.shape[0]
        # imbalanced-learn's search: NearestNeighbors(n_neighbors=2), one query of X.
        params = {"n_neighbors": 2, "n_jobs": self.n_jobs}
        nn = NearestNeighbors(n_neighbors=2, n_jobs=self.n_jobs)
        largest = int(np.argmax(np.bincount(codes, minlength=n_classes)))
        rows = np.flatnonzero(codes != largest)
        # scikit-learn's brute force orders ties by the query's layout: the tie
        # rule then needs imbalanced-learn's one query of every row.
        whole = neighbour_ties() == "imblearn" and (
            sklearn_algorithm(n, X.shape[1], 2) == "brute"
        )
        if rows.shape[0] > n // 4 or whole:
            return neighbours_of(nn, X, k=1, imblearn=params)[:, 0].copy()
        check_fit_size(2, n, n)
        nn1 = np.arange(n, dtype=np.int64)
        if rows.size:
            nn1[rows] = neighbours_of(nn, X, rows, k=1, imblearn=params)[:, 0]
            partners = np.unique(nn1[rows])
            partners = partners[codes[partners] == largest]
            if partners.size:
                nn1[partners] = neighbours_of(nn, X, partners, k=1, imblearn=params)[
                    :, 0
                ]
        return nn1

    _sample_indices = True
