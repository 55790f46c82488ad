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

from .._interpolation import interpolate
from .._neighbour_lists import (
    check_class_size,
    estimator_k,
    imblearn_params,
    make_neighbors,
    neighbours_of,
    neighbours_param,
    other_class_counts,
)
from .._threads import effective_n_threads
from .._validation import EncodedTarget
from ..base import substitute
from ..neighbors import NearestNeighbors
from .base import BaseOverSampler, output_block

__all__ = ["SMOTE", "BaseSMOTE"]

# The kernels' thread count, by the name the thread tests patch (results never
# depend on it).
_n_threads = effective_n_threads


class BaseSMOTE(BaseOverSampler):
    """Shared machinery of the SMOTE family (SMOTE, and later Borderline-SMOTE,
    ADASYN-like and SMOTE-NC variants). Not meant to be instantiated directly.

    Pieces for subclasses:

    - :meth:`_validate_estimator` sets ``nn_k_`` from ``k_neighbors``;
    - :meth:`_class_neighbours` gives rows' ``k`` nearest other rows of their class;
    - :meth:`_in_danger_noise` is the danger / noise test (Borderline, SVMSMOTE);
    - :meth:`_make_samples` draws (seed, neighbour) pairs and steps in
      imbalanced-learn's order and writes the new rows into a preallocated
      block.
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "k_neighbors": [*neighbours_param()],
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
        clone of the given estimator (see :func:`imbfast._neighbour_lists.make_neighbors`;
        sparse data with an int uses scikit-learn's search)."""
        self.nn_k_ = make_neighbors("k_neighbors", self.k_neighbors, sparse_input)

    def _class_neighbours(
        self,
        X_class: Any,
        label: Any,
        rows: np.ndarray | None = None,
        nn: Any = None,
        param: Any = None,
    ) -> np.ndarray:
        """Fit ``nn`` (default ``nn_k_``) on ``X_class`` (the rows of class
        ``label``) and return the ``rows``' (default: all) nearest other rows of
        the class, ``(n_rows, k)`` int64, by the neighbour layer's rules.
        ``param``: the neighbours parameter ``nn`` comes from (default
        ``k_neighbors``); an int one is checked against the class size."""
        nn = self.nn_k_ if nn is None else nn
        param = self.k_neighbors if param is None else param
        if isinstance(param, Integral):
            check_class_size(label, X_class.shape[0], int(param))
        if isinstance(nn, NearestNeighbors) and not sparse.issparse(X_class):
            check_class_size(label, X_class.shape[0], estimator_k(nn, "k_neighbors"))
        return neighbours_of(nn, X_class, rows, imblearn=imblearn_params(param))

    def _in_danger_noise(
        self,
        nn: Any,
        X: Any,
        rows: np.ndarray,
        is_target: np.ndarray,
        kind: str,
        imblearn: dict | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """imbalanced-learn's ``_in_danger_noise``: of the query ``rows`` (indices
        into ``X``, on which ``nn`` is fitted), which are in danger (at least half,
        not all, of their ``m`` nearest other rows of another class) or noise (all
        of them). Returns ``(mask, neighbour lists)``."""
        nbr = neighbours_of(nn, X, rows, fit=False, imblearn=imblearn)
        return self._danger_noise_of(nbr, is_target, kind), nbr

    @staticmethod
    def _danger_noise_of(
        nbr: np.ndarray, is_target: np.ndarray, kind: str
    ) -> np.ndarray:
        """The danger (``m/2 <= n_other < m``) or noise (``n_other == m``) test
        on neighbour lists of width ``m``."""
        n_other = other_class_counts(nbr, is_target)
        m = nbr.shape[1]
        if kind == "danger":
            return (n_other >= m / 2) & (n_other < m)
        return n_other == m

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
    X_res, y_res = output_block(X_fit, y, sum(b.shape[0] for _, b in blocks))
    start = X.shape[0]
    for label, block in blocks:
        X_res[start : start + block.shape[0]] = block
        y_res[start : start + block.shape[0]] = label
        start += block.shape[0]
    return X_res, y_res


@substitute(sampling_strategy=BaseSMOTE._sampling_strategy_docstring)
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
    {sampling_strategy}

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
    {feature_attributes}

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
        X_res, codes_res = output_block(X, codes, n_total - n)
        X_orig = X_res[:n]

        start = n
        for label, code, m in plan:
            X_class = np.take(X_orig, np.flatnonzero(codes == code), axis=0)
            nns = self._class_neighbours(X_class, label)
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
            nns = self._class_neighbours(X_class, label)
            X_parts.append(self._make_samples_sparse(X_class, X_class, nns, m))
            code_parts.append(np.full(m, fill_value=code, dtype=np.intp))
        return sparse.vstack(X_parts, format=X.format), np.hstack(code_parts)
