"""Helpers shared by the neighbour-based cleaning samplers.

Labels go to the kernels as int64 codes (:class:`imbfast._validation.EncodedTarget`'s,
so codes follow the sorted label order and string labels work); neighbour lists
come from the neighbour layer, :mod:`imbfast._neighbour_lists`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import _core
from .._threads import effective_n_threads

__all__ = [
    "counter_minority",
    "enn_vote",
    "group_by_class",
    "is_plain_knn",
    "knn_params",
    "targeted_classes",
]


def targeted_classes(classes: np.ndarray, strategy: Any) -> np.ndarray:
    """uint8 flag per class: is it a key of ``sampling_strategy_``?"""
    keys = strategy.keys() if hasattr(strategy, "keys") else strategy
    return np.array([c in keys for c in classes], dtype=np.uint8)


def counter_minority(codes: np.ndarray, n_classes: int) -> tuple[int, np.ndarray]:
    """Minority class code as ``min(Counter(y), key=...)`` picks it (ties go to
    the class seen first in ``y``), and the per-code counts."""
    counts = np.bincount(codes, minlength=n_classes)
    first_seen = np.full(n_classes, codes.shape[0], dtype=np.int64)
    np.minimum.at(first_seen, codes, np.arange(codes.shape[0]))
    candidates = np.flatnonzero(counts == counts[counts > 0].min())
    return int(candidates[np.argmin(first_seen[candidates])]), counts


def enn_vote(
    nbrs: np.ndarray,
    rows: np.ndarray,
    codes: np.ndarray,
    n_classes: int,
    k: int,
    kind_sel: str,
    n_jobs: int | None,
    alive: np.ndarray | None = None,
    compact: bool = True,
) -> np.ndarray:
    """Kernel vote: int8 per query row, 1 keep / 0 remove / 2 list too short.

    ``compact``: ``nbrs`` has one list per query row (else one per data row)."""
    return _core.enn_vote(
        np.ascontiguousarray(nbrs, dtype=np.int64),
        np.ascontiguousarray(rows, dtype=np.int64),
        alive,
        codes,
        int(n_classes),
        int(k),
        kind_sel,
        compact,
        effective_n_threads(n_jobs),
    )


def group_by_class(kept: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Kept row indices (ascending) regrouped by class in sorted label order,
    original order inside each class."""
    return kept[np.argsort(codes[kept], kind="stable")]


# --------------------------------------------------------------------------------------
# k-NN classifier stand-ins (CNN, OSS)


def is_plain_knn(estimator: Any) -> bool:
    """A ``KNeighborsClassifier`` whose vote the engine reproduces: uniform
    weights, Euclidean distance."""
    from sklearn.neighbors import KNeighborsClassifier

    if type(estimator) is not KNeighborsClassifier:
        return False
    p = estimator.get_params()
    return (
        p["weights"] == "uniform"
        and p["metric"] in ("minkowski", "euclidean", "l2")
        and (p["metric"] != "minkowski" or p["p"] == 2)
        and not p["metric_params"]
    )


def knn_params(estimator: Any) -> dict:
    """The ``NearestNeighbors`` parameters of a k-NN classifier's search (for
    the tie rule, :func:`imbfast._neighbour_lists.foreign_neighbours`)."""
    p = estimator.get_params()
    keys = ("n_neighbors", "algorithm", "leaf_size", "metric", "p", "metric_params")
    return {**{key: p[key] for key in keys}, "n_jobs": p["n_jobs"]}
