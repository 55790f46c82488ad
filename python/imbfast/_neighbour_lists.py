"""The neighbour layer: every sampler's "k nearest other rows of these rows".

Every neighbour-based sampler (Tomek links, ENN, RENN, AllKNN, NCR, OSS, CNN,
NearMiss, SMOTE, Borderline-SMOTE, ADASYN, SVMSMOTE, KMeansSMOTE, SMOTENC) gets
its neighbour lists here, under one set of rules:

* **Self exclusion, by index.** A row is removed from its own list by its index
  (in C++, ``_core.strip_self``), so an exact duplicate of a row is a neighbour
  like any other row. When a row is absent from its ``k + 1`` nearest (more exact
  duplicates than neighbours, all with smaller indices) the last one is dropped.
* **A user-supplied estimator** (anything but imbfast's
  :class:`~imbfast.neighbors.NearestNeighbors`) is used as imbalanced-learn uses
  it: fitted on the data, asked for its ``n_neighbors`` (``k + 1``) neighbours
  of the query rows, and column 0 dropped as if it were the row itself.
* **Sparse data** is searched by scikit-learn's ``NearestNeighbors``
  (:func:`sparse_fallback`; the engine is dense only), with the self rule above.
* **One class-size check** (:func:`check_fit_size`), with scikit-learn's
  message "Expected n_neighbors <= n_samples_fit, ...".
* **Threads** from :func:`imbfast._threads.effective_n_threads` (results never
  depend on the count); data reaches the kernels through :func:`as_float_c`.
* **Ties**: under ``imbfast._config`` ``neighbour_ties="imblearn"``, an engine
  answer is passed through :mod:`imbfast._ties`, which answers the rows a tie (or
  the rounding of imbalanced-learn's own search) decides with that search.
  With at least ``_PROBE_MIN`` query rows a probe (the engine's answer for up
  to ``_PROBE_ROWS`` evenly spaced rows) comes first: when most of those would be
  re-answered, imbalanced-learn's search answers every row and the full engine
  query is skipped (same lists; :func:`ties_search_all` forces that path).
  Foreign queries (NCR's, OSS's and CNN's classifiers, NearMiss-3) go through
  :func:`foreign_neighbours`. ``"index"`` keeps the engine's answer: ties by
  index.

The search protocol
-------------------
Every whole-data query a sampler makes for "the ``k`` nearest other rows" goes
through one *search*, so that another backend (a distributed per-partition
top-k search, say) can stand in for the engine. A search is a callable::

    search(nn, X, k, rows=None, *, return_distance=False)

It is asked, for each query row (``rows``: 1-D int64 indices into ``X``, any
order; ``None``: every row of ``X`` in order), for its ``k`` nearest *other*
rows of ``X`` by Euclidean distance:

* ``nn``: the sampler's :class:`~imbfast.neighbors.NearestNeighbors` (its
  ``n_jobs``, ``algorithm``, ``leaf_size``); the engine search fits it on ``X``
  unless it is fitted on that very array already. Another backend may ignore it.
* ``X``: the data as the sampler holds it: a dense 2-D float32/float64
  C-contiguous array (:func:`as_float_c`), never modified.
* ``k``: at least 1; the layer has checked ``k + 1 <= len(X)``.
* returns ``ind``, shape ``(len(rows), k)``, int64 indices into ``X``: the row
  itself excluded by index (its duplicates stay), neighbours ordered by
  distance, **ties by the smaller index** (so the answer does not depend on
  where rows live); with ``return_distance=True``, ``(dist, ind)`` with ``dist``
  float64 Euclidean (not squared), non-decreasing along each row.

:func:`engine_search` is the default. :func:`use_search` substitutes another
for the samplers run inside it (per thread and per asyncio task)::

    with use_search(my_search):
        EditedNearestNeighbours().fit_resample(X, y)

A substitute answers under the index rule; the tie rule (``"imblearn"``) is
applied by the layer on top of its answer (it asks ``k + 1`` columns with
distances, as :mod:`imbfast._ties` needs).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator, Sequence
from numbers import Integral
from typing import Any

import numpy as np
from scipy import sparse

from . import _core
from ._config import neighbour_ties
from ._threads import effective_n_threads
from ._validation import check_neighbors_object
from .neighbors import NearestNeighbors

__all__ = [
    "NeighbourLists",
    "as_float_c",
    "check_class_size",
    "check_fit_size",
    "class_size_error",
    "engine_search",
    "estimator_k",
    "foreign_neighbours",
    "imblearn_params",
    "make_neighbors",
    "nearest_of",
    "neighbours_of",
    "neighbours_param",
    "other_class_counts",
    "sparse_fallback",
    "strip_self",
    "strip_self_dist",
    "ties_search_all",
    "use_search",
]


def neighbours_param() -> list:
    """``_parameter_constraints`` entry of a neighbours parameter: an int >= 1 or
    an estimator with ``kneighbors`` and ``kneighbors_graph`` (a new list)."""
    from sklearn.utils._param_validation import HasMethods, Interval

    return [
        Interval(Integral, 1, None, closed="left"),
        HasMethods(["kneighbors", "kneighbors_graph"]),
    ]


# Fewer query rows than this fraction of the data: query them against the index
# of all rows (k + 1 neighbours, self stripped) instead of self-querying every row.
_SUBSET_QUERY_FRACTION = 0.5


# --------------------------------------------------------------------------------------
# small shared rules


def as_float_c(X: np.ndarray) -> np.ndarray:
    """float32/float64 C-contiguous as is (no copy); anything else as float64."""
    if X.dtype not in (np.float32, np.float64):
        X = X.astype(np.float64)
    return np.ascontiguousarray(X)


def class_size_error(n_neighbors: int, n_fit: int, n_queries: int) -> ValueError:
    """scikit-learn's error for asking more neighbours than there are rows."""
    return ValueError(
        f"Expected n_neighbors <= n_samples_fit, but n_neighbors = {n_neighbors}, "
        f"n_samples_fit = {n_fit}, n_samples = {n_queries}"
    )


def check_fit_size(n_neighbors: int, n_fit: int, n_queries: int) -> None:
    """Raise :func:`class_size_error` when ``n_neighbors > n_fit``."""
    if n_neighbors > n_fit:
        raise class_size_error(n_neighbors, n_fit, n_queries)


def check_class_size(label: Any, n_class: int, k: int) -> None:
    """A clear error, naming the class, when it cannot have ``k`` neighbours
    (the SMOTE family's per-class searches)."""
    if n_class < k + 1:
        shown = label.item() if isinstance(label, np.generic) else label
        raise ValueError(
            f"Class {shown!r} has {n_class} sample(s), but k_neighbors={k} needs at "
            f"least k_neighbors + 1 = {k + 1} samples in every over-sampled class. "
            f"Lower k_neighbors or drop the class from sampling_strategy. "
            f"({class_size_error(k + 1, n_class, n_class)})"
        )


def imblearn_params(param: Any, **extra: Any) -> dict | None:
    """The ``NearestNeighbors`` parameters imbalanced-learn builds from an int
    neighbours parameter ``param`` (``n_neighbors = param + 1``), for the tie rule;
    ``None`` for an estimator (used as given: no tie rule)."""
    if isinstance(param, Integral):
        return {"n_neighbors": int(param) + 1, **extra}
    return None


def estimator_k(nn: Any, param: str = "n_neighbors") -> int:
    """Neighbours per row a neighbours estimator gives (its ``n_neighbors`` counts
    the row itself): ``n_neighbors - 1``, at least 1."""
    k = int(nn.n_neighbors) - 1
    if k < 1:
        raise ValueError(
            f"The {param} estimator needs n_neighbors >= 2 (the sample itself and "
            f"at least one neighbour); got n_neighbors={nn.n_neighbors}."
        )
    return k


def sparse_fallback(n_neighbors: int, n_jobs: int | None = None) -> Any:
    """scikit-learn's ``NearestNeighbors`` for sparse input (the engine is dense)."""
    from sklearn.neighbors import NearestNeighbors as SkNearestNeighbors

    nn = SkNearestNeighbors(n_neighbors=int(n_neighbors), n_jobs=n_jobs)
    nn._imbfast_fallback = True  # read by neighbours_of: the engine's stand-in
    return nn


def make_neighbors(
    param_name: str,
    param: Any,
    sparse_input: bool = False,
    n_jobs: Any = "keep",
    *,
    additional_neighbor: int = 1,
) -> Any:
    """The neighbours estimator a sampler's ``param`` asks for.

    An int ``k`` gives ``NearestNeighbors(n_neighbors=k + additional_neighbor)``
    (imbfast's; for sparse input scikit-learn's, see :func:`sparse_fallback`); an
    estimator is cloned. ``n_jobs`` (unless ``"keep"``) is set on the result.
    """
    if isinstance(param, Integral) and sparse_input:
        return sparse_fallback(
            int(param) + additional_neighbor, None if n_jobs == "keep" else n_jobs
        )
    nn = check_neighbors_object(
        param_name, param, additional_neighbor=additional_neighbor
    )
    if n_jobs != "keep":
        nn.set_params(n_jobs=n_jobs)
        if sparse_input and isinstance(nn, NearestNeighbors):
            return sparse_fallback(nn.n_neighbors, n_jobs)
    return nn


def strip_self(
    ind: np.ndarray, rows: np.ndarray, n_threads: int | None = None
) -> np.ndarray:
    """Remove each query row's own index from its ``k + 1`` neighbours (in C++);
    where it is absent the last neighbour is dropped. Returns ``(m, k)`` int64."""
    threads = effective_n_threads(None) if n_threads is None else n_threads
    return _core.strip_self(
        np.ascontiguousarray(ind, dtype=np.int64),
        np.ascontiguousarray(rows, dtype=np.int64),
        threads,
    )


def strip_self_dist(dist: np.ndarray, ind: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The distances that go with :func:`strip_self`'s indices: every entry up to
    the row itself is 0 (it is at distance 0, ties by index), so dropping it is
    dropping the first column; where it is absent, the last one."""
    present = (ind == rows[:, np.newaxis]).any(axis=1)
    return np.where(present[:, np.newaxis], dist[:, 1:], dist[:, :-1])


_strip_self_dist = strip_self_dist  # the former private name


def other_class_counts(
    nbr: np.ndarray, is_target: np.ndarray, n_threads: int | None = None
):
    """Per row of ``nbr``, the number of its neighbours not in the target class."""
    threads = effective_n_threads(None) if n_threads is None else n_threads
    flags = np.ascontiguousarray(is_target, dtype=np.bool_).view(np.uint8)
    return _core.count_other_class(
        np.ascontiguousarray(nbr, dtype=np.int64), flags, threads
    )


# --------------------------------------------------------------------------------------
# the search


def engine_search(
    nn: Any,
    X: np.ndarray,
    k: int,
    rows: np.ndarray | None = None,
    *,
    return_distance: bool = False,
):
    """The default search (see the module docstring): imbfast's exact engine.

    Many query rows: one self-query of every row (the engine excludes each row
    by index); few: ``k + 1`` neighbours of those rows, self stripped by index.
    """
    if getattr(nn, "_fit_X", None) is not X:
        nn.fit(X)
    n = X.shape[0]
    if rows is None or rows.shape[0] > _SUBSET_QUERY_FRACTION * n:
        res = nn.kneighbors(None, n_neighbors=k, return_distance=return_distance)
        if rows is None:
            return res
        if return_distance:
            return np.ascontiguousarray(res[0][rows]), np.ascontiguousarray(
                res[1][rows]
            )
        return np.ascontiguousarray(res[rows])
    threads = effective_n_threads(nn.n_jobs)
    if return_distance:
        dist, ind = nn.kneighbors(X[rows], n_neighbors=k + 1, return_distance=True)
        return strip_self_dist(dist, ind, rows), strip_self(ind, rows, threads)
    ind = nn.kneighbors(X[rows], n_neighbors=k + 1, return_distance=False)
    return strip_self(ind, rows, threads)


_search: contextvars.ContextVar[Callable[..., Any]] = contextvars.ContextVar(
    "imbfast_neighbour_search", default=engine_search
)


@contextlib.contextmanager
def use_search(search: Callable[..., Any]) -> Iterator[None]:
    """Answer the samplers' neighbour queries with ``search`` inside the block
    (see "The search protocol" in the module docstring)."""
    token = _search.set(search)
    try:
        yield
    finally:
        _search.reset(token)


def current_search() -> Callable[..., Any]:
    """The search in force (:func:`engine_search` unless :func:`use_search` says
    otherwise)."""
    return _search.get()


# --------------------------------------------------------------------------------------
# neighbour lists


def _groups(rows: np.ndarray | None, n: int, groups: Sequence[np.ndarray] | None):
    if groups is not None:
        return groups
    return [np.arange(n if rows is None else rows.shape[0])]


# Set by a sampler that knows nearly every row would be flagged (RENN/AllKNN's
# step-by-step search on tie-heavy data): the tie rule's search answers every
# row without an engine query first (the same answer; see _ties.TieResolver.search).
_sklearn_only: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "imbfast_ties_sklearn_only", default=False
)


@contextlib.contextmanager
def ties_search_all(on: bool = True) -> Iterator[None]:
    """Inside the block, neighbour lists under the tie rule come from
    imbalanced-learn's search for every row (no engine query): cheaper where
    nearly every row would be flagged (duplicated or small-integer data)."""
    token = _sklearn_only.set(bool(on))
    try:
        yield
    finally:
        _sklearn_only.reset(token)


def _search_ties(X_orig, k, rows, imblearn, groups):
    """imbalanced-learn's lists for every query row, by its own search."""
    from ._ties import TieResolver

    resolver = TieResolver(X_orig, imblearn)
    if rows is None and groups is None:
        return resolver.search(k)
    out = np.empty((X_orig.shape[0] if rows is None else rows.shape[0], k), np.int64)
    all_rows = np.arange(X_orig.shape[0]) if rows is None else rows
    for g in _groups(rows, X_orig.shape[0], groups):
        q = all_rows[g]
        out[g] = resolver.search(k, X_query=X_orig[q], query_rows=q)
    return out


def _resolve_ties(X_orig, dist, ind, k, rows, imblearn, groups):
    """imbalanced-learn's lists where a tie decides them (``imbfast._ties``)."""
    from ._ties import TieResolver

    resolver = TieResolver(X_orig, imblearn)
    if rows is None and groups is None:
        # One query of every row, in order: X_fit itself (no copy).
        return resolver.resolve(dist, ind, k)
    out = np.empty((ind.shape[0], k), dtype=np.int64)
    all_rows = np.arange(X_orig.shape[0]) if rows is None else rows
    for g in _groups(rows, X_orig.shape[0], groups):
        q = all_rows[g]
        out[g] = resolver.resolve(dist[g], ind[g], k, X_query=X_orig[q], query_rows=q)
    return out


# The tie rule's probe: with at least _PROBE_MIN query rows, up to _PROBE_ROWS of
# them (an eighth, at least 32; evenly spaced) are answered by the engine first; when more than
# _PROBE_FRACTION of those would be re-answered, imbalanced-learn's search answers
# every row without the full engine query (the same lists, less work).
_PROBE_MIN = 128
_PROBE_ROWS = 256
_PROBE_FRACTION = 0.5


def _mostly_tied(nn, X, X_orig, width, k, rows, imblearn) -> bool:
    """Whether most query rows' lists would be decided by a tie (the probe)."""
    m = X.shape[0] if rows is None else rows.shape[0]
    if m < _PROBE_MIN:
        return False
    return _probe_fraction(nn, X, X_orig, width, k, rows, imblearn) > _PROBE_FRACTION


def _probe_fraction(nn, X, X_orig, width, k, rows, imblearn) -> float:
    """The fraction of _PROBE_ROWS evenly spaced query rows whose list a tie or
    rounding could decide."""
    from ._ties import TieResolver

    m = X.shape[0] if rows is None else rows.shape[0]
    n_probe = min(_PROBE_ROWS, max(32, m // 8))
    pos = np.unique(np.linspace(0, m - 1, n_probe).astype(np.int64))
    q = pos if rows is None else rows[pos]
    dist, ind = engine_search(nn, X, width, q, return_distance=True)
    resolver = TieResolver(X_orig, imblearn)
    algorithm = resolver.algorithm(imblearn.get("n_neighbors", k + 1))
    qnorms = resolver._fit_norms()[q] if algorithm == "brute" else None
    d2 = np.square(dist, dtype=np.float64)
    flagged = resolver.flags(d2, ind, k, algorithm, qnorms, True)
    return float(flagged.mean())


def _flagged(X_orig, dist, ind, imblearn):
    """Rows of a self-query answer whose order a tie or imbalanced-learn's
    rounding could decide (:meth:`imbfast._ties.TieResolver.flags`)."""
    from ._ties import TieResolver

    resolver = TieResolver(X_orig, imblearn)
    algorithm = resolver.algorithm(imblearn.get("n_neighbors", ind.shape[1] + 1))
    qnorms = resolver._fit_norms() if algorithm == "brute" else None
    return resolver.flags(dist * dist, ind, ind.shape[1], algorithm, qnorms, True)


def neighbours_of(
    nn: Any,
    X: Any,
    rows: np.ndarray | None = None,
    *,
    k: int | None = None,
    fit: bool = True,
    imblearn: dict | None = None,
    query_groups: Sequence[np.ndarray] | None = None,
) -> np.ndarray:
    """Each query row's ``k`` nearest other rows of ``X``: ``(m, k)`` int64.

    Parameters
    ----------
    nn : estimator
        The sampler's neighbours estimator (imbfast's ``NearestNeighbors``, a
        :func:`sparse_fallback` or a user's estimator).
    X : array-like or sparse matrix of shape (n, n_features)
        The rows searched (and fitted, see ``fit``).
    rows : ndarray of int, default=None
        Query rows (indices into ``X``); ``None``: every row.
    k : int, default=None
        Neighbours per row; ``None``: ``nn.n_neighbors - 1``.
    fit : bool, default=True
        Fit a scikit-learn or user estimator on ``X`` first (``False``: it is
        fitted on ``X`` already). The engine's estimator is fitted by the search
        whenever it is not fitted on this very array.
    imblearn : dict, default=None
        The ``NearestNeighbors`` parameters imbalanced-learn builds for this
        search (for an int parameter; ``None`` for a user's estimator, where no
        tie rule applies). With ``neighbour_ties="imblearn"`` the engine answer
        passes through :mod:`imbfast._ties` with them.
    query_groups : sequence of ndarray, default=None
        How imbalanced-learn splits the query rows into ``kneighbors`` calls
        (positions into ``rows``, each in its call's order); ``None``: one call
        with all of them. Only the tie rule reads it.
    """
    k = estimator_k(nn) if k is None else int(k)
    n = X.shape[0]
    m = n if rows is None else rows.shape[0]
    if m == 0:
        # Nothing to query (e.g. ``sampling_strategy=[]``): imbalanced-learn
        # still fits its estimator and never asks it for neighbours.
        if fit:
            nn.fit(X)
        return np.empty((0, k), dtype=np.int64)
    check_fit_size(k + 1, n, m)
    if isinstance(nn, NearestNeighbors) and not sparse.issparse(X):
        # The search fits nn unless it is fitted on this very array already.
        X_orig = X
        fitted = getattr(nn, "_fit_X", None)
        if not fit and fitted is not None and fitted.shape == X.shape:
            X = fitted  # the float copy nn was fitted on (integer data)
        else:
            X = as_float_c(np.asarray(X))
        search = current_search()
        if imblearn is None or neighbour_ties() == "index":
            return search(nn, X, k, rows)
        if _sklearn_only.get():
            if getattr(nn, "_fit_X", None) is not X:
                nn.fit(X)  # as the engine search would leave it
            return _search_ties(X_orig, k, rows, imblearn, query_groups)
        width = min(k + 1, n - 1)
        if search is engine_search and _mostly_tied(
            nn, X, X_orig, width, k, rows, imblearn
        ):
            return _search_ties(X_orig, k, rows, imblearn, query_groups)
        dist, ind = search(nn, X, width, rows, return_distance=True)
        return _resolve_ties(X_orig, dist, ind, k, rows, imblearn, query_groups)
    if fit:
        nn.fit(X)
    query = X if rows is None else X[rows]
    ind = np.asarray(nn.kneighbors(query, n_neighbors=k + 1, return_distance=False))
    if _is_fallback(nn) and neighbour_ties() == "index":
        # scikit-learn standing in for the engine: the engine's self rule, unless
        # imbalanced-learn's answer (this very search, column 0 dropped) is asked.
        return strip_self(ind, np.arange(n) if rows is None else rows)
    return np.ascontiguousarray(ind[:, 1:], dtype=np.int64)


def _is_fallback(nn: Any) -> bool:
    return getattr(nn, "_imbfast_fallback", False)


def nearest_of(
    X_fit: np.ndarray,
    X_query: np.ndarray,
    k: int,
    n_jobs: int | None = None,
    *,
    return_distance: bool = False,
):
    """The ``k`` nearest rows of ``X_fit`` for each row of ``X_query`` (a foreign
    query: nothing excluded), ordered by distance, ties by index, on the engine.
    For the prototype samplers (CNN, OSS), NearMiss and NCR's classifier vote."""
    check_fit_size(k, X_fit.shape[0], X_query.shape[0])
    nn = NearestNeighbors(n_neighbors=k, n_jobs=n_jobs).fit(X_fit)
    return nn.kneighbors(X_query, return_distance=return_distance)


def foreign_neighbours(
    X_fit: Any,
    X_query: Any,
    k: int,
    n_jobs: int | None = None,
    *,
    imblearn: dict | None = None,
) -> np.ndarray:
    """The ``k`` nearest rows of ``X_fit`` for each row of ``X_query`` (a
    foreign query: nothing excluded), ``(m, k)`` int64, as a scikit-learn
    estimator fitted on ``X_fit`` answers ``kneighbors(X_query, k)``.

    The engine answers (ties by index); under ``neighbour_ties="imblearn"``
    with ``imblearn`` (the ``NearestNeighbors`` parameters of imbalanced-learn's
    estimator, e.g. a ``KNeighborsClassifier``'s) the rows a tie or rounding
    decides are answered by that estimator's search (:mod:`imbfast._ties`).
    ``X_fit`` and ``X_query`` as imbalanced-learn passes them (dtype kept)."""
    n_fit, m = X_fit.shape[0], X_query.shape[0]
    check_fit_size(k, n_fit, m)
    Xf, Xq = as_float_c(np.asarray(X_fit)), as_float_c(np.asarray(X_query))
    if imblearn is None or neighbour_ties() == "index" or m == 0:
        return np.ascontiguousarray(nearest_of(Xf, Xq, k, n_jobs), dtype=np.int64)
    from ._ties import TieResolver

    dist, ind = nearest_of(Xf, Xq, min(k + 1, n_fit), n_jobs, return_distance=True)
    resolver = TieResolver(np.asarray(X_fit), imblearn)
    return resolver.resolve(dist, ind, k, X_query=np.asarray(X_query))


def prototype_lists(
    X_C: np.ndarray, codes_C: np.ndarray, X_S: np.ndarray, k: int, n_jobs: int | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row of ``X_S``'s ``k`` nearest rows of ``X_C``: indices into ``X_C``,
    squared distances (float64, summed feature by feature in order, as the CNN
    kernel sums them) and label codes."""
    ind = nearest_of(X_C, X_S, k, n_jobs)
    d2 = np.zeros(ind.shape, dtype=np.float64)
    for j in range(X_S.shape[1]):  # over features, not samples
        diff = X_S[:, j, np.newaxis].astype(np.float64) - X_C[ind, j].astype(np.float64)
        d2 += diff * diff
    return ind, d2, np.ascontiguousarray(codes_C[ind], dtype=np.int64)


class NeighbourLists:
    """Each row's ``width`` nearest other rows of ``X``, kept up to date while
    rows are removed (RENN, AllKNN).

    Removing rows only changes the lists that contained them: the first ``k``
    remaining entries of a list are exactly the ``k`` nearest remaining rows
    (the list holds the nearest rows of a superset, in order). A list with fewer
    than ``k`` remaining entries is re-queried over the remaining rows by
    :meth:`repair`.

    Attributes
    ----------
    lists : ndarray of shape (n, width), int64, or None
        Row indices into ``X``; ``-1`` pads lists repaired when fewer than
        ``width`` other rows remained. ``None`` when ``tied`` was decided by a
        probe (most lists tie-decided: the caller does not use them).
    tied : bool
        With ``imblearn`` parameters and ``neighbour_ties="imblearn"``: whether
        a tie or imbalanced-learn's rounding could decide some list (the caller
        then runs imbalanced-learn's step-by-step search instead).
    """

    def __init__(
        self,
        X: np.ndarray,
        width: int,
        n_jobs: int | None,
        imblearn: dict | None = None,
    ) -> None:
        self.X = as_float_c(np.asarray(X))
        self.n_jobs = n_jobs
        self.width = max(1, min(width, self.X.shape[0] - 1))
        nn = NearestNeighbors(n_neighbors=self.width + 1, n_jobs=n_jobs)
        search = current_search()
        self.tied = False
        self.tied_fraction = 0.0
        if (
            imblearn is not None
            and neighbour_ties() == "imblearn"
            and search is engine_search
            and self.X.shape[0] >= _PROBE_MIN
        ):
            # Most lists tie-decided: the caller runs imbalanced-learn's
            # step-by-step search; the lists themselves are never read.
            fraction = _probe_fraction(
                nn, self.X, X, self.width, self.width, None, imblearn
            )
            if fraction > _PROBE_FRACTION:
                self.tied, self.tied_fraction = True, fraction
                self.lists = None
                return
        if imblearn is not None and neighbour_ties() == "imblearn":
            dist, self.lists = search(nn, self.X, self.width, return_distance=True)
            flagged = _flagged(X, dist, self.lists, imblearn)
            self.tied = bool(flagged.any())
            self.tied_fraction = float(flagged.mean()) if flagged.size else 0.0
        else:
            self.lists = search(nn, self.X, self.width)

    def repair(self, rows: np.ndarray, alive_idx: np.ndarray) -> None:
        """New lists for ``rows`` over the alive rows (``alive_idx`` ascending)."""
        w = min(self.width, alive_idx.shape[0] - 1)
        new = np.full((rows.shape[0], self.width), -1, dtype=np.int64)
        X_alive = np.ascontiguousarray(self.X[alive_idx])
        nn = NearestNeighbors(n_neighbors=w + 1, n_jobs=self.n_jobs)
        ind = current_search()(nn, X_alive, w, np.searchsorted(alive_idx, rows))
        new[:, :w] = alive_idx[ind]
        self.lists[rows] = new
