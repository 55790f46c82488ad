"""K-Means SMOTE: cluster the data, then run SMOTE inside the clusters where the
class to over-sample is frequent enough, more in the sparser clusters.

Follows imbalanced-learn 0.14.2's ``KMeansSMOTE`` to the random draw: the same
clustering estimator (built and seeded as imbalanced-learn builds it), the same
cluster filter and density weights, the same random-stream restarts. The
neighbour searches run on imbfast's exact kNN engine and the new rows are
computed by the C++ interpolation kernel.
"""

from __future__ import annotations

import math
from numbers import Integral, Real
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import clone
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.metrics import pairwise_distances
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions

from ..base import substitute
from ._smote import BaseSMOTE, _stack_new_rows

__all__ = ["KMeansSMOTE"]


def _refit_gives_same_clusters(estimator: Any) -> bool:
    """True for scikit-learn's ``KMeans`` / ``MiniBatchKMeans`` with an int
    ``random_state``: each fit starts from a fresh ``RandomState(random_state)``,
    so fitting again on the same data gives the same clusters. With ``None`` or
    a ``RandomState`` every fit draws from a shared stream and must be repeated
    as imbalanced-learn repeats it; unknown estimators are always refitted."""
    return type(estimator) in (KMeans, MiniBatchKMeans) and isinstance(
        estimator.get_params().get("random_state"), Integral
    )


@substitute(sampling_strategy=BaseSMOTE._sampling_strategy_docstring)
class KMeansSMOTE(BaseSMOTE):
    """Over-sample with K-Means SMOTE.

    A drop-in for :class:`imblearn.over_sampling.KMeansSMOTE` (0.14.2). The whole
    data set is clustered; for each class to over-sample, the clusters where the
    class makes up at least ``cluster_balance_threshold`` of the samples (and
    has at least ``k_neighbors + 1`` of them) are kept, and each gets a share of
    the new samples proportional to its class samples' sparsity (mean pairwise
    distance to the power ``density_exponent``, over their number). Inside a
    cluster new samples are made by SMOTE among the class's samples there.
    Given the same ``random_state`` the output equals imbalanced-learn's on data
    without exact distance ties.

    Parameters
    ----------
    {sampling_strategy}

    random_state : int, RandomState instance or None, default=None
        Handed to the default ``MiniBatchKMeans`` as given (a ``RandomState`` is
        shared with it, as in imbalanced-learn). The draws of each cluster's new
        samples call ``check_random_state`` afresh, so an int seed restarts its
        stream for every cluster of every class; a ``RandomState`` (or ``None``,
        numpy's global stream) is drawn from in turn and left advanced.

    k_neighbors : int or object, default=2
        Neighbours used to build synthetic samples: an int, or an estimator with
        ``kneighbors`` / ``kneighbors_graph`` whose ``n_neighbors`` counts the
        sample itself.

    n_jobs : int, default=None
        Jobs for scikit-learn's ``pairwise_distances`` in the density estimate,
        as in imbalanced-learn.

    kmeans_estimator : int or object, default=None
        ``None``: ``MiniBatchKMeans(random_state=random_state)``; an int:
        ``MiniBatchKMeans(n_clusters=kmeans_estimator, random_state=random_state)``;
        an estimator with ``fit`` / ``predict`` and ``n_clusters`` is cloned.

    cluster_balance_threshold : "auto" or float, default="auto"
        Minimum share of the class in a cluster for the cluster to be used.
        ``"auto"``: ``n / total / 2`` where ``n`` is the class's number of new
        samples and ``total`` the sum over all classes.

    density_exponent : "auto" or float, default="auto"
        Exponent of the mean distance in the sparsity. ``"auto"``:
        ``log_1.6(m) ** 1.8 * 0.16`` with ``m`` the cluster's class samples.

    Attributes
    ----------
    sampling_strategy_ : OrderedDict
        Class label -> number of samples asked for, sorted by label.
    kmeans_estimator_ : estimator
        The fitted clustering estimator.
    nn_k_ : estimator
        Neighbours estimator from ``k_neighbors``, fitted on the last cluster
        used. ``imbfast.neighbors.NearestNeighbors(k_neighbors + 1)`` for an int
        (scikit-learn's for sparse input).
    cluster_balance_threshold_ : "auto" or float
        The threshold used: ``cluster_balance_threshold``, or ``-inf`` when the
        clustering has a single cluster.
    {feature_attributes}

    Notes
    -----
    Kept from imbalanced-learn on purpose, so that results are identical:

    - Each cluster gets ``ceil(n * weight)`` samples, so a class usually gets
      a few **more** samples than ``sampling_strategy_`` asks for.
    - ``RuntimeError`` when no cluster qualifies for a class.
    - The sparsity uses scikit-learn's ``pairwise_distances`` over each
      cluster's class samples (memory quadratic in that number), so the weights
      and counts are the same to the last bit.
    - A single-cluster estimator uses every cluster (threshold ``-inf``);
      cluster labels outside ``range(n_clusters)`` are ignored; integer ``X``
      gives truncated integer synthetic samples.

    Differences: the clustering is fitted once instead of once per resampled
    class when refitting cannot change it (scikit-learn's ``KMeans`` /
    ``MiniBatchKMeans`` with an int ``random_state``, including the default);
    otherwise it is refitted per class exactly as imbalanced-learn does. A
    numpy integer ``kmeans_estimator`` means a number of clusters, like a Python
    int (imbalanced-learn fails trying to clone it). Neighbours exclude each
    query by index, so on data with exact duplicates the output can differ
    from imbalanced-learn's (see the README). Sparse input uses scikit-learn's
    neighbour search.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.cluster import MiniBatchKMeans
    >>> from sklearn.datasets import make_blobs
    >>> from imbfast.over_sampling._kmeans_smote import KMeansSMOTE
    >>> blobs = [100, 800, 100]
    >>> X, y = make_blobs(blobs, centers=[(-10, 0), (0, 0), (10, 0)], random_state=0)
    >>> X = np.concatenate([X, [[0, 0]]])
    >>> y = np.append(y, 0) == 1
    >>> sm = KMeansSMOTE(
    ...     kmeans_estimator=MiniBatchKMeans(n_init=1, random_state=0), random_state=42)
    >>> X_res, y_res = sm.fit_resample(X, y)
    >>> int(((X_res[:, 0] > -5) & (X_res[:, 0] < 5)).sum())
    801
    """

    _parameter_constraints: dict = {
        **BaseSMOTE._parameter_constraints,
        "kmeans_estimator": [
            HasMethods(["fit", "predict"]),
            Interval(Integral, 1, None, closed="left"),
            None,
        ],
        "cluster_balance_threshold": [StrOptions({"auto"}), Real],
        "density_exponent": [StrOptions({"auto"}), Real],
        "n_jobs": [Integral, None],
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        k_neighbors: Any = 2,
        n_jobs: int | None = None,
        kmeans_estimator: Any = None,
        cluster_balance_threshold: Any = "auto",
        density_exponent: Any = "auto",
    ) -> None:
        super().__init__(
            sampling_strategy=sampling_strategy,
            random_state=random_state,
            k_neighbors=k_neighbors,
        )
        self.kmeans_estimator = kmeans_estimator
        self.cluster_balance_threshold = cluster_balance_threshold
        self.density_exponent = density_exponent
        self.n_jobs = n_jobs

    def _validate_estimator(self, sparse_input: bool = False) -> None:
        super()._validate_estimator(sparse_input=sparse_input)
        if self.kmeans_estimator is None:
            self.kmeans_estimator_ = MiniBatchKMeans(random_state=self.random_state)
        elif isinstance(self.kmeans_estimator, Integral):
            self.kmeans_estimator_ = MiniBatchKMeans(
                n_clusters=int(self.kmeans_estimator), random_state=self.random_state
            )
        else:
            self.kmeans_estimator_ = clone(self.kmeans_estimator)
        self.cluster_balance_threshold_ = (
            self.cluster_balance_threshold
            if self.kmeans_estimator_.n_clusters != 1
            else -np.inf
        )

    def _find_cluster_sparsity(self, X: Any) -> Any:
        """imbalanced-learn's sparsity, operation for operation (same dtype and
        rounding): mean off-diagonal distance ** exponent / number of rows."""
        distances = pairwise_distances(X, metric="euclidean", n_jobs=self.n_jobs)
        np.fill_diagonal(distances, 0)
        non_diag_elements = (X.shape[0] ** 2) - X.shape[0]
        mean_distance = distances.sum() / non_diag_elements
        exponent = (
            math.log(X.shape[0], 1.6) ** 1.8 * 0.16
            if self.density_exponent == "auto"
            else self.density_exponent
        )
        return (mean_distance**exponent) / X.shape[0]

    def _valid_clusters(
        self,
        X: Any,
        y: np.ndarray,
        clusters: np.ndarray,
        label: Any,
        n_samples: Any,
        total: Any,
    ) -> tuple[list[np.ndarray], np.ndarray]:
        """Row indices of the class's samples in each cluster that qualifies,
        and the clusters' weights (imbalanced-learn's tests, in its order)."""
        is_target = y == label
        threshold = self.cluster_balance_threshold_
        if isinstance(threshold, str) and threshold == "auto":
            threshold = n_samples / total / 2
        valid, sparsities = [], []
        for cluster in range(self.kmeans_estimator_.n_clusters):
            members = np.flatnonzero(clusters == cluster)
            if members.size == 0:
                continue
            member_is_target = is_target[members]
            # == (y_cluster == label).mean(): an exact count over the size
            class_share = np.float64(np.count_nonzero(member_is_target)) / members.size
            if class_share < threshold:
                continue
            if class_share * members.shape[0] < self.nn_k_.n_neighbors:
                continue
            # Indexed in two steps like imbalanced-learn, so the array handed to
            # pairwise_distances has the same memory layout.
            X_class = X[members][np.flatnonzero(member_is_target)]
            valid.append(members[member_is_target])
            sparsities.append(self._find_cluster_sparsity(X_class))
        sparsities = np.array(sparsities)
        return valid, sparsities / sparsities.sum() if valid else sparsities

    def _fit_resample(self, X: Any, y: np.ndarray) -> tuple[Any, np.ndarray]:
        sparse_input = sparse.issparse(X)
        self._validate_estimator(sparse_input=sparse_input)
        total = sum(self.sampling_strategy_.values())
        plan = [(c, n) for c, n in self.sampling_strategy_.items() if n != 0]
        X_fit = X if sparse_input else np.ascontiguousarray(X)
        refit = not _refit_gives_same_clusters(self.kmeans_estimator_)
        clusters = None
        blocks: list[tuple[Any, Any]] = []
        for label, n_samples in plan:
            if clusters is None or refit:
                # imbalanced-learn clusters the whole data again for every class.
                clusters = np.asarray(self.kmeans_estimator_.fit_predict(X))
            valid, weights = self._valid_clusters(
                X, y, clusters, label, n_samples, total
            )
            if not valid:
                raise RuntimeError(
                    "No clusters found with sufficient samples of "
                    f"class {label}. Try lowering the "
                    "cluster_balance_threshold or increasing the number of "
                    "clusters."
                )
            for rows, weight in zip(valid, weights):
                X_class = X_fit[rows] if sparse_input else np.take(X_fit, rows, axis=0)
                nns = self._class_neighbours(X_class, label)
                n_new = int(math.ceil(n_samples * weight))  # noqa: RUF046 (numpy scalars)
                if sparse_input:
                    new = self._make_samples_sparse(X_class, X_class, nns, n_new)
                else:
                    new = np.empty((n_new, X.shape[1]), dtype=X.dtype)
                    self._make_samples(X_class, X_class, nns, n_new, new)
                blocks.append((label, new))

        return _stack_new_rows(X, X_fit, y, blocks)
