"""Borderline-SMOTE: SMOTE seeded only by the minority samples "in danger".

Follows imbalanced-learn 0.14.2's ``BorderlineSMOTE`` to the random draw: same
danger test, same per-class random-stream restarts (and the second fresh stream
of borderline-2), same output. The neighbour searches run on imbfast's exact
kNN engine and the danger test and new rows are computed in C++.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import sparse
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import StrOptions

from .._config import neighbour_ties
from .._interpolation import interpolate
from .._neighbour_lists import (
    imblearn_params,
    make_neighbors,
    neighbours_of,
    neighbours_param,
)
from ..base import substitute
from ..neighbors import NearestNeighbors
from ._neighbours import integer_count
from ._smote import BaseSMOTE, _n_threads
from .base import output_block

__all__ = ["BorderlineSMOTE"]


@substitute(sampling_strategy=BaseSMOTE._sampling_strategy_docstring)
class BorderlineSMOTE(BaseSMOTE):
    """Over-sample with Borderline-SMOTE.

    A drop-in for :class:`imblearn.over_sampling.BorderlineSMOTE` (0.14.2). Only
    the samples of a class "in danger" seed new samples: those with at least
    half, but not all, of their ``m_neighbors`` nearest neighbours in the whole
    data set from other classes. Given the same ``random_state`` the output
    equals imbalanced-learn's on data without exact distance ties.

    Parameters
    ----------
    {sampling_strategy}

    random_state : int, RandomState instance or None, default=None
        An int seeds a fresh ``RandomState`` for every class (and, with
        ``kind='borderline-2'``, once more for the shrink factors), as
        imbalanced-learn does; a ``RandomState`` is drawn from and left
        advanced; ``None`` uses numpy's global stream.

    k_neighbors : int or object, default=5
        Neighbours used to build synthetic samples: an int, or an estimator
        with ``kneighbors`` / ``kneighbors_graph`` whose ``n_neighbors`` counts
        the sample itself.

    m_neighbors : int or object, default=10
        Neighbours used to decide whether a sample is in danger (searched in the
        whole data set); int or estimator as for ``k_neighbors``.

    kind : {"borderline-1", "borderline-2"}, default='borderline-1'
        ``borderline-1`` interpolates towards neighbours of the same class;
        ``borderline-2`` towards neighbours of any class, shrinking the step to
        a random fraction in ``[0, 0.5)`` of the segment when the neighbour is
        of another class.

    Attributes
    ----------
    sampling_strategy_ : OrderedDict
        Class label -> number of samples to generate, sorted by label.
    nn_k_ : estimator object
        Neighbours estimator from ``k_neighbors``, fitted on the last class's
        data (``borderline-1``) or the whole data (``borderline-2``).
    nn_m_ : estimator object
        Neighbours estimator from ``m_neighbors``, fitted on the whole data.
    in_danger_indices : dict
        Class label -> indices (in ``X``) of its samples in danger. No trailing
        underscore, as in imbalanced-learn.
    {feature_attributes}

    Notes
    -----
    A class with no sample in danger gets **no** new samples (no warning; its
    entry in ``in_danger_indices`` is missing), exactly as in imbalanced-learn.
    Unlike imbalanced-learn, ``kind='borderline-2'`` works on sparse input and
    on integer data (imbalanced-learn raises).

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbfast.over_sampling import BorderlineSMOTE
    >>> X, y = make_classification(n_classes=2, class_sep=2,
    ...     weights=[0.1, 0.9], n_informative=3, n_redundant=1, flip_y=0,
    ...     n_features=20, n_clusters_per_class=1, n_samples=1000, random_state=10)
    >>> X_res, y_res = BorderlineSMOTE(random_state=42).fit_resample(X, y)
    >>> sorted(Counter(y_res).items())
    [(np.int64(0), 900), (np.int64(1), 900)]
    """

    _parameter_constraints: dict = {
        **BaseSMOTE._parameter_constraints,
        "m_neighbors": [*neighbours_param()],
        "kind": [StrOptions({"borderline-1", "borderline-2"})],
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        k_neighbors: Any = 5,
        m_neighbors: Any = 10,
        kind: str = "borderline-1",
    ) -> None:
        super().__init__(
            sampling_strategy=sampling_strategy,
            random_state=random_state,
            k_neighbors=k_neighbors,
        )
        self.m_neighbors = m_neighbors
        self.kind = kind

    def _validate_estimator(self, sparse_input: bool = False) -> None:
        super()._validate_estimator(sparse_input=sparse_input)
        self.nn_m_ = make_neighbors("m_neighbors", self.m_neighbors, sparse_input)

    def _danger(self, X: Any, class_index: np.ndarray, is_target: np.ndarray):
        """The class's rows in danger (``nn_m_`` is fitted on ``X``) and their
        ``m`` nearest other rows."""
        return self._in_danger_noise(
            self.nn_m_,
            X,
            class_index,
            is_target,
            "danger",
            imblearn=imblearn_params(self.m_neighbors),
        )

    def _fit_resample(self, X: Any, y: np.ndarray) -> tuple[Any, np.ndarray]:
        sparse_input = sparse.issparse(X)
        self._validate_estimator(sparse_input=sparse_input)
        self.in_danger_indices = {}
        # A non-integer count raises where imbalanced-learn's draw would: after
        # the class's neighbour work, never for a class with no sample in danger.
        plan = [(c, n) for c, n in self.sampling_strategy_.items() if n != 0]
        if sparse_input:
            return self._fit_resample_sparse(X, y, plan)

        n = X.shape[0]
        X_orig = np.ascontiguousarray(X)
        if plan:
            self.nn_m_.fit(X_orig)
        borderline_1 = self.kind == "borderline-1"
        # The k nearest are the first k of the m nearest (exact engine, ties by
        # index) unless imbalanced-learn's tie order is asked for.
        reuse_m = _same_engine(self.nn_k_, self.nn_m_) and neighbour_ties() == "index"
        # First every class's neighbour work (no random numbers), then one output
        # block, then the draws class by class (imbalanced-learn's order), each
        # class writing its new rows straight into the output.
        jobs = []
        for label, m in plan:
            class_index = np.flatnonzero(y == label)
            is_target = y == label
            danger, nbr_m = self._danger(X_orig, class_index, is_target)
            if not danger.any():
                continue
            danger_index = class_index[danger]
            self.in_danger_indices[label] = danger_index
            if borderline_1:
                data = np.take(X_orig, class_index, axis=0)
                nns = self._class_neighbours(data, label, np.flatnonzero(danger))
            else:
                data = X_orig
                if reuse_m:
                    nns = np.ascontiguousarray(
                        nbr_m[danger, : self.nn_k_.n_neighbors - 1]
                    )
                else:
                    nns = neighbours_of(
                        self.nn_k_,
                        X_orig,
                        danger_index,
                        imblearn=imblearn_params(self.k_neighbors),
                    )
            m = integer_count(m, label, "BorderlineSMOTE")
            jobs.append((label, m, is_target, danger_index, nns, data))

        X_res, y_res = output_block(X_orig, y, sum(m for _, m, *_ in jobs))
        start = n
        for label, m, is_target, danger_index, nns, data in jobs:
            X_danger = np.take(X_orig, danger_index, axis=0)
            rows, nbr_rows, steps = self._draw(nns, m)
            scale = None if borderline_1 else self._shrink_factors(is_target[nbr_rows])
            interpolate(
                X_res[start : start + m],
                X_danger,
                data,
                rows,
                nbr_rows,
                steps,
                scale=scale,
                n_threads=_n_threads(),
            )
            y_res[start : start + m] = label
            start += m
        return X_res, y_res

    def _shrink_factors(self, nbr_in_class: np.ndarray) -> np.ndarray:
        """borderline-2: a fresh stream (for an int seed) draws ``U(0, 0.5)`` for
        every pair whose neighbour is of another class; 1.0 elsewhere."""
        rs = check_random_state(self.random_state)
        other = ~nbr_in_class
        scale = np.ones(other.shape[0], dtype=np.float64)
        scale[other] = rs.uniform(low=0.0, high=0.5, size=(int(other.sum()), 1)).ravel()
        return scale

    def _fit_resample_sparse(
        self, X: Any, y: np.ndarray, plan: list
    ) -> tuple[Any, np.ndarray]:
        X_parts, y_parts = [X.copy()], [y.copy()]
        if plan:
            self.nn_m_.fit(X)
        for label, m in plan:
            class_index = np.flatnonzero(y == label)
            is_target = y == label
            danger, _ = self._danger(X, class_index, is_target)
            if not danger.any():
                continue
            danger_index = class_index[danger]
            self.in_danger_indices[label] = danger_index
            if self.kind == "borderline-1":
                data = X[class_index]
                nns = self._class_neighbours(data, label, np.flatnonzero(danger))
            else:
                data = X
                nns = neighbours_of(self.nn_k_, data, danger_index)
            X_danger = X[danger_index]
            m = integer_count(m, label, "BorderlineSMOTE")
            rows, nbr_rows, steps = self._draw(nns, m)
            diffs = data[nbr_rows] - X_danger[rows]
            if self.kind == "borderline-2":
                scale = self._shrink_factors(is_target[nbr_rows])
                diffs = (sparse.diags(scale) @ diffs).astype(X.dtype)
            steps = type(X)(steps[:, np.newaxis])
            X_parts.append((X_danger[rows] + steps.multiply(diffs)).astype(X.dtype))
            y_parts.append(np.full(m, fill_value=label, dtype=y.dtype))
        return sparse.vstack(X_parts, format=X.format), np.hstack(y_parts)


def _same_engine(nn_k: Any, nn_m: Any) -> bool:
    """Both imbfast engines, fitted on the same data, ``nn_k`` asking for fewer."""
    return (
        type(nn_k) is NearestNeighbors
        and type(nn_m) is NearestNeighbors
        and 2 <= nn_k.n_neighbors <= nn_m.n_neighbors
    )
