"""SMOTE: synthetic minority over-sampling by interpolation between neighbours.

Randomness is drawn in Python in imbalanced-learn 0.14.2's exact order; the
compiled engine finds the neighbours and computes the new rows, so the output
equals imbalanced-learn's for the same ``random_state`` (data without exact
distance ties) and never depends on the thread count.
"""

from __future__ import annotations

import operator
from numbers import Integral
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods, Interval

from .._interpolation import interpolate
from .._threads import effective_n_threads
from .._validation import EncodedTarget, check_neighbors_object
from ..neighbors import NearestNeighbors
from .base import BaseOverSampler

__all__ = ["SMOTE", "BaseSMOTE"]

# The kernels' thread count, by the name the thread tests patch (results never
# depend on it).
_n_threads = effective_n_threads


def _check_class_size(label: Any, n_class: int, k: int) -> None:
    """A clear error (naming the class) when it cannot have ``k`` neighbours."""
    if n_class < k + 1:
        shown = label.item() if isinstance(label, np.generic) else label
        raise ValueError(
            f"Class {shown!r} has {n_class} sample(s), but k_neighbors={k} needs at "
            f"least k_neighbors + 1 = {k + 1} samples in every over-sampled class. "
            f"Lower k_neighbors or drop the class from sampling_strategy. "
            f"(Expected n_neighbors <= n_samples_fit, but n_neighbors = {k + 1}, "
            f"n_samples_fit = {n_class}, n_samples = {n_class})"
        )


class BaseSMOTE(BaseOverSampler):
    """Shared machinery of the SMOTE family (SMOTE, and later Borderline-SMOTE,
    ADASYN-like and SMOTE-NC variants). Not meant to be instantiated directly.

    Pieces for subclasses:

    - :meth:`_validate_estimator` sets ``nn_k_`` from ``k_neighbors``;
    - :meth:`_neighbours` gives each row's ``k`` nearest other rows of a block;
    - :meth:`_make_samples` draws (seed, neighbour) pairs and steps in
      imbalanced-learn's order and writes the new rows into a preallocated
      block.
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "k_neighbors": [
            Interval(Integral, 1, None, closed="left"),
            HasMethods(["kneighbors", "kneighbors_graph"]),
        ],
    }

    def __init__(
        self,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        k_neighbors: Any = 5,
    ) -> None:
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state
        self.k_neighbors = k_neighbors

    def _validate_estimator(self, sparse_input: bool = False) -> None:
        """``nn_k_``: ``NearestNeighbors(k_neighbors + 1)`` for an int, else a
        clone of the given estimator. Sparse data with an int uses
        scikit-learn's ``NearestNeighbors`` (imbfast's engine is dense only)."""
        if sparse_input and isinstance(self.k_neighbors, Integral):
            from sklearn.neighbors import NearestNeighbors as SkNearestNeighbors

            self.nn_k_ = SkNearestNeighbors(n_neighbors=int(self.k_neighbors) + 1)
        else:
            self.nn_k_ = check_neighbors_object(
                "k_neighbors", self.k_neighbors, additional_neighbor=1
            )

    def _neighbours(self, X: Any, label: Any) -> np.ndarray:
        """Fit ``nn_k_`` on ``X`` (the rows of class ``label``) and return each
        row's nearest other rows, shape ``(n_rows, k)`` int64.

        imbfast's own ``NearestNeighbors`` (from an int ``k_neighbors`` or passed
        in) self-queries ``n_neighbors - 1`` neighbours, each row excluded by
        index. Any other estimator is used as imbalanced-learn uses it: query
        ``X`` and drop the first column (assumed to be the row itself).
        """
        nn = self.nn_k_
        if isinstance(self.k_neighbors, Integral):
            _check_class_size(label, X.shape[0], int(self.k_neighbors))
        if isinstance(nn, NearestNeighbors) and not sparse.issparse(X):
            k = int(nn.n_neighbors) - 1
            if k < 1:
                raise ValueError(
                    "The k_neighbors estimator needs n_neighbors >= 2 (the sample "
                    f"itself and at least one neighbour); got n_neighbors={nn.n_neighbors}."
                )
            _check_class_size(label, X.shape[0], k)
            nn.fit(X)
            return nn.kneighbors(None, n_neighbors=k, return_distance=False)
        nn.fit(X)
        ind = nn.kneighbors(X, return_distance=False)
        return np.asarray(ind)[:, 1:].astype(np.int64, copy=False)

    def _draw(self, nn_num: np.ndarray, n_samples: int, step_size: float = 1.0):
        """Draw the (seed row, neighbour) pairs and steps.

        imbalanced-learn's order: ``check_random_state`` afresh (so an int seed
        restarts its stream for every class), all ``randint`` draws over
        ``n_rows * k`` first, then all uniforms. Returns ``(rows, nbr_rows,
        steps)``: seed rows, rows of the chosen neighbours (indices into the
        neighbour data) and float64 steps.
        """
        rs = check_random_state(self.random_state)
        flat = rs.randint(low=0, high=nn_num.size, size=n_samples)
        steps = rs.uniform(size=n_samples)
        if step_size != 1.0:
            steps = step_size * steps
        k = nn_num.shape[1]
        flat = flat.astype(np.int64, copy=False)
        rows = flat // k
        nbr_rows = np.ascontiguousarray(nn_num, dtype=np.int64).reshape(-1)[flat]
        return rows, nbr_rows, steps

    def _make_samples(
        self,
        X: np.ndarray,
        nn_data: np.ndarray,
        nn_num: np.ndarray,
        n_samples: int,
        out: np.ndarray,
        step_size: float = 1.0,
    ) -> None:
        """Write ``n_samples`` synthetic rows into ``out`` (dense).

        ``X``: seed rows (C-contiguous); ``nn_data``: rows the neighbour
        indices ``nn_num`` (shape ``(len(X), k)``) point into; ``out``: a
        C-contiguous ``(n_samples, n_features)`` block of the output.
        """
        rows, nbr_rows, steps = self._draw(nn_num, n_samples, step_size)
        interpolate(out, X, nn_data, rows, nbr_rows, steps, n_threads=_n_threads())

    def _make_samples_sparse(
        self,
        X: Any,
        nn_data: Any,
        nn_num: np.ndarray,
        n_samples: int,
        step_size: float = 1.0,
    ) -> Any:
        """Sparse counterpart of :meth:`_make_samples`; returns the new rows."""
        rows, nbr_rows, steps = self._draw(nn_num, n_samples, step_size)
        diffs = nn_data[nbr_rows] - X[rows]
        steps = type(X)(steps[:, np.newaxis])
        return (X[rows] + steps.multiply(diffs)).astype(X.dtype)


def _stack_new_rows(
    X: Any, X_fit: Any, y: np.ndarray, blocks: list
) -> tuple[Any, np.ndarray]:
    """The resampled data: the original rows (``X_fit``, the dense C-order copy of
    ``X``; ``X`` itself when sparse), then each ``(label, new_rows)`` block in order."""
    if sparse.issparse(X):
        X_parts = [X.copy()] + [b for _, b in blocks]
        y_parts = [y.copy()] + [
            np.full(b.shape[0], lab, dtype=y.dtype) for lab, b in blocks
        ]
        return sparse.vstack(X_parts, format=X.format), np.hstack(y_parts)
    n = X.shape[0]
    n_total = n + sum(b.shape[0] for _, b in blocks)
    X_res = np.empty((n_total, X.shape[1]), dtype=X.dtype)
    X_res[:n] = X_fit
    y_res = np.empty(n_total, dtype=y.dtype)
    y_res[:n] = y
    start = n
    for label, block in blocks:
        X_res[start : start + block.shape[0]] = block
        y_res[start : start + block.shape[0]] = label
        start += block.shape[0]
    return X_res, y_res


class SMOTE(BaseSMOTE):
    """Over-sample with SMOTE (Synthetic Minority Over-sampling Technique).

    A drop-in for :class:`imblearn.over_sampling.SMOTE` (0.14.2): each new sample
    lies on the segment between a random sample of the class and one of its
    ``k_neighbors`` nearest neighbours in that class. Given the same
    ``random_state`` the result equals imbalanced-learn's on data without exact
    distance ties. Neighbours come from imbfast's exact kNN engine and the new
    samples are computed in C++ with all cores.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default='auto'
        Sampling information to resample the data set.

        - ``float``: the wanted ratio ``N_rm / N_M`` of minority samples after
          resampling over majority samples (binary targets only); the number
          of new samples is ``int(N_M * ratio - N_m)`` and must be positive.
        - ``str``: which classes to resample, to the size of the majority:
          ``'minority'``, ``'not minority'``, ``'not majority'``, ``'all'``,
          ``'auto'`` (= ``'not majority'``).
        - ``dict``: ``{class: wanted number of samples after resampling}``.
        - callable: ``f(y) -> dict`` as above.

    random_state : int, RandomState instance or None, default=None
        ``None`` uses numpy's global random stream (``np.random.seed``). An int
        seeds a fresh ``RandomState`` for *every class* (as imbalanced-learn
        does); a ``RandomState`` instance is drawn from and left advanced.

    k_neighbors : int or object, default=5
        Number of nearest neighbours used to build synthetic samples, or a
        fitted-on-demand estimator with ``kneighbors`` and ``kneighbors_graph``
        (e.g. :class:`imbfast.neighbors.NearestNeighbors` or scikit-learn's),
        whose ``n_neighbors`` counts the sample itself.

    Attributes
    ----------
    sampling_strategy_ : OrderedDict
        Class label -> number of samples to generate, sorted by label.
    nn_k_ : estimator object
        The nearest-neighbours estimator, left fitted on the last resampled
        class. ``imbfast.neighbors.NearestNeighbors(n_neighbors=k_neighbors + 1)``
        when ``k_neighbors`` is an int.
    n_features_in_ : int
        Number of features in the input data.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during `fit`. Defined only when `X` has feature
        names that are all strings.

    Notes
    -----
    Input may be a dense array (any numeric dtype; integer data gives integer,
    truncated, synthetic samples as in imbalanced-learn), a pandas DataFrame or
    a CSR/CSC matrix (sparse data uses scikit-learn's neighbour search). The
    original rows come first, then the new rows class by class in sorted label
    order.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbfast.over_sampling import SMOTE
    >>> X, y = make_classification(n_classes=2, class_sep=2,
    ...     weights=[0.1, 0.9], n_informative=3, n_redundant=1, flip_y=0,
    ...     n_features=20, n_clusters_per_class=1, n_samples=1000, random_state=10)
    >>> X_res, y_res = SMOTE(random_state=42).fit_resample(X, y)
    >>> sorted(Counter(y_res).items())
    [(np.int64(0), 900), (np.int64(1), 900)]
    """

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        k_neighbors: Any = 5,
    ) -> None:
        super().__init__(
            sampling_strategy=sampling_strategy,
            random_state=random_state,
            k_neighbors=k_neighbors,
        )

    # Runs on label codes (the labels are put back by the base class).
    _fit_resample = BaseOverSampler._fit_resample_via_codes

    def _fit_resample_codes(
        self, X: Any, target: EncodedTarget
    ) -> tuple[Any, np.ndarray]:
        codes = target.codes
        if sparse.issparse(X):
            return self._fit_resample_sparse(X, target)
        self._validate_estimator()
        # operator.index: a float count is a TypeError, as in imbalanced-learn.
        plan = [
            (label, target.code_of(label), operator.index(n))
            for label, n in self.sampling_strategy_.items()
            if n != 0
        ]
        n = X.shape[0]
        n_total = n + sum(m for _, _, m in plan)

        # One output block, original rows on top (this is also the one C-order
        # copy of X); each class then writes its new rows straight below.
        X_res = np.empty((n_total, X.shape[1]), dtype=X.dtype)
        X_res[:n] = X
        codes_res = np.empty(n_total, dtype=np.intp)
        codes_res[:n] = codes
        X_orig = X_res[:n]

        start = n
        for label, code, m in plan:
            X_class = np.take(X_orig, np.flatnonzero(codes == code), axis=0)
            nns = self._neighbours(X_class, label)
            self._make_samples(X_class, X_class, nns, m, X_res[start : start + m])
            codes_res[start : start + m] = code
            start += m
        return X_res, codes_res

    def _fit_resample_sparse(
        self, X: Any, target: EncodedTarget
    ) -> tuple[Any, np.ndarray]:
        self._validate_estimator(sparse_input=True)
        X_parts, code_parts = [X.copy()], [target.codes]
        for label, m in self.sampling_strategy_.items():
            if m == 0:
                continue
            code = target.code_of(label)
            X_class = X[np.flatnonzero(target.codes == code)]
            nns = self._neighbours(X_class, label)
            X_parts.append(self._make_samples_sparse(X_class, X_class, nns, m))
            code_parts.append(np.full(m, fill_value=code, dtype=np.intp))
        return sparse.vstack(X_parts, format=X.format), np.hstack(code_parts)
