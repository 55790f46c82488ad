"""SMOTEN: SMOTE for data made only of categorical (nominal) features.

Follows imbalanced-learn 0.14.2's ``SMOTEN`` to the random draw (a fresh stream
per class for an int seed, one ``choice`` of seed rows per class) without its
memory: imbalanced-learn builds the dense ``n_c x n_c`` value-difference-metric
(VDM) matrix of every class and an ``n_new x (k+1) x n_features`` array for the
vote. Here the per-feature class-probability tables (categories x classes) are
the only model of the metric; distances are computed row by row in C++, keeping
the ``k+1`` nearest rows, and only for the rows that were drawn as seeds; the
per-feature mode vote runs in C++ once per distinct seed row.
"""

from __future__ import annotations

import warnings
from numbers import Integral
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import clone
from sklearn.exceptions import DataConversionWarning
from sklearn.preprocessing import OrdinalEncoder
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods
from sklearn.utils.validation import check_array, validate_data

from .. import _core
from .._config import neighbour_ties
from .._neighbour_lists import check_class_size
from .._threads import effective_n_threads
from .._validation import check_target_type
from ..base import substitute
from ..neighbors import NearestNeighbors
from ._neighbours import integer_count
from ._smote import SMOTE

__all__ = ["SMOTEN"]


# The kernels' thread count, by the name the thread tests patch.
_n_threads = effective_n_threads


@substitute()
class SMOTEN(SMOTE):
    """Over-sample data made of categorical features with SMOTEN.

    A drop-in for :class:`imblearn.over_sampling.SMOTEN` (0.14.2). The features
    are encoded as ordinal codes; the distance between two samples is the value
    difference metric (VDM): for each feature, the L1 distance between the class
    distributions of the two categories, squared, summed over the features. Each
    new sample starts from a random sample of the class: each of its features
    takes the most frequent category among the sample itself and its
    ``k_neighbors`` nearest neighbours in the class (the smallest code on ties).
    Given the same ``random_state`` the output equals imbalanced-learn's on data
    where no two candidate neighbours tie at the ``k``-th distance (see Notes).

    Parameters
    ----------
    categorical_encoder : estimator, default=None
        Ordinal encoder of the features (``fit_transform``, ``inverse_transform``
        and ``categories_``). ``None`` uses
        ``OrdinalEncoder(dtype=np.int32)``; a given encoder is cloned.

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
        Number of nearest neighbours voting with the sample, or an estimator
        with ``kneighbors`` and ``kneighbors_graph`` whose ``n_neighbors``
        counts the sample itself. :class:`imbfast.neighbors.NearestNeighbors`
        only gives ``n_neighbors`` to the compiled search; any other estimator
        is used as imbalanced-learn uses it: ``metric="precomputed"`` is set on
        it and it is fitted on each class's dense ``n_c x n_c`` VDM matrix
        (computed in C++), so it costs imbalanced-learn's memory.

    Attributes
    ----------
    categorical_encoder_ : estimator
        The fitted encoder.
    sampling_strategy_ : OrderedDict
        Class label -> number of samples to generate, sorted by label.
    nn_k_ : estimator object
        For an int ``k_neighbors``,
        ``imbfast.neighbors.NearestNeighbors(n_neighbors=k_neighbors + 1)``,
        which stays unfitted (the search runs in the VDM kernel). Otherwise the
        clone of the given estimator, fitted on the last resampled class's
        distance matrix.
    {feature_attributes}

    Notes
    -----
    Input: a 2-D array of any dtype (strings and objects included), a pandas
    DataFrame (returned as a DataFrame with its column dtypes) or a CSR/CSC
    matrix (densified with a ``DataConversionWarning``, returned in its format).
    The original rows come first, then the new rows class by class in sorted
    label order.

    **Neighbours and ties.** The neighbourhood of a sample is the sample itself
    followed by its ``k_neighbors`` nearest other samples of the class, ordered
    by (distance, index): of samples at equal distance, the one with the
    smaller index comes first. imbalanced-learn takes the ``k_neighbors + 1``
    columns that ``NearestNeighbors(metric="precomputed")`` returns, i.e. the
    first ones after ``np.argpartition`` and ``np.argsort`` of each distance
    row; neither orders equal distances (the order depends on the numpy version
    and CPU), and with several samples at distance 0 the sample itself may be
    left out. Since the vote does not depend on the order of the neighbours,
    the outputs differ only where the ``k_neighbors``-th and the next nearest
    other sample are at the same VDM distance (duplicated rows, or categories
    with identical class distributions), and then only in which of the tied
    samples votes. To reproduce imbalanced-learn there as well, run under
    ``imbfast.config_context(neighbour_ties="imblearn")``: imbalanced-learn's
    search then answers the drawn rows from the very distances it computes, a
    block of rows at a time (no ``n x n`` matrix). Passing
    ``k_neighbors=sklearn.neighbors.NearestNeighbors(n_neighbors=k + 1)`` does
    the same with the whole distance matrix, as imbalanced-learn builds it.

    Examples
    --------
    >>> import numpy as np
    >>> from collections import Counter
    >>> from imbfast.over_sampling._smoten import SMOTEN
    >>> X = np.array(["A"] * 10 + ["B"] * 20 + ["C"] * 30, dtype=object).reshape(-1, 1)
    >>> y = np.array([0] * 20 + [1] * 40, dtype=np.int32)
    >>> X_res, y_res = SMOTEN(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res).items())
    [(np.int32(0), 40), (np.int32(1), 40)]
    """

    _parameter_constraints: dict = {
        **SMOTE._parameter_constraints,
        "categorical_encoder": [
            HasMethods(["fit_transform", "inverse_transform"]),
            None,
        ],
    }

    def __init__(
        self,
        categorical_encoder: Any = None,
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
        self.categorical_encoder = categorical_encoder

    def _check_X_y(self, X: Any, y: Any, accept_sparse: Any = None):
        """Any dtype (strings included) and CSR/CSC; values must be finite."""
        y, binarize_y = check_target_type(y, indicate_one_vs_all=True)
        X, y = validate_data(
            self, X=X, y=y, reset=True, dtype=None, accept_sparse=["csr", "csc"]
        )
        return X, y, binarize_y

    def _validate_estimator(self, sparse_input: bool = False) -> None:
        """``nn_k_`` as in :class:`SMOTE`; an estimator other than imbfast's own
        is switched to ``metric="precomputed"`` as imbalanced-learn does."""
        super()._validate_estimator()
        if not self._compiled_search():
            self.nn_k_.set_params(metric="precomputed")

    def _compiled_search(self) -> bool:
        return (
            isinstance(self.k_neighbors, Integral)
            or type(self.nn_k_) is NearestNeighbors
        )

    # ----------------------------------------------------------------------------------

    def _fit_resample(self, X: Any, y: np.ndarray) -> tuple[Any, np.ndarray]:
        sparse_format = None
        if sparse.issparse(X):
            sparse_format = X.format
            X = X.toarray()
            warnings.warn(
                "Passing a sparse matrix to SMOTEN is not really efficient since it"
                " is converted to a dense array internally.",
                DataConversionWarning,
                stacklevel=3,
            )
        self._validate_estimator()

        if self.categorical_encoder is None:
            self.categorical_encoder_ = OrdinalEncoder(dtype=np.int32)
        else:
            self.categorical_encoder_ = clone(self.categorical_encoder)
        X_encoded = self.categorical_encoder_.fit_transform(X)
        sizes = [len(cat) for cat in self.categorical_encoder_.categories_]
        codes = _check_codes(X_encoded, sizes)
        cat_offsets = np.zeros(len(sizes) + 1, dtype=np.int64)
        np.cumsum(sizes, out=cat_offsets[1:])
        classes, labels = np.unique(y, return_inverse=True)
        proba = _core.vdm_class_probabilities(
            codes,
            np.ascontiguousarray(labels, dtype=np.int64),
            cat_offsets,
            classes.size,
        )

        # A float count is a TypeError, as in imbalanced-learn.
        plan = [
            (c, integer_count(n, c, "SMOTEN"))
            for c, n in self.sampling_strategy_.items()
            if n != 0
        ]
        n = X.shape[0]
        n_new = sum(m for _, m in plan)
        new_codes = np.empty((n_new, codes.shape[1]), dtype=np.int32)
        y_res = np.empty(n + n_new, dtype=y.dtype)
        y_res[:n] = y
        start = 0
        for label, m in plan:
            codes_c = np.take(codes, np.flatnonzero(y == label), axis=0)
            self._class_samples(
                codes_c, proba, cat_offsets, label, new_codes[start : start + m]
            )
            y_res[n + start : n + start + m] = label
            start += m

        if n_new:
            decoded = self.categorical_encoder_.inverse_transform(
                new_codes.astype(X_encoded.dtype, copy=False)
            )
            X_res = np.vstack((X, decoded))
        else:
            X_res = X.copy()
        if sparse_format == "csr":
            return sparse.csr_matrix(X_res), y_res
        if sparse_format == "csc":
            return sparse.csc_matrix(X_res), y_res
        return X_res, y_res

    def _class_samples(self, codes_c, proba, cat_offsets, label, out) -> None:
        """Write the codes of ``len(out)`` new samples of one class into ``out``.

        imbalanced-learn's order: neighbours first (so their errors come before
        any draw), then a fresh ``check_random_state`` and ``choice`` of the
        seed rows, then each seed's neighbourhood votes feature by feature.
        """
        n_c, m = codes_c.shape[0], out.shape[0]
        threads = _n_threads()
        if self._compiled_search():
            n_neighbors = int(self.nn_k_.n_neighbors)
            if n_neighbors < 1:
                raise ValueError(
                    f"The k_neighbors estimator needs n_neighbors >= 1; got {n_neighbors}."
                )
            check_class_size(label, n_c, n_neighbors - 1)
            if neighbour_ties() == "imblearn" and isinstance(
                self.k_neighbors, Integral
            ):
                # imbalanced-learn's answer where VDM distances tie: its
                # precomputed search (argpartition, then argsort, row by row)
                # on the very distances it computes, for the seed rows only.
                seeds = self._draw_seeds(n_c, m)
                rows, inverse = np.unique(seeds, return_inverse=True)
                nbrs = _vdm_precomputed_kneighbors(
                    codes_c, proba, cat_offsets, rows, n_neighbors
                )
                votes = _core.neighbour_mode(codes_c, nbrs, threads)
                np.take(votes, inverse.reshape(-1), axis=0, out=out)
                return
            seeds = self._draw_seeds(n_c, m)
            rows, inverse = np.unique(seeds, return_inverse=True)
            nbrs = _core.vdm_kneighbors(
                codes_c,
                proba,
                cat_offsets,
                rows.astype(np.int64, copy=False),
                n_neighbors,
                threads,
            )
        else:
            dist = _core.vdm_pairwise(codes_c, proba, cat_offsets, threads)
            self.nn_k_.fit(dist)
            all_nbrs = np.asarray(self.nn_k_.kneighbors(dist, return_distance=False))
            del dist
            seeds = self._draw_seeds(n_c, m)
            rows, inverse = np.unique(seeds, return_inverse=True)
            nbrs = np.ascontiguousarray(all_nbrs[rows], dtype=np.int64)
        votes = _core.neighbour_mode(codes_c, nbrs, threads)
        np.take(votes, inverse.reshape(-1), axis=0, out=out)

    def _draw_seeds(self, n_c: int, m: int) -> np.ndarray:
        # check_random_state afresh per class: an int seed restarts its stream.
        rs = check_random_state(self.random_state)
        return rs.choice(np.arange(n_c), size=m, replace=True)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        return tags


def _check_codes(X_encoded: Any, sizes: list[int]) -> np.ndarray:
    """The encoded data as C-contiguous int32 codes, each feature's in
    ``[0, n_categories)`` (imbalanced-learn's ``ValueDifferenceMetric`` checks)."""
    if sparse.issparse(X_encoded):
        X_encoded = X_encoded.toarray()
    codes = check_array(
        X_encoded, dtype=np.int32, ensure_non_negative=True, input_name="encoded X"
    )
    if codes.shape[1] != len(sizes):
        raise ValueError(
            "The length of n_categories is not consistent with the number of feature "
            f"in X. Got {len(sizes)} elements in n_categories and {codes.shape[1]} in X."
        )
    too_big = codes >= np.asarray(sizes, dtype=np.int64)
    if too_big.any():
        f = int(np.flatnonzero(too_big.any(axis=0))[0])
        raise ValueError(
            f"The categorical encoder produced a code >= the number of categories "
            f"({sizes[f]}) of feature {f}; SMOTEN needs codes 0 .. n_categories - 1."
        )
    return np.ascontiguousarray(codes)


def _vdm_precomputed_kneighbors(codes_c, proba, cat_offsets, rows, n_neighbors):
    """``NearestNeighbors(n_neighbors, metric="precomputed").fit(D).kneighbors(D)``
    for the rows ``rows`` of imbalanced-learn's VDM matrix ``D`` of one class,
    without building ``D``: its rows computed as imbalanced-learn's
    ``ValueDifferenceMetric.pairwise`` computes them (per feature, scipy's
    ``distance_matrix`` with ``p=1`` squared, summed over features: the same
    bits), a block of rows at a time, then scikit-learn's own reduction of each
    row (``_kneighbors_reduce_func``: ``argpartition`` and ``argsort``, which
    answer every row on its own)."""
    from sklearn.neighbors import NearestNeighbors as SkNearestNeighbors

    n_c, n_features = codes_c.shape
    n_classes = proba.shape[1]
    reducer = SkNearestNeighbors(n_neighbors=n_neighbors, metric="precomputed")
    out = np.empty((rows.shape[0], n_neighbors), dtype=np.int64)
    block = max(1, int(4_000_000 // max(1, n_c * n_classes)))
    per_feature = [proba[cat_offsets[f] + codes_c[:, f]] for f in range(n_features)]
    for start in range(0, rows.shape[0], block):
        r = rows[start : start + block]
        dist = np.zeros((r.shape[0], n_c), dtype=np.float64)
        for P in per_feature:
            dist += (
                np.sum(np.abs(P[np.newaxis, :, :] - P[r][:, np.newaxis, :]), axis=-1)
                ** 2
            )
        out[start : start + r.shape[0]] = reducer._kneighbors_reduce_func(
            dist, start, n_neighbors, False
        )
    return out
