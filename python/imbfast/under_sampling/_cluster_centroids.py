"""Cluster centroids: replace each targeted class by the centroids of a clustering."""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import clone
from sklearn.cluster import KMeans
from sklearn.utils import _safe_indexing
from sklearn.utils._param_validation import HasMethods, StrOptions

from .._neighbour_lists import sparse_fallback
from .._validation import EncodedTarget
from ..base import substitute
from .base import BaseUnderSampler

__all__ = ["ClusterCentroids"]


@substitute()
class ClusterCentroids(BaseUnderSampler):
    """Under-sample by clustering each targeted class (prototype generation).

    A drop-in for :class:`imblearn.under_sampling.ClusterCentroids` (0.14.2):
    the same ``random_state`` gives the same rows. Each targeted class is
    clustered into as many clusters as samples to keep; ``voting='soft'`` keeps
    the centroids, ``'hard'`` the class sample nearest to each centroid (found
    by scikit-learn's search, whose tie order decides between the two samples
    of a two-sample cluster).

    Parameters
    ----------
    sampling_strategy : float, str, dict, callable, default='auto'
        Sampling information (see :class:`RandomUnderSampler`).
    random_state : int, RandomState instance or None, default=None
        Seeds the default ``KMeans``.
    estimator : estimator object, default=None
        A clustering estimator with an ``n_clusters`` parameter and a
        ``cluster_centers_`` attribute; ``KMeans(random_state=random_state)``
        when None.
    voting : {'hard', 'soft', 'auto'}, default='auto'
        ``'auto'``: ``'hard'`` for sparse input, ``'soft'`` otherwise.

    Attributes
    ----------
    sampling_strategy_ : OrderedDict
        Class label -> number of samples to keep.
    estimator_ : estimator object
        The clustering estimator (fitted on the last targeted class).
    voting_ : str
        The voting used.
    {feature_attributes}
    """

    _parameter_constraints: dict = {
        **BaseUnderSampler._parameter_constraints,
        "estimator": [HasMethods(["fit", "predict"]), None],
        "voting": [StrOptions({"auto", "hard", "soft"})],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        estimator: Any = None,
        voting: str = "auto",
    ) -> None:
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state
        self.estimator = estimator
        self.voting = voting

    def _validate_estimator(self) -> None:
        if self.estimator is None:
            self.estimator_ = KMeans(random_state=self.random_state)
        else:
            self.estimator_ = clone(self.estimator)
            if "n_clusters" not in self.estimator_.get_params():
                raise ValueError(
                    "`estimator` should be a clustering estimator exposing a parameter"
                    " `n_clusters` and a fitted parameter `cluster_centers_`."
                )

    def _new_rows(self, X_class: Any, centroids: np.ndarray) -> Any:
        if self.voting_ == "soft":
            if sparse.issparse(X_class):
                return sparse.csr_matrix(centroids, dtype=X_class.dtype)
            return centroids
        # scikit-learn's search, as imbalanced-learn: a centroid of a two-sample
        # cluster is equidistant from both, and its tie order decides the row.
        nn = sparse_fallback(1, None)
        nn.fit(X_class)
        # np.squeeze as imbalanced-learn: a single centroid gives a scalar index,
        # hence one row (1-D; a 1-D COO array for scipy's sparse arrays), which
        # decides the container sparse.vstack returns.
        nearest = np.squeeze(nn.kneighbors(centroids, return_distance=False))
        return _safe_indexing(X_class, nearest)

    def _fit_resample(self, X: Any, y: np.ndarray) -> tuple[Any, np.ndarray]:
        self._validate_estimator()
        if self.voting == "auto":
            self.voting_ = "hard" if sparse.issparse(X) else "soft"
        else:
            self.voting_ = self.voting
        target = EncodedTarget.from_labels(y)
        classes, codes = target.classes, target.codes
        X_parts, y_parts = [], []
        for c, label in enumerate(classes):
            class_rows = np.flatnonzero(codes == c)
            X_class = _safe_indexing(X, class_rows)
            if label in self.sampling_strategy_:
                self.estimator_.set_params(n_clusters=self.sampling_strategy_[label])
                self.estimator_.fit(X_class)
                if not hasattr(self.estimator_, "cluster_centers_"):
                    raise RuntimeError(
                        "`estimator` should be a clustering estimator exposing a "
                        "fitted parameter `cluster_centers_`."
                    )
                centroids = self.estimator_.cluster_centers_
                X_parts.append(self._new_rows(X_class, centroids))
                y_parts.append(np.full(centroids.shape[0], label, dtype=y.dtype))
            else:
                X_parts.append(X_class)
                y_parts.append(y[class_rows])
        X_res = sparse.vstack(X_parts) if sparse.issparse(X) else np.vstack(X_parts)
        return X_res, np.asarray(np.hstack(y_parts), dtype=y.dtype)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.sampler_tags.sample_indices = False
        return tags
