"""NearMiss: keep the samples closest to (or farthest from) the minority class."""

from __future__ import annotations

import numbers
import warnings
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.utils import _safe_indexing
from sklearn.utils._param_validation import Interval

from .. import _core
from .._config import neighbour_ties
from .._neighbour_lists import check_fit_size, make_neighbors, neighbours_param
from .._threads import effective_n_threads
from .._ties import TieResolver
from .._validation import EncodedTarget
from ..base import substitute
from ..neighbors import NearestNeighbors
from ._cleaning_utils import counter_minority
from .base import BaseUnderSampler

__all__ = ["NearMiss"]


@substitute(sampling_strategy=BaseUnderSampler._sampling_strategy_docstring)
class NearMiss(BaseUnderSampler):
    """Under-sample with the NearMiss rules.

    A drop-in for :class:`imblearn.under_sampling.NearMiss` (0.14.2): same rows,
    same order. Version 1 keeps the samples with the smallest summed distance
    to their ``n_neighbors`` nearest minority samples, version 2 those with the
    smallest summed distance to their ``n_neighbors`` farthest minority samples,
    version 3 pre-selects each minority sample's ``n_neighbors_ver3`` nearest
    samples and keeps those with the *largest* summed distance to their
    ``n_neighbors`` nearest minority samples. Distances come from the compiled
    engine, sums and ranking from a compiled kernel (numpy's summation order,
    stable ranking).

    Parameters
    ----------
    {sampling_strategy}
    version : {1, 2, 3}, default=1
        The NearMiss rule.
    n_neighbors : int or estimator object, default=3
        Neighbourhood size for the summed distances.
    n_neighbors_ver3 : int or estimator object, default=3
        Neighbourhood size of the version-3 pre-selection.
    n_jobs : int, default=None
        Threads. Results never depend on it.

    Attributes
    ----------
    sampling_strategy_ : OrderedDict
        Class label -> number of samples to keep.
    nn_ : estimator object
        Neighbour estimator fitted on the minority class.
    nn_ver3_ : estimator object
        Version 3 only: the pre-selection estimator (fitted on the last class).
    sample_indices_ : ndarray of shape (n_new_samples,)
        Indices of the kept rows, grouped by class in sorted label order.
    {feature_attributes}
    """

    _parameter_constraints: dict = {
        **BaseUnderSampler._parameter_constraints,
        "version": [Interval(numbers.Integral, 1, 3, closed="both")],
        "n_neighbors": neighbours_param(),
        "n_neighbors_ver3": neighbours_param(),
        "n_jobs": [numbers.Integral, None],
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        version: int = 1,
        n_neighbors: Any = 3,
        n_neighbors_ver3: Any = 3,
        n_jobs: int | None = None,
    ) -> None:
        super().__init__(sampling_strategy=sampling_strategy)
        self.version = version
        self.n_neighbors = n_neighbors
        self.n_neighbors_ver3 = n_neighbors_ver3
        self.n_jobs = n_jobs

    def _validate_estimator(self, sparse_input: bool = False) -> None:
        self.nn_ = self._neighbours("n_neighbors", self.n_neighbors, sparse_input)
        if self.version == 3:
            self.nn_ver3_ = self._neighbours(
                "n_neighbors_ver3", self.n_neighbors_ver3, sparse_input
            )

    def _neighbours(self, name: str, value: Any, sparse_input: bool) -> Any:
        return make_neighbors(
            name, value, sparse_input, self.n_jobs, additional_neighbor=0
        )

    def _select(self, dist: np.ndarray, n_keep: int, farthest: bool) -> np.ndarray:
        """Positions of the ``n_keep`` best rows of ``dist`` (stable ranking of the
        sums of each row's last ``nn_.n_neighbors`` distances)."""
        dist = np.ascontiguousarray(dist, dtype=np.float64)
        take = min(int(self.nn_.n_neighbors), dist.shape[1])
        scores = _core.nearmiss_scores(dist, take, effective_n_threads(self.n_jobs))
        order = np.argsort(-scores if farthest else scores, kind="stable")
        if order.shape[0] < n_keep:
            warnings.warn(
                "The number of the samples to be selected is larger"
                " than the number of samples available. The"
                " balancing ratio cannot be ensure and all samples"
                " will be returned.",
                stacklevel=3,
            )
        return order[:n_keep]

    def _preselect(self, X_class: Any, X_min: Any) -> np.ndarray:
        """Version 3's pre-selection: each minority row's ``n_neighbors_ver3``
        nearest rows of the class (``nn_ver3_`` fitted on ``X_class``). Under
        ``neighbour_ties="imblearn"`` (an int ``n_neighbors_ver3``, dense data)
        the rows a tie or rounding decides are answered by imbalanced-learn's
        own search (:mod:`imbfast._ties`): the set of candidates depends on
        which of the tied rows make the cut."""
        k = int(self.nn_ver3_.n_neighbors)
        if (
            neighbour_ties() != "imblearn"
            or not isinstance(self.n_neighbors_ver3, numbers.Integral)
            or not isinstance(self.nn_ver3_, NearestNeighbors)
            or sparse.issparse(X_class)
        ):
            _, ind = self.nn_ver3_.kneighbors(X_min)
            return np.asarray(ind)
        n_fit = X_class.shape[0]
        check_fit_size(k, n_fit, X_min.shape[0])
        dist, ind = self.nn_ver3_.kneighbors(X_min, n_neighbors=min(k + 1, n_fit))
        resolver = TieResolver(
            np.asarray(X_class), {"n_neighbors": k, "n_jobs": self.n_jobs}
        )
        return resolver.resolve(dist, ind, k, X_query=np.asarray(X_min))

    def _fit_resample(self, X: Any, y: np.ndarray) -> tuple[Any, np.ndarray]:
        self._validate_estimator(sparse.issparse(X))
        target = EncodedTarget.from_labels(y)
        classes, codes = target.classes, target.codes
        min_code, counts = counter_minority(codes, classes.size)
        minority = np.flatnonzero(codes == min_code)
        X_min = _safe_indexing(X, minority)
        self.nn_.fit(X_min)
        kept = []
        for c, label in enumerate(classes):
            class_rows = np.flatnonzero(codes == c)
            if label not in self.sampling_strategy_:
                kept.append(class_rows)
                continue
            n_keep = self.sampling_strategy_[label]
            X_class = _safe_indexing(X, class_rows)
            if self.version == 1:
                dist, _ = self.nn_.kneighbors(X_class, n_neighbors=self.nn_.n_neighbors)
                pick = self._select(dist, n_keep, farthest=False)
            elif self.version == 2:
                dist, _ = self.nn_.kneighbors(
                    X_class, n_neighbors=int(counts[min_code])
                )
                pick = self._select(dist, n_keep, farthest=False)
            else:
                self.nn_ver3_.fit(X_class)
                ind = self._preselect(X_class, X_min)
                candidates = np.unique(np.asarray(ind).reshape(-1))
                dist, _ = self.nn_.kneighbors(
                    _safe_indexing(X_class, candidates),
                    n_neighbors=self.nn_.n_neighbors,
                )
                pick = candidates[self._select(dist, n_keep, farthest=True)]
            kept.append(class_rows[pick])
        self.sample_indices_ = np.concatenate(kept).astype(np.intp, copy=False)
        return (
            _safe_indexing(X, self.sample_indices_),
            _safe_indexing(y, self.sample_indices_),
        )

    _sample_indices = True
