"""ADASYN: adaptive synthetic sampling, more new samples where the class is
surrounded by other classes.

Follows imbalanced-learn 0.14.2's ``ADASYN`` to the random draw (one random
stream for the whole call, deterministic seed rows, same rounding of the
per-sample counts). Neighbour searches run on imbfast's exact kNN engine; the
neighbour-label counts and the new rows are computed in C++.
"""

from __future__ import annotations

from numbers import Integral
from typing import Any

import numpy as np
from sklearn.utils import check_random_state

from .._interpolation import interpolate
from .._neighbour_lists import (
    check_class_size,
    imblearn_params,
    make_neighbors,
    neighbours_of,
    neighbours_param,
    other_class_counts,
)
from ..base import substitute
from .base import BaseOverSampler, output_block

__all__ = ["ADASYN"]


@substitute(sampling_strategy=BaseOverSampler._sampling_strategy_docstring)
class ADASYN(BaseOverSampler):
    """Over-sample with ADASYN (Adaptive Synthetic sampling).

    A drop-in for :class:`imblearn.over_sampling.ADASYN` (0.14.2). Each sample
    of a class seeds a number of new samples proportional to the share of its
    ``n_neighbors`` nearest neighbours (in the whole data set) that belong to
    other classes; new samples are interpolated towards random neighbours of
    the same class. Given the same ``random_state`` the output equals
    imbalanced-learn's on data without exact distance ties.

    Parameters
    ----------
    {sampling_strategy}
    random_state : int, RandomState instance or None, default=None
        One random stream for the whole call (an int seeds it once).
    n_neighbors : int or object, default=5
        Number of nearest neighbours, or an estimator with ``kneighbors`` /
        ``kneighbors_graph`` whose ``n_neighbors`` counts the sample itself.

    Attributes
    ----------
    sampling_strategy_ : OrderedDict
        Class label -> number of samples requested, sorted by label.
    nn_ : estimator object
        The neighbours estimator, left fitted on the last resampled class.
    {feature_attributes}

    Notes
    -----
    As in imbalanced-learn, the per-sample counts are rounded (half to even),
    so the number of new samples may differ slightly from the request; a class
    none of whose samples has a neighbour of another class raises
    ``RuntimeError``, and a rounding to zero new samples raises ``ValueError``.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbfast.over_sampling import ADASYN
    >>> X, y = make_classification(n_classes=2, class_sep=2,
    ...     weights=[0.1, 0.9], n_informative=3, n_redundant=1, flip_y=0,
    ...     n_features=20, n_clusters_per_class=1, n_samples=1000, random_state=10)
    >>> X_res, y_res = ADASYN(random_state=42).fit_resample(X, y)
    >>> sorted(Counter(y_res).items())
    [(np.int64(0), 904), (np.int64(1), 900)]
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "n_neighbors": [*neighbours_param()],
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        n_neighbors: Any = 5,
    ) -> None:
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state
        self.n_neighbors = n_neighbors

    def _validate_estimator(self, sparse_input: bool = False) -> None:
        self.nn_ = make_neighbors("n_neighbors", self.n_neighbors, sparse_input)

    def _counts(
        self, X: Any, y: np.ndarray, label: Any, class_index: np.ndarray, n: int
    ):
        """Per-sample numbers of new samples (imbalanced-learn's arithmetic)."""
        nbr = neighbours_of(
            self.nn_, X, class_index, imblearn=imblearn_params(self.n_neighbors)
        )
        n_neighbors = self.nn_.n_neighbors - 1
        ratio_nn = other_class_counts(nbr, y == label) / n_neighbors
        if not np.sum(ratio_nn):
            raise RuntimeError(
                "Not any neigbours belong to the majority"
                " class. This case will induce a NaN case"
                " with a division by zero. ADASYN is not"
                " suited for this specific dataset."
                " Use SMOTE instead."
            )
        ratio_nn /= np.sum(ratio_nn)
        n_generate = np.rint(ratio_nn * n).astype(int)
        total = int(np.sum(n_generate))
        if not total:
            raise ValueError(
                "No samples will be generated with the provided ratio settings."
            )
        return n_generate, total, n_neighbors

    def _class_neighbours(self, X_class: Any, label: Any) -> np.ndarray:
        if isinstance(self.n_neighbors, Integral):
            check_class_size(label, X_class.shape[0], int(self.n_neighbors))
        return neighbours_of(
            self.nn_, X_class, imblearn=imblearn_params(self.n_neighbors)
        )

    def _fit_resample(self, X: Any, y: np.ndarray) -> tuple[Any, np.ndarray]:
        sparse_input = hasattr(X, "tocsr") and not isinstance(X, np.ndarray)
        self._validate_estimator(sparse_input=sparse_input)
        random_state = check_random_state(self.random_state)
        # Any real count, as imbalanced-learn: np.rint(ratio * n) per sample.
        plan = [(c, n) for c, n in self.sampling_strategy_.items() if n != 0]
        if sparse_input:
            return self._fit_resample_sparse(X, y, plan, random_state)

        X_orig = np.ascontiguousarray(X)
        n = X.shape[0]
        # Neighbour work for every class first (no random numbers), then one
        # output block filled class by class in imbalanced-learn's draw order.
        jobs = []
        for label, m in plan:
            class_index = np.flatnonzero(y == label)
            n_generate, total, k = self._counts(X_orig, y, label, class_index, m)
            X_class = np.take(X_orig, class_index, axis=0)
            nns = self._class_neighbours(X_class, label)
            jobs.append((label, n_generate, total, k, X_class, nns))

        X_res, y_res = output_block(X_orig, y, sum(total for _, _, total, *_ in jobs))
        start = n
        for label, n_generate, total, k, X_class, nns in jobs:
            rows = np.repeat(np.arange(X_class.shape[0], dtype=np.int64), n_generate)
            cols = random_state.choice(k, size=total)
            steps = random_state.uniform(size=(total, 1)).ravel()
            nbr_rows = np.ascontiguousarray(nns[rows, cols], dtype=np.int64)
            interpolate(
                X_res[start : start + total], X_class, X_class, rows, nbr_rows, steps
            )
            y_res[start : start + total] = label
            start += total
        return X_res, y_res

    def _fit_resample_sparse(self, X, y, plan, random_state):
        from scipy import sparse

        X_parts, y_parts = [X.copy()], [y.copy()]
        for label, m in plan:
            class_index = np.flatnonzero(y == label)
            n_generate, total, k = self._counts(X, y, label, class_index, m)
            X_class = X[class_index]
            nns = self._class_neighbours(X_class, label)
            rows = np.repeat(np.arange(class_index.shape[0]), n_generate)
            cols = random_state.choice(k, size=total)
            diffs = X_class[nns[rows, cols]] - X_class[rows]
            steps = random_state.uniform(size=(total, 1))
            steps = type(X)(steps)
            X_parts.append((X_class[rows] + steps.multiply(diffs)).astype(X.dtype))
            y_parts.append(np.full(total, fill_value=label, dtype=y.dtype))
        return sparse.vstack(X_parts, format=X.format), np.hstack(y_parts)
