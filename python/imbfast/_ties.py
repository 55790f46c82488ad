"""imbalanced-learn's neighbour lists where a tie (or rounding) decides them.

imbfast's engine is exact and breaks distance ties by index. imbalanced-learn gets
its neighbours from scikit-learn's ``NearestNeighbors``: the order among equal
distances is that of scikit-learn's kd-tree, ball tree or brute-force reduction,
brute force (``algorithm="auto"`` above 15 features) computes
``|x|^2 - 2 x.y + |y|^2`` with rounding error, and most samplers query ``k + 1``
neighbours of fitted rows and drop column 0 assuming it is the row itself (with an
exact duplicate at distance 0 it may not be). This module answers, after an engine
query, exactly those rows whose neighbour list such a tie or rounding could decide,
with the very search imbalanced-learn runs; the other rows keep the engine's answer.
It knows nothing about samplers.

Contract
--------
``TieResolver(X_fit, estimator_params=None)`` stands for the ``NearestNeighbors``
imbalanced-learn builds and fits on ``X_fit``:

* ``X_fit``: the rows imbalanced-learn fits, in the same order and with the same
  dtype (an integer array stays integer: scikit-learn's brute force then takes
  another code path). Dense array-like or scipy sparse matrix. Never modified.
* ``estimator_params``: the ``NearestNeighbors`` parameters imbalanced-learn
  constructs it with: ``n_neighbors`` (the *constructor's* value, e.g. ``k + 1`` for
  SMOTE or ENN; it takes part in ``algorithm="auto"``), ``algorithm``,
  ``leaf_size``, ``metric`` (``"minkowski"`` with ``p=2`` or ``"euclidean"``
  only), ``p``, ``metric_params``, ``n_jobs``. Missing keys take scikit-learn's
  defaults; a missing ``n_neighbors`` is taken from the query (``k + 1`` for self
  queries, ``k`` for foreign ones), which is what ``check_neighbors_object``
  builds.

``TieResolver.resolve(dist, ind, n_neighbors, *, X_query=None, query_rows=None,
return_distance=False)`` takes one engine answer and returns imbalanced-learn's:

* ``n_neighbors`` = k, the number of neighbours the caller wants per row.
* ``X_query``: the rows imbalanced-learn passes to ``kneighbors``, in its order
  (brute force's result depends on the position of a row among the queries, see
  below); ``None`` means ``X_fit`` itself.
* ``query_rows``: for a *self query* (imbalanced-learn's ``kneighbors(X)[:, 1:]``
  where every query row is a fitted row), the index in ``X_fit`` of each query row;
  ``None`` with ``X_query=None`` means ``arange(n_fit)``; ``None`` with an
  ``X_query`` means a *foreign query* (imbalanced-learn's plain ``kneighbors(X)``,
  nothing dropped).
* ``dist``, ``ind``: the engine's answer, shape ``(n_queries, k + 1)``: one column
  more than wanted, ascending, ``dist`` Euclidean (not squared), as
  ``imbfast.neighbors.NearestNeighbors.kneighbors`` returns it (pass
  ``squared=True`` for ``kneighbors_self``'s squared distances). For a self query
  the row itself must already be excluded (by index: exact duplicates stay). Only
  when fewer rows exist (``n_fit - 1 == k`` for a self query, ``n_fit == k`` for a
  foreign one) may they have ``k`` columns.
* Returns ``ind`` of shape ``(n_queries, k)``, int64: the engine's first ``k``
  columns where no tie or rounding can decide them, and elsewhere scikit-learn's
  answer: ``kneighbors(X_query[rows], k + 1)[:, 1:]`` for a self query (column 0
  dropped, so it may hold the row itself when a duplicate came first, exactly as in
  imbalanced-learn), ``kneighbors(X_query[rows], k)`` for a foreign one. With
  ``return_distance=True``, ``(dist, ind)``; ``dist`` is the engine's for kept rows
  and scikit-learn's for resolved rows.
* After the call, ``last_flagged_`` holds the query rows that were answered by
  scikit-learn (sorted), and ``n_flagged_`` / ``n_queried_`` add up over calls
  (``n_queried_`` counts the rows scikit-learn searched: equal rows count once
  for a tree, and brute force searches the rest of their 256-row blocks).

``resolve(X_fit, X_query, dist, ind, n_neighbors, *, query_rows=None,
estimator_params=None, ...)`` is the one-call form. Keep a ``TieResolver`` to
reuse the fitted scikit-learn estimator across queries on the same ``X_fit``
(RENN/AllKNN refit on changing rows: one resolver per fitted set). Nothing is
fitted until a row is flagged. ``TieResolver.search(n_neighbors, *, X_query=None,
query_rows=None)`` returns imbalanced-learn's answer for every row without an
engine answer: cheaper where nearly every row would be flagged (duplicated or
small-integer data). ``TieResolver.algorithm(n_neighbors_query)`` is the search
scikit-learn runs, and ``TieResolver.flags(d2, ind, k, algorithm, qnorms,
self_query)`` the flag mask alone (``d2`` squared distances, ``qnorms`` the query
rows' squared norms, needed for brute force only): the neighbour layer uses both;
keep their signatures.

Which rows are flagged
----------------------
With d features, unit round-off u = 2**-53 and squared engine distances
r_0 <= ... <= r_k, the consecutive pair (j, j+1), j < k (the order of the first k
and the cut between k and k + 1), is flagged when ``r_{j+1} - r_j <= tol``:

* kd_tree / ball_tree: scikit-learn sums ``(x_i - y_i)**2`` in float64 (float32
  data is converted exactly), relative error at most (d + 2) u; the engine does the
  same sum, and the square root and square add 2 u: ``tol = 4 (2 d + 6) u
  (r_j + r_{j+1})``.
* brute: scikit-learn's reduction (float32 chunks upcast to float64 before the
  GEMM) computes ``|x|^2 - 2 x.y + |y|^2`` with an absolute error at most
  ``2 (d + 3) u (|x|^2 + |y|^2)``: ``tol = 4 u [2 (d + 3) (2|x|^2 + |y_j|^2 +
  |y_{j+1}|^2) + (d + 4) (r_j + r_{j+1})]``.

plus an absolute ``tiny / u`` (squares that underflow). For a self query a row
is also flagged when its nearest other row ``r_0`` lies within the same bound of
distance 0 (with ``y_j = x``): a duplicate, or a neighbour brute force may put
before the row itself. The bound is four times the worst case, so a flagged row
is only slower, never wrong; on continuous data almost nothing is flagged.

How flagged rows are searched
-----------------------------
kd_tree and ball_tree answer each query row from its coordinates alone (checked
in ``tests/test_ties.py``), so only the flagged rows are queried, and equal rows
(byte for byte) once. scikit-learn's brute-force reduction (``ArgKmin``) does
not: its tie order depends on the ``parallel_on_X``/``parallel_on_Y`` strategy,
chosen from the number of queries, and its GEMM's last bits on the 256-row block
(``pairwise_dist_chunk_size``) a row sits in. Flagged rows are therefore searched
in their whole blocks, laid out as in the full query, with the strategy the full
query would use on one OpenMP thread (:func:`_one_openmp_thread`: with more
threads scikit-learn's order among ties can depend on their number). Where ``ArgKmin``
is not usable (integer or mixed dtypes, CSR with CSR), scikit-learn's chunked
fallback is run on all query rows.

Not covered: distances themselves. ``return_distance=True`` gives scikit-learn's
distances for resolved rows only; a caller that ranks rows by distance values
(NearMiss) and needs scikit-learn's last bits under brute force should use
:meth:`TieResolver.search` (kd-tree distances are the same sequential float64 sum
in both, so they agree bit for bit wherever the engine computes that sum).
"""

from __future__ import annotations

from numbers import Integral

import numpy as np
from scipy import sparse as sp

__all__ = ["TieResolver", "gap_flags", "resolve", "sklearn_algorithm"]

_U = float(np.finfo(np.float64).eps) / 2.0
_TINY = float(np.finfo(np.float64).tiny) / _U
_SAFETY = 4.0
_NN_DEFAULTS = {
    "algorithm": "auto",
    "leaf_size": 30,
    "metric": "minkowski",
    "p": 2,
    "metric_params": None,
    "n_jobs": None,
}


def sklearn_algorithm(
    n_fit: int,
    n_features: int,
    n_neighbors: int | None,
    algorithm: str = "auto",
    is_sparse: bool = False,
) -> str:
    """The search scikit-learn 1.9's ``NearestNeighbors.fit`` picks for Euclidean
    distance: ``"brute"`` for sparse data, above 15 features or when the
    constructor's ``n_neighbors`` is at least half the fitted rows, else
    ``"kd_tree"``; an explicit ``algorithm`` is kept (sparse: brute)."""
    if is_sparse:
        return "brute"
    if algorithm != "auto":
        return algorithm
    if n_features > 15 or (n_neighbors is not None and n_neighbors >= n_fit // 2):
        return "brute"
    return "kd_tree"


def _sq_row_norms(X) -> np.ndarray:
    if sp.issparse(X):
        Xc = X.tocsr().astype(np.float64)
        return np.asarray(Xc.multiply(Xc).sum(axis=1)).ravel()
    X64 = np.asarray(X, dtype=np.float64)
    return np.einsum("ij,ij->i", X64, X64)


def _check_2d(X, name: str):
    if sp.issparse(X):
        if X.ndim != 2:
            raise ValueError(f"{name} must be 2-D")
        return X
    X = np.asarray(X)
    if X.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array, got shape {X.shape}")
    if X.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold numbers, got dtype {X.dtype}")
    return X


def gap_flags(
    lo: np.ndarray,
    hi: np.ndarray,
    n_features: int,
    algorithm: str,
    xn: np.ndarray | None = None,
    yn_lo: np.ndarray | None = None,
    yn_hi: np.ndarray | None = None,
) -> np.ndarray:
    """Whether a tie or scikit-learn's rounding could order two neighbours at
    squared engine distances ``lo <= hi`` (elementwise): the bound of
    :meth:`TieResolver.flags` for one pair. Brute force needs the query rows'
    squared norms ``xn`` and the two neighbours' ``yn_lo``, ``yn_hi``. An
    infinite ``hi`` (no such neighbour) is never flagged."""
    d = n_features
    if algorithm == "brute":
        err = (2.0 * (d + 3)) * (2.0 * xn + yn_lo + yn_hi) + (d + 4.0) * (lo + hi)
    else:
        err = (2.0 * d + 6.0) * (lo + hi)
    tol = _SAFETY * _U * err + _TINY
    with np.errstate(invalid="ignore"):
        return ~(hi - lo > tol) & np.isfinite(hi)


class TieResolver:
    """imbalanced-learn's neighbour search on ``X_fit``, run only where a tie or
    scikit-learn's rounding decides a neighbour list (see the module docstring for
    the exact contract).

    Parameters
    ----------
    X_fit : {array-like, sparse matrix} of shape (n_fit, n_features)
        The rows imbalanced-learn fits its ``NearestNeighbors`` on, same order and
        dtype.
    estimator_params : dict, default=None
        ``NearestNeighbors`` parameters as imbalanced-learn constructs them
        (``n_neighbors``, ``algorithm``, ``leaf_size``, ``metric``, ``p``,
        ``metric_params``, ``n_jobs``).

    Attributes
    ----------
    last_flagged_ : ndarray of int64
        Query rows answered by scikit-learn in the last call.
    n_flagged_, n_queried_, n_calls_ : int
        Totals over calls: flagged rows, rows scikit-learn searched, calls.
    """

    def __init__(self, X_fit, estimator_params: dict | None = None) -> None:
        self.X_fit = _check_2d(X_fit, "X_fit")
        if self.X_fit.shape[0] < 1:
            raise ValueError("X_fit must have at least one row")
        params = dict(_NN_DEFAULTS)
        unknown = set(estimator_params or {}) - set(params) - {"n_neighbors", "radius"}
        if unknown:
            raise ValueError(f"Unknown NearestNeighbors parameters: {sorted(unknown)}")
        params.update(estimator_params or {})
        metric, p = params["metric"], params["p"]
        mp = params["metric_params"] or {}
        if "p" in mp:
            p = mp["p"]
        if not (
            (metric == "minkowski" and p == 2 and mp.get("w") is None)
            or metric in ("euclidean", "l2")
        ):
            raise ValueError(
                "TieResolver supports Euclidean distance only (metric='minkowski' "
                f"with p=2, or 'euclidean'); got metric={metric!r}, p={p!r}"
            )
        if params["algorithm"] not in ("auto", "kd_tree", "ball_tree", "brute"):
            raise ValueError(f"Unknown algorithm {params['algorithm']!r}")
        self.params = params
        self._norms = None
        self._nn: dict = {}
        self.last_flagged_ = np.empty(0, dtype=np.int64)
        self.n_flagged_ = 0
        self.n_queried_ = 0
        self.n_calls_ = 0

    # -- scikit-learn side -------------------------------------------------------
    def algorithm(self, n_neighbors_query: int) -> str:
        """The search scikit-learn runs for these parameters (constructor's
        ``n_neighbors``, or the query's when none was given)."""
        n_ctor = self.params.get("n_neighbors", n_neighbors_query)
        n_fit, d = self.X_fit.shape
        return sklearn_algorithm(
            n_fit, d, n_ctor, self.params["algorithm"], sp.issparse(self.X_fit)
        )

    def _estimator(self, algorithm: str):
        nn = self._nn.get(algorithm)
        if nn is None:
            from sklearn.neighbors import NearestNeighbors

            p = self.params
            nn = NearestNeighbors(
                n_neighbors=p.get("n_neighbors", 5),
                algorithm=algorithm,
                leaf_size=p["leaf_size"],
                metric=p["metric"],
                p=p["p"],
                metric_params=p["metric_params"],
                n_jobs=p["n_jobs"],
            ).fit(self.X_fit)
            self._nn[algorithm] = nn
        return nn

    def _fit_norms(self) -> np.ndarray:
        if self._norms is None:
            self._norms = _sq_row_norms(self.X_fit)
        return self._norms

    # -- flags -----------------------------------------------------------------
    def flags(
        self,
        d2: np.ndarray,
        ind: np.ndarray,
        k: int,
        algorithm: str,
        qnorms: np.ndarray | None,
        self_query: bool,
    ) -> np.ndarray:
        """Boolean mask of the query rows a tie or rounding could decide."""
        d = self.X_fit.shape[1]
        c = d2.shape[1]
        ngaps = min(k, c - 1)
        lo, hi = d2[:, :ngaps], d2[:, 1 : ngaps + 1]
        if algorithm == "brute":
            yn = self._fit_norms()[ind[:, : ngaps + 1]]
            xn = qnorms[:, None]
            err = (2.0 * (d + 3)) * (
                2.0 * xn + yn[:, :ngaps] + yn[:, 1 : ngaps + 1]
            ) + (d + 4.0) * (lo + hi)
        else:
            err = (2.0 * d + 6.0) * (lo + hi)
        tol = _SAFETY * _U * err + _TINY
        with np.errstate(invalid="ignore"):
            flagged = (~(hi - lo > tol)).any(axis=1)
        if self_query and c > 0:
            r0 = d2[:, 0]
            if algorithm == "brute":
                y0 = self._fit_norms()[ind[:, 0]]
                err0 = (2.0 * (d + 3)) * (3.0 * qnorms + y0) + (d + 4.0) * r0
            else:
                err0 = (2.0 * d + 6.0) * r0
            with np.errstate(invalid="ignore"):
                flagged |= ~(r0 > _SAFETY * _U * err0 + _TINY)
        return flagged

    # -- the call --------------------------------------------------------------
    def resolve(
        self,
        dist,
        ind,
        n_neighbors: int,
        *,
        X_query=None,
        query_rows=None,
        return_distance: bool = False,
        squared: bool = False,
    ):
        """imbalanced-learn's neighbour indices for one engine answer (see the
        module docstring)."""
        if (
            not isinstance(n_neighbors, Integral)
            or isinstance(n_neighbors, bool)
            or n_neighbors < 1
        ):
            raise ValueError(f"n_neighbors must be a positive int, got {n_neighbors!r}")
        k = int(n_neighbors)
        n_fit, n_features = self.X_fit.shape
        if X_query is None:
            X_query = self.X_fit
            if query_rows is None:
                query_rows = np.arange(n_fit)
        else:
            X_query = _check_2d(X_query, "X_query")
            if X_query.shape[1] != n_features:
                raise ValueError(
                    f"X_query has {X_query.shape[1]} features, X_fit has {n_features}"
                )
        self_query = query_rows is not None
        m = X_query.shape[0]
        dist = np.asarray(dist)
        ind = np.asarray(ind)
        if dist.ndim != 2 or ind.shape != dist.shape:
            raise ValueError(
                f"dist and ind must be 2-D of one shape, got {dist.shape} and {ind.shape}"
            )
        if dist.shape[0] != m:
            raise ValueError(f"dist has {dist.shape[0]} rows, X_query has {m}")
        if ind.dtype.kind not in "iu":
            raise TypeError(f"ind must hold integers, got dtype {ind.dtype}")
        if dist.dtype.kind != "f":
            raise TypeError(f"dist must hold floats, got dtype {dist.dtype}")
        available = n_fit - 1 if self_query else n_fit
        if k > available:
            raise ValueError(
                f"Expected n_neighbors <= {available} (n_samples_fit = {n_fit}"
                f"{', self excluded' if self_query else ''}), got {k}"
            )
        want_cols = min(k + 1, available)
        if dist.shape[1] != want_cols:
            raise ValueError(
                f"Expected the engine answer with {want_cols} columns (n_neighbors + 1 "
                f"where that many rows exist), got {dist.shape[1]}"
            )
        if self_query:
            query_rows = np.asarray(query_rows)
            if query_rows.shape != (m,) or query_rows.dtype.kind not in "iu":
                raise ValueError(
                    f"query_rows must be {m} integer indices into X_fit, got "
                    f"shape {query_rows.shape} dtype {query_rows.dtype}"
                )
        self.n_calls_ += 1
        k_sk = k + 1 if self_query else k
        algorithm = self.algorithm(k_sk)
        d2 = (
            np.square(dist, dtype=np.float64)
            if not squared
            else dist.astype(np.float64)
        )
        qnorms = None
        if algorithm == "brute":
            if self_query:
                qnorms = self._fit_norms()[query_rows]
            else:
                qnorms = _sq_row_norms(X_query)
        flagged = np.flatnonzero(self.flags(d2, ind, k, algorithm, qnorms, self_query))
        out_ind = np.array(ind[:, :k], dtype=np.int64)
        out_dist = np.array(dist[:, :k], dtype=np.float64) if return_distance else None
        self.last_flagged_ = flagged
        if flagged.size:
            self.n_flagged_ += int(flagged.size)
            sk_dist, sk_ind = self._search(X_query, flagged, k_sk, algorithm)
            if self_query:
                sk_dist, sk_ind = sk_dist[:, 1:], sk_ind[:, 1:]
            out_ind[flagged] = sk_ind
            if return_distance:
                out_dist[flagged] = sk_dist
        if return_distance:
            return out_dist, out_ind
        return out_ind

    def search(
        self,
        n_neighbors: int,
        *,
        X_query=None,
        query_rows=None,
        return_distance: bool = False,
    ):
        """imbalanced-learn's answer for every query row, without an engine answer:
        what :meth:`resolve` returns when every row is flagged. Cheaper than the
        engine followed by :meth:`resolve` when most rows would be flagged
        (``last_flagged_.size`` close to the number of queries on a previous call
        on similar data: duplicated or small-integer rows)."""
        if (
            not isinstance(n_neighbors, Integral)
            or isinstance(n_neighbors, bool)
            or n_neighbors < 1
        ):
            raise ValueError(f"n_neighbors must be a positive int, got {n_neighbors!r}")
        k = int(n_neighbors)
        if X_query is None:
            X_query, self_query = self.X_fit, True
        else:
            X_query = _check_2d(X_query, "X_query")
            self_query = query_rows is not None
        available = self.X_fit.shape[0] - (1 if self_query else 0)
        if k > available:
            raise ValueError(f"Expected n_neighbors <= {available}, got {k}")
        k_sk = k + 1 if self_query else k
        algorithm = self.algorithm(k_sk)
        rows = np.arange(X_query.shape[0])
        self.n_calls_ += 1
        self.n_flagged_ += int(rows.size)
        self.last_flagged_ = rows
        dist, ind = self._search(X_query, rows, k_sk, algorithm)
        if self_query:
            dist, ind = dist[:, 1:], ind[:, 1:]
        ind = np.ascontiguousarray(ind, dtype=np.int64)
        return (np.ascontiguousarray(dist), ind) if return_distance else ind

    def answer(self, X_query, rows, n_neighbors: int):
        """scikit-learn's ``kneighbors(X_query, n_neighbors)`` (a foreign query)
        for the query rows ``rows`` only, ``(dist, ind)``, as the full query
        would give them (brute force: searched in their whole blocks)."""
        rows = np.asarray(rows, dtype=np.int64)
        algorithm = self.algorithm(n_neighbors)
        if rows.size == 0:
            k = int(n_neighbors)
            return np.empty((0, k)), np.empty((0, k), dtype=np.int64)
        return self._search(X_query, rows, int(n_neighbors), algorithm)

    def _search(self, X_query, rows: np.ndarray, k: int, algorithm: str):
        """scikit-learn's answer (k columns) for query rows ``rows``, as the full
        query ``kneighbors(X_query, k)`` would give it on one OpenMP thread."""
        nn = self._estimator(algorithm)
        with _one_openmp_thread():
            return self._search_sklearn(nn, X_query, rows, k, algorithm)

    def _search_sklearn(self, nn, X_query, rows: np.ndarray, k: int, algorithm: str):
        if algorithm != "brute":
            Q = X_query[rows]
            if sp.issparse(Q) or rows.size < 2:
                self.n_queried_ += int(rows.size)
                return nn.kneighbors(Q, n_neighbors=k)
            # A tree answers a query from its coordinates alone: equal rows (byte
            # for byte) get one search.
            Q = np.ascontiguousarray(Q)
            keys = Q.view(np.dtype((np.void, Q.dtype.itemsize * Q.shape[1]))).ravel()
            _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
            self.n_queried_ += int(first.size)
            if first.size == rows.size:
                return nn.kneighbors(Q, n_neighbors=k)
            dist, ind = nn.kneighbors(Q[first], n_neighbors=k)
            inverse = inverse.ravel()
            return dist[inverse], ind[inverse]
        from sklearn import get_config
        from sklearn.metrics._pairwise_distances_reduction import ArgKmin
        from sklearn.utils._openmp_helpers import _openmp_effective_n_threads

        Xq = X_query
        if not sp.issparse(Xq):
            Xq = np.ascontiguousarray(Xq)  # kneighbors' validate_data(order="C")
        m = Xq.shape[0]
        fit_X = nn._fit_X
        if not ArgKmin.is_usable_for(Xq, fit_X, nn.effective_metric_):
            # scikit-learn's chunked fallback: rows are not answered on their own.
            self.n_queried_ += int(m)
            dist, ind = nn.kneighbors(Xq, n_neighbors=k)
            return dist[rows], ind[rows]
        chunk = get_config().get("pairwise_dist_chunk_size", 256)
        x_chunk = min(m, chunk)
        n_y = fit_X.shape[0]
        if n_y < m or 4 * chunk * _openmp_effective_n_threads() < m:
            strategy = "parallel_on_X"
        else:
            strategy = "parallel_on_Y"
        blocks = np.unique(rows // x_chunk)
        starts = blocks * x_chunk
        take = np.concatenate([np.arange(s, min(s + x_chunk, m)) for s in starts])
        sub = Xq[take]
        if not sp.issparse(sub):
            sub = np.ascontiguousarray(sub)
        self.n_queried_ += int(take.size)
        dist, ind = ArgKmin.compute(
            X=sub,
            Y=fit_X,
            k=k,
            metric=nn.effective_metric_,
            metric_kwargs=nn.effective_metric_params_,
            strategy=strategy,
            return_distance=True,
        )
        pos = np.searchsorted(take, rows)
        return dist[pos], ind[pos]


_OPENMP = None


def _one_openmp_thread():
    """Context running scikit-learn's OpenMP code on one thread.

    scikit-learn's brute-force reduction orders ties by its thread count when it
    splits the fitted rows between threads (``parallel_on_Y``: few query rows), so
    imbalanced-learn's own output can change with ``OMP_NUM_THREADS`` on tied data.
    The tie rule gives the answer imbalanced-learn gives on one thread: the same
    on every machine, and imbalanced-learn's answer at any thread count wherever
    that answer does not depend on the count. The controller is built once, after
    scikit-learn's OpenMP runtime is loaded; the engine's kernels are not inside
    this context.
    """
    global _OPENMP
    if _OPENMP is None:
        from sklearn.metrics._pairwise_distances_reduction import ArgKmin  # noqa: F401
        from threadpoolctl import ThreadpoolController

        _OPENMP = ThreadpoolController().select(user_api="openmp")
    return _OPENMP.limit(limits=1)


def resolve(
    X_fit,
    X_query,
    dist,
    ind,
    n_neighbors: int,
    *,
    query_rows=None,
    estimator_params: dict | None = None,
    resolver: TieResolver | None = None,
    return_distance: bool = False,
    squared: bool = False,
):
    """One-call form of :meth:`TieResolver.resolve`.

    ``X_query=None`` queries ``X_fit`` itself (a self query of every row unless
    ``query_rows`` says otherwise). Pass ``resolver`` (built on the same ``X_fit``)
    to reuse its fitted scikit-learn estimator; ``X_fit`` and ``estimator_params``
    are then ignored.
    """
    if resolver is None:
        resolver = TieResolver(X_fit, estimator_params)
    return resolver.resolve(
        dist,
        ind,
        n_neighbors,
        X_query=X_query,
        query_rows=query_rows,
        return_distance=return_distance,
        squared=squared,
    )
