"""Exact k-nearest neighbours on the compiled engine, with scikit-learn's interface.

``NearestNeighbors`` can be used on its own, inside imbfast's samplers, or handed to
unmodified imbalanced-learn (which accepts any object with ``kneighbors`` and
``kneighbors_graph``)::

    from imblearn.over_sampling import SMOTE
    from imbfast.neighbors import NearestNeighbors
    SMOTE(k_neighbors=NearestNeighbors(n_neighbors=6))
"""

from __future__ import annotations

import contextlib
import math
from numbers import Integral

import numpy as np
from scipy.sparse import issparse as sparse_issparse
from sklearn.base import BaseEstimator
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from . import _core
from ._threads import effective_n_threads

__all__ = [
    "NearestNeighbors",
    "choose_algorithm",
    "effective_dimension",
    "kneighbors_self",
]

# Below this many indexed points a tree does not pay for itself.
_BRUTE_MAX_SAMPLES = 256
# From this many features the engine scans leaves in batches with a dot-product
# filter (see cpp/src/kdtree.cpp), and big leaves win.
_WIDE_FEATURES = 12
# Rows sampled (evenly strided) to estimate the effective dimension.
_DIMENSION_SAMPLE = 256
# Brute-force leaf (block) size of the flat layout.
_BRUTE_BLOCK = 64
# From this many features brute force filters candidates with a BLAS product
# (see _gemm_knn); entries per block of its temporaries.
_GEMM_MIN_FEATURES = 32
_GEMM_BLOCK = 1 << 22


# Unit roundoffs of float32 and float64.
_U32 = 2.0**-24
_U64 = 2.0**-53
# The float32 filter needs d * u32 <= 1/100 (d <= 167,772) and squared norms of the
# centred rows of at most 2**100 (no float32 overflow anywhere in the product).
_F32_MAX_DU = 0.01
_F32_MAX_NORM2 = 2.0**100


def _f32_candidate_cap(k: int) -> int:
    """Most candidates per query the float32 filter may leave before that query is
    filtered again in float64 (where the slack is 2**29 times smaller)."""
    return 4 * k + 64


def _gemm_knn(X: np.ndarray, Q: np.ndarray | None, k: int, n_threads: int):
    """Exact brute force through a BLAS filter: squared distances and indices of
    the ``k`` nearest rows of ``X`` for each row of ``Q`` (``None``: every row of
    ``X``, itself excluded by index), ties by the smaller index.

    Rows are centred on the mean ``c`` of ``X``; with ``a = q - c`` and
    ``b = x - c``, ``|q - x|^2 - |a|^2 = |b|^2 - 2 a.b``, so one matrix product
    per block of queries ranks every row approximately. The compiled kernel
    (``_core.refine_candidates``) takes every row whose filter value is within a
    proven margin of the k-th smallest and computes its exact distance in the
    engine's arithmetic (float64 differences, squares summed in feature order, as
    the tree computes them), so the answer is bit for bit the tree's.

    **float32 filter** (``d <= 167,772`` and centred squared norms at most
    ``2**100``). The product is computed by single-precision BLAS on the centred
    rows rounded to float32, ``A = |b|^2 - 2 fl32(a).fl32(b)`` (``|b|^2`` from the
    float64 centred rows). With ``u = 2**-24`` and ``N = |a|^2 + |b|^2``, the
    rounding of the inputs to float32 (``|fl32(t) - t| <= (u + 2**-53)|t| +
    2**-150``) moves ``a.b`` by at most ``(2u + u^2) N / 2``, a single-precision dot
    product in any summation order (FMA or not; a classical product, as every BLAS
    numpy links computes it) errs by at most
    ``gamma_(d+2) |fl32(a)| |fl32(b)| <= 1.02 (d + 2) u N / 2`` (``d u <= 1/100``),
    and the float64 steps (``|b|^2``, the subtraction, the exact distance against
    the true one, the threshold's addition) add less than ``0.01 d u N``; hence
    ``|A - (|q - x|^2 - |a|^2)| <= E = (1.03 d + 8) u N`` plus at most ``d 2**-147``
    from float32 underflow. Bounding ``N`` per query by ``|a|^2 + max |b|^2``, a
    row with ``A(x) > kth(A) + 2 E`` is farther than ``k`` rows whose distance
    is at most ``kth(A) + E + |a|^2``, so the candidates ``A <= kth(A) + margin``
    with ``margin = (4 d + 32) u (|a|^2 + max |b|^2) + d 2**-140`` (about twice
    ``2 E``) contain the k nearest. A query left with fewer than ``k`` or more than
    ``4 k + 64`` candidates (e.g. next to an outlier row, which inflates ``max
    |b|^2``) is filtered again with the float64 product.

    **float64 filter**: ``|b|^2 - 2 a.b`` in double differs from the squared
    distance minus ``|a|^2`` by at most ``s = (4 d + 16) eps (|a|^2 + max |b|^2)``
    (``eps = 2**-52``) whatever the summation order; the margin is ``2 s``.
    """
    if Q is not None and Q.dtype != X.dtype:
        # The exact step takes one dtype; float32 -> float64 is exact, and the
        # differences are computed in double either way.
        X = X.astype(np.float64)
        Q = Q.astype(np.float64)
    self_query = Q is None
    rows = X if self_query else Q
    n, d = X.shape
    m = rows.shape[0]
    center = X.mean(axis=0, dtype=np.float64)
    Xc = X - center  # float64
    xn = np.einsum("ij,ij->i", Xc, Xc)
    Qc = Xc if self_query else Q - center
    qn = xn if self_query else np.einsum("ij,ij->i", Qc, Qc)
    xn_max = float(xn.max())
    use32 = d * _U32 <= _F32_MAX_DU and max(xn_max, float(qn.max())) <= _F32_MAX_NORM2
    if use32:
        Xc32 = Xc.astype(np.float32)
        Qc32 = Xc32 if self_query else Qc.astype(np.float32)
        margin32 = (4 * d + 32) * _U32 * (qn + xn_max) + d * 2.0**-140
        cap32 = _f32_candidate_cap(k)
    margin64 = 2.0 * (4 * d + 16) * (2 * _U64) * (qn + xn_max)
    dist = np.empty((m, k))
    ind = np.empty((m, k), dtype=np.int64)
    block = max(1, _GEMM_BLOCK // n)
    with _blas_threads(n_threads):
        for s in range(0, m, block):
            e = min(m, s + block)
            self_index = np.arange(s, e, dtype=np.int64) if self_query else None
            if use32:
                dist[s:e], ind[s:e], counts = _core.refine_candidates(
                    Qc32[s:e] @ Xc32.T,
                    xn,
                    margin32[s:e],
                    rows[s:e],
                    X,
                    k,
                    cap32,
                    self_index,
                    n_threads,
                )
                redo = np.flatnonzero((counts < k) | (counts > cap32))
                if redo.size == 0:
                    continue
                picked = s + redo  # these queries again, in float64
                picked_self = picked if self_query else None
            else:
                picked, picked_self = slice(s, e), self_index
            d2, i2, _ = _core.refine_candidates(
                Qc[picked] @ Xc.T,
                xn,
                margin64[picked],
                np.ascontiguousarray(rows[picked]),
                X,
                k,
                n,
                picked_self,
                n_threads,
            )
            dist[picked], ind[picked] = d2, i2
    return dist, ind


_BLAS_CONTROLLER = None
_BLAS_LIBRARIES: list = []


def _blas_threads(n_threads: int):
    """Context limiting BLAS to ``n_threads``; a no-op when every BLAS library
    already runs with that many (the controller is built once per process)."""
    global _BLAS_CONTROLLER, _BLAS_LIBRARIES
    from threadpoolctl import ThreadpoolController

    if _BLAS_CONTROLLER is None:
        _BLAS_CONTROLLER = ThreadpoolController()
        _BLAS_LIBRARIES = _BLAS_CONTROLLER.select(user_api="blas").lib_controllers
    if all(lib.get_num_threads() == n_threads for lib in _BLAS_LIBRARIES):
        return contextlib.nullcontext()
    return _BLAS_CONTROLLER.limit(limits=n_threads, user_api="blas")


def effective_dimension(X: np.ndarray) -> float:
    """Participation ratio of the rows' covariance spectrum, from a sample.

    ``(sum of eigenvalues)**2 / sum of squared eigenvalues``: d for isotropic data
    in d dimensions, about r for data spread evenly over an r-dimensional
    subspace, less when a few directions carry most of the variance. It is
    computed without an eigendecomposition, as ``trace(G)**2 / |G|_F**2`` for the
    Gram matrix ``G`` of at most 256 evenly strided, centred rows (the nonzero
    eigenvalues of ``G`` are those of the sample's scatter matrix), so it costs
    ``256**2 * n_features`` operations and is at most ``n_sample - 1``.
    Below 12 features it is not estimated: ``n_features`` is returned.
    """
    n, d = X.shape
    if d < _WIDE_FEATURES or n < 3:
        return float(d)
    sample = np.array(
        X[:: max(1, n // _DIMENSION_SAMPLE)][:_DIMENSION_SAMPLE], dtype=np.float64
    )
    sample -= sample.mean(axis=0)
    gram = sample @ sample.T
    total = float(np.trace(gram))
    frob = float(np.vdot(gram, gram))
    if not (total > 0.0 and frob > 0.0 and np.isfinite(total) and np.isfinite(frob)):
        return 0.0  # all rows equal (or no usable spread): any search will do
    return total * total / frob


def choose_algorithm(
    n_samples: int,
    n_features: int,
    n_neighbors: int,
    effective_dim: float | None = None,
) -> str:
    """The engine's ``algorithm="auto"`` rule: ``"brute"`` or ``"kd_tree"``.

    Brute force (a blocked scan of every row, exact like the tree) when the tree
    cannot prune:

    * tiny data (at most 256 rows), or ``n_neighbors`` at least half the rows;
    * an effective dimension (``effective_dim``, see :func:`effective_dimension`;
      ``n_features`` when not given) that the tree cannot split: a kd-tree over
      ``n`` rows is about ``log2(n)`` levels deep and its boxes prune once each
      effective direction has been split a few times, so brute force is chosen
      when ``effective_dim > log2(n_samples) ** 2 / 2`` (1,000 rows: above 50;
      100,000 rows: above 138).

    A kd-tree otherwise (rows spanning fewer dimensions than the features are
    indexed in their principal subspace, see ``NearestNeighbors``).
    """
    if n_samples <= _BRUTE_MAX_SAMPLES:
        return "brute"
    if n_neighbors >= n_samples // 2:
        return "brute"
    dim = float(n_features if effective_dim is None else effective_dim)
    if dim > _max_tree_dimension(n_samples):
        return "brute"
    return "kd_tree"


def _max_tree_dimension(n_samples: int) -> float:
    """Highest effective dimension a kd-tree over ``n_samples`` rows still prunes."""
    return 0.5 * math.log2(n_samples) ** 2


def _auto_algorithm(X: np.ndarray, n_neighbors: int) -> str:
    """:func:`choose_algorithm` for the rows ``X``, estimating the effective
    dimension only when the feature count alone does not settle it."""
    n, d = X.shape
    if choose_algorithm(n, d, n_neighbors, effective_dim=0.0) == "brute":
        return "brute"
    if d <= _max_tree_dimension(n):
        return "kd_tree"
    return choose_algorithm(n, d, n_neighbors, effective_dimension(X))


def choose_leaf_size(n_features: int, n_samples: int = 0) -> int:
    """Default leaf size: 16 points up to 3 features, 32 below 12; from 12 on
    (batched leaf scans) 512, or 1024 from 200,000 rows (measured best on the
    benchmark data)."""
    if n_features <= 3:
        return 16
    if n_features < _WIDE_FEATURES:
        return 32
    return 1024 if n_samples >= 200_000 else 512


# Principal-subspace projection (see _projection): rows sampled for the covariance,
# and the eigenvalue below which (relative to the largest) a direction counts as
# empty. Below this many rows the projection does not pay for itself.
_PROJECTION_SAMPLE = 20_000
_NULL_EIGENVALUE = 1e-9
_PROJECTION_MIN_SAMPLES = 1_000
_PROJECT_BLOCK = 65_536
_FAR_FROM_ORIGIN = 1e8  # squared offset / total variance
# Fewer queries than 1/16 of the indexed points count as sparse (see _Index).
_SPARSE_QUERIES = 16


def _projection(X: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """``(V, c)``: an orthonormal basis V (d x r, r < d) of the subspace the rows of
    ``X`` span and their sample mean c, or ``None`` when they span all d
    dimensions (to rounding) — unless they lie far from the origin, where V is
    the identity (centring only).

    Data with linearly dependent features (``make_classification``'s redundant
    features, one-hot blocks, duplicated or derived columns) lies in a subspace
    whose axis-aligned kd-tree boxes prune poorly. The engine then builds the tree
    on the coordinates ``(X - c) @ V`` and ranks candidates by their distances on
    the original rows, so the answer is unchanged: projected distances are lower
    bounds (to a rounding slack the engine adds) whatever ``V`` is. Centring keeps
    that slack small for data far from the origin. The basis comes from the
    covariance of an evenly strided sample of at most 20,000 rows
    (deterministic); a direction missed by the sample only loosens the bounds.
    """
    n, d = X.shape
    if n < _PROJECTION_MIN_SAMPLES or d < _WIDE_FEATURES:
        return None
    sample = X[:: max(1, n // _PROJECTION_SAMPLE)].astype(np.float64)
    center = sample.mean(axis=0)
    sample -= center
    eigval, eigvec = np.linalg.eigh(sample.T @ sample)
    top = eigval[-1]
    if not top > 0:
        return None
    keep = eigval > _NULL_EIGENVALUE * top
    if keep.all():
        # Full rank: only rows far from the origin (an offset above 10,000 times
        # their spread) are worth it, unrotated and centred: the dot-product
        # filter's rounding margin grows with |x|^2 and would swamp the distances.
        if center @ center > _FAR_FROM_ORIGIN * eigval.sum() / sample.shape[0]:
            return np.eye(d), np.ascontiguousarray(center)
        return None
    return np.ascontiguousarray(eigvec[:, keep][:, ::-1]), np.ascontiguousarray(center)


def _project(X: np.ndarray, basis: np.ndarray, center: np.ndarray) -> np.ndarray:
    """``(X - center) @ basis`` in float64, by blocks of rows (no n x d temporary)."""
    out = np.empty((X.shape[0], basis.shape[1]), dtype=np.float64)
    for start in range(0, X.shape[0], _PROJECT_BLOCK):
        block = X[start : start + _PROJECT_BLOCK]
        np.matmul(block - center, basis, out=out[start : start + _PROJECT_BLOCK])
    return out


# float64 rows with entries beyond 2**400 (about 2.6e120) can overflow squared norms
# and distances, entries all below 2**-400 underflow them: the engine then works on
# the rows times a power of two (exact: every product, difference and sum is scaled
# by the same power, so the rounding, the order and the ties are those of the
# unscaled arithmetic wherever that does not overflow or underflow).
_SAFE_EXPONENT = 400


def _max_abs(X: np.ndarray) -> float:
    """Largest |entry| of ``X`` (two passes, no temporary)."""
    if X.size == 0:
        return 0.0
    return max(float(X.max()), -float(X.min()))


def _exponent_for(amax: float) -> int:
    """0 when the largest |entry| ``amax`` lies in [2**-400, 2**400] (or is 0),
    else the exponent that brings it into [0.5, 1)."""
    if amax == 0.0 or 2.0**-_SAFE_EXPONENT <= amax <= 2.0**_SAFE_EXPONENT:
        return 0
    return math.frexp(amax)[1]


def _engine_exponent(X: np.ndarray) -> int:
    """``e`` such that ``X * 2**-e`` is safe for the engine's squared distances
    (always 0 for float32: squared in double, never at risk)."""
    return 0 if X.dtype != np.float64 else _exponent_for(_max_abs(X))


def _scaled(X: np.ndarray, exponent: int) -> np.ndarray:
    return X if exponent == 0 else np.ldexp(X, -exponent)


def _unscale_distances(dist: np.ndarray, exponent: int) -> np.ndarray:
    """Euclidean distances of scaled rows back in the caller's units; a distance
    beyond float64's range is an error, not an infinity."""
    if exponent != 0:
        with np.errstate(over="ignore"):
            np.ldexp(dist, exponent, out=dist)
        if not np.isfinite(dist).all():
            raise ValueError(
                "Distances between these rows exceed the float64 range "
                f"(about {np.finfo(np.float64).max:.3g}); rescale X. The neighbour "
                "indices (return_distance=False) are still exact."
            )
    return dist


class _Index:
    """The engine's immutable indexes over ``X`` (C-contiguous float32/float64).

    ``flat=True``: the brute-force layout (blocks of 64 rows in input order), built
    at once. Otherwise kd-trees, built on first use; when the rows span fewer
    dimensions than the features (see :func:`_projection`) the trees index the
    projected rows and are given the original rows at construction.

    Two leaf sizes serve two kinds of search: self-queries and dense query sets
    scan leaves in batches (big leaves, :func:`choose_leaf_size` of the feature
    count); few queries against a projected tree of fewer than 12 dimensions are
    searched one by one, where small leaves prune best. A given ``leaf_size`` is
    used for both.
    """

    def __init__(
        self, X: np.ndarray, leaf_size: int | None, n_threads: int, flat: bool = False
    ) -> None:
        # Extreme float64 magnitudes are indexed times a power of two (see _scaled).
        self.exponent = _engine_exponent(X)
        self.X = _scaled(X, self.exponent)
        self.leaf_size = leaf_size
        self.n_threads = n_threads
        self.flat = flat
        projection = None if flat else _projection(self.X)
        self.basis, self.center = (None, None) if projection is None else projection
        self._trees: dict = {}
        if flat and X.shape[1] < _GEMM_MIN_FEATURES:
            self.tree()  # wide rows mostly take the BLAS filter: built on first use

    def __getstate__(self) -> dict:
        # The compiled trees do not pickle; they are rebuilt (the same trees) on
        # the first query after unpickling.
        state = self.__dict__.copy()
        state["_trees"] = {}
        return state

    def tree(self, sparse_queries: bool = False):
        n, d = self.X.shape
        if self.flat:
            leaf = _BRUTE_BLOCK
        elif self.leaf_size is not None:
            leaf = self.leaf_size
        elif (
            sparse_queries
            and self.basis is not None
            and self.basis.shape[1] < _WIDE_FEATURES
        ):
            leaf = choose_leaf_size(self.basis.shape[1], n)
        else:
            leaf = choose_leaf_size(d, n)
        if leaf not in self._trees:
            if self.basis is None:
                tree_cls = (
                    _core.KDTree32 if self.X.dtype == np.float32 else _core.KDTree64
                )
                tree = tree_cls(self.X, leaf, self.flat, self.n_threads)
            else:
                tree = _core.KDTree64(
                    _project(self.X, self.basis, self.center),
                    leaf,
                    False,
                    self.n_threads,
                    X_exact=self.X,
                    center=self.center,
                )
            self._trees[leaf] = tree
        return self._trees[leaf]

    def _gemm(self, k: int) -> bool:
        """Brute force through the BLAS filter (wide rows, k a small share)."""
        n, d = self.X.shape
        return self.flat and d >= _GEMM_MIN_FEATURES and 8 * k < n

    def query(self, X: np.ndarray, k: int, n_threads: int):
        """Squared distances (in the index's scaled units) and indices."""
        X = _scaled(X, self.exponent) if X.dtype == np.float64 else X
        if self._gemm(k):
            return _gemm_knn(self.X, X, k, n_threads)
        tree = self.tree(sparse_queries=X.shape[0] * _SPARSE_QUERIES < self.X.shape[0])
        if self.basis is None:
            return tree.query(X, k, n_threads)
        X_exact = np.ascontiguousarray(X, dtype=np.float64)
        return tree.query(
            _project(X_exact, self.basis, self.center), k, n_threads, X_exact
        )

    def query_self(self, k: int, n_threads: int):
        if self._gemm(k):
            return _gemm_knn(self.X, None, k, n_threads)
        return self.tree().query_self(k, n_threads)


def _brute_query(
    X_fit: np.ndarray, X: np.ndarray, k: int, n_threads: int, exponent: int
):
    """Brute-force query of rows ``X`` against ``X_fit``, both scaled by
    ``2**-exponent`` where float64; returns squared distances in scaled units."""
    data = _scaled(X_fit, exponent) if X_fit.dtype == np.float64 else X_fit
    queries = _scaled(X, exponent) if X.dtype == np.float64 else X
    return _core.brute_query(data, queries, k, n_threads)


def _as_float_c(X: np.ndarray) -> np.ndarray:
    """C-contiguous float32/float64 as is; anything else converted once to float64."""
    if X.dtype not in (np.float32, np.float64):
        X = X.astype(np.float64)
    return np.ascontiguousarray(X)


def kneighbors_self(
    X,
    k: int,
    *,
    n_jobs: int | None = None,
    algorithm: str = "auto",
    leaf_size: int | None = None,
    return_distance: bool = False,
):
    """Each row's ``k`` nearest *other* rows of ``X`` (self excluded by index).

    ``X`` must already be validated (finite, 2-D, float32/float64); it is not
    copied when C-contiguous. Returns indices ``(n, k)`` int64, and squared
    distances first when ``return_distance`` is true.
    """
    X = _as_float_c(X)
    n, _d = X.shape
    if not 1 <= k <= n - 1:
        raise ValueError(
            f"Expected n_neighbors < n_samples_fit, but n_neighbors = {k}, "
            f"n_samples_fit = {n}, n_samples = {n}"
        )
    if algorithm == "auto":
        algorithm = _auto_algorithm(X, k)
    # The user's cap; the engine decides how many of them pay (thread_policy.hpp).
    threads = effective_n_threads(n_jobs)
    index = _Index(X, leaf_size, threads, flat=algorithm == "brute")
    exponent = index.exponent
    dist2, ind = index.query_self(k, threads)
    if not return_distance:
        return ind
    if exponent != 0:
        with np.errstate(over="ignore"):
            np.ldexp(dist2, 2 * exponent, out=dist2)
        if not np.isfinite(dist2).all():
            raise ValueError(
                "Squared distances between these rows exceed the float64 range; rescale X."
            )
    return dist2, ind


def _reject_strings(X) -> None:
    """scikit-learn's ``dtype="numeric"`` refusal of string arrays (a float dtype
    alone would parse "1.5")."""
    if sparse_issparse(X):
        return
    kind = getattr(X, "dtype", None)
    kind = kind.kind if kind is not None and not hasattr(X, "columns") else None
    if kind is None and isinstance(X, (list, tuple)):
        kind = np.asarray(X).dtype.kind
    if kind in ("U", "S"):
        raise ValueError(
            "dtype='numeric' is not compatible with arrays of bytes/strings."
            "Convert your data to numeric values explicitly instead."
        )


class NearestNeighbors(BaseEstimator):
    """Exact Euclidean k-nearest neighbours (kd-tree or brute force, in C++).

    A drop-in for :class:`sklearn.neighbors.NearestNeighbors` with the Euclidean
    metric. Results are exact: neighbours are ordered by distance, ties by the
    smaller index, identical for any ``n_jobs``.

    Parameters
    ----------
    n_neighbors : int or None, default=5
        Number of neighbours returned by :meth:`kneighbors` by default (``None``:
        :meth:`kneighbors` must be given ``n_neighbors``, as in scikit-learn).
    algorithm : {"auto", "kd_tree", "brute"}, default="auto"
        ``"auto"`` uses brute force for tiny data (at most 256 rows), when
        ``n_neighbors`` is at least half the samples, and when the rows' effective
        dimension (estimated from a sample, see :func:`effective_dimension`) is
        too high for a tree of that many rows to prune (see
        :func:`choose_algorithm`); a kd-tree otherwise. Both give the same answer.
    leaf_size : int, default=None
        Maximum number of points in a kd-tree leaf. ``None`` picks it from the
        number of features and rows (16 up to 3 features, 32 below 12; from 12
        on, where leaves are scanned in batches with SIMD kernels, 512, or 1024
        from 200,000 rows). Rows spanning fewer dimensions than the features are
        indexed in their principal subspace; few queries against such a tree of
        fewer than 12 dimensions use a second tree with the leaf size of that
        dimension. Trees are built on the first query.
    n_jobs : int, default=None
        Most threads for the build and the queries: ``None`` means all cores
        (limited by ``OMP_NUM_THREADS``), ``-1`` all cores, ``-2`` all but one.
        The engine uses fewer on small inputs (one per fixed amount of work);
        answers never depend on the count.

    Attributes
    ----------
    n_features_in_ : int
    n_samples_fit_ : int
    effective_metric_ : str
        Always ``"euclidean"``.
    """

    _parameter_constraints: dict = {
        "n_neighbors": [Interval(Integral, 1, None, closed="left"), None],
        "algorithm": [StrOptions({"auto", "kd_tree", "brute"})],
        "leaf_size": [Interval(Integral, 1, None, closed="left"), None],
        "n_jobs": [Integral, None],
    }

    def __init__(self, n_neighbors=5, *, algorithm="auto", leaf_size=None, n_jobs=None):
        self.n_neighbors = n_neighbors
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.n_jobs = n_jobs

    def fit(self, X, y=None):
        """Index the rows of ``X`` (float32 kept as float32, others as float64)."""
        self._validate_params()
        effective_n_threads(
            self.n_jobs
        )  # n_jobs == 0 is an error now, not at query time
        _reject_strings(X)
        X = validate_data(
            self, X, dtype=[np.float64, np.float32], order="C", reset=True
        )
        n, _d = X.shape
        self._fit_X = X
        self.n_samples_fit_ = n
        self.effective_metric_ = "euclidean"
        self.effective_metric_params_ = {}
        if self.algorithm == "auto":
            self._fit_method = _auto_algorithm(X, self.n_neighbors or 1)
        else:
            self._fit_method = self.algorithm
        threads = effective_n_threads(self.n_jobs)
        if self._fit_method == "kd_tree":
            self._tree = _Index(X, self.leaf_size, threads)
            self._brute = None
            self._exponent = self._tree.exponent
        else:
            # The brute-force layout, built once here (not per query).
            self._tree = None
            self._brute = _Index(X, None, threads, flat=True)
            self._exponent = self._brute.exponent
        return self

    def _index(self) -> _Index:
        if self._tree is not None:
            return self._tree
        if getattr(self, "_brute", None) is None:  # fitted by an older imbfast
            self._brute = _Index(
                self._fit_X, None, effective_n_threads(self.n_jobs), flat=True
            )
        return self._brute

    def _check_n_neighbors(self, n_neighbors):
        if n_neighbors is None:
            if self.n_neighbors is None:
                raise TypeError(
                    "n_neighbors is None: pass n_neighbors to kneighbors or set it in the "
                    "constructor"
                )
            return self.n_neighbors
        if isinstance(n_neighbors, bool) or not isinstance(n_neighbors, Integral):
            raise TypeError(
                f"n_neighbors does not take {type(n_neighbors)} value, enter integer value"
            )
        if n_neighbors <= 0:
            raise ValueError(f"Expected n_neighbors > 0. Got {n_neighbors}")
        return int(n_neighbors)

    def kneighbors(self, X=None, n_neighbors=None, return_distance=True):
        """Find the k nearest indexed points of each query row.

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features), default=None
            Query rows. ``None`` queries every indexed point and excludes the
            point itself (by index, so exact duplicates are still returned).
        n_neighbors : int, default=None
            Defaults to the constructor's ``n_neighbors``.
        return_distance : bool, default=True

        Returns
        -------
        neigh_dist : ndarray of shape (n_queries, n_neighbors), float64
            Only when ``return_distance=True``.
        neigh_ind : ndarray of shape (n_queries, n_neighbors), int64
        """
        check_is_fitted(self, "_fit_X")
        k = self._check_n_neighbors(n_neighbors)
        n_fit = self.n_samples_fit_
        if X is None:
            if k >= n_fit:
                raise ValueError(
                    f"Expected n_neighbors < n_samples_fit, but n_neighbors = {k}, "
                    f"n_samples_fit = {n_fit}, n_samples = {n_fit}"
                )
            threads = effective_n_threads(self.n_jobs)
            exponent = self._exponent
            dist2, ind = self._index().query_self(k, threads)
        else:
            _reject_strings(X)
            X = validate_data(
                self, X, dtype=[np.float64, np.float32], order="C", reset=False
            )
            if k > n_fit:
                raise ValueError(
                    f"Expected n_neighbors <= n_samples_fit, but n_neighbors = {k}, "
                    f"n_samples_fit = {n_fit}, n_samples = {X.shape[0]}"
                )
            threads = effective_n_threads(self.n_jobs)
            exponent = self._exponent
            amax = _max_abs(X) if X.dtype == np.float64 else 0.0
            if amax > 0.0 and math.frexp(amax)[1] > _SAFE_EXPONENT + exponent:
                # Queries far beyond the indexed rows' scale: brute force over both,
                # scaled together.
                exponent = _exponent_for(max(amax, _max_abs(self._fit_X)))
                dist2, ind = _brute_query(self._fit_X, X, k, threads, exponent)
            else:
                dist2, ind = self._index().query(X, k, threads)
        if return_distance:
            return _unscale_distances(np.sqrt(dist2, out=dist2), exponent), ind
        return ind

    def kneighbors_graph(self, X=None, n_neighbors=None, mode="connectivity"):
        """Sparse (CSR) graph of k-neighbours, as scikit-learn returns it."""
        # scipy ships with scikit-learn, which imports it already.
        from scipy.sparse import csr_matrix

        if mode == "connectivity":
            ind = self.kneighbors(X, n_neighbors, return_distance=False)
            data = np.ones(ind.size)
        elif mode == "distance":
            dist, ind = self.kneighbors(X, n_neighbors, return_distance=True)
            data = dist.ravel()
        else:
            raise ValueError(
                f'Unsupported mode, must be one of "connectivity", or "distance" but got '
                f'"{mode}" instead'
            )
        n_queries, k = ind.shape
        indptr = np.arange(0, n_queries * k + 1, k)
        return csr_matrix(
            (data, ind.ravel(), indptr), shape=(n_queries, self.n_samples_fit_)
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = False
        return tags
