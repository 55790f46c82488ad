"""Generated data sets for demos and benchmarks."""

from __future__ import annotations

import numpy as np

__all__ = ["make_demo_data"]


def make_demo_data(
    n_samples: int = 1_000_000,
    n_features: int = 20,
    minority: float = 0.01,
    random_state: int | np.random.RandomState | None = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """A binary, imbalanced classification problem with correlated features.

    Made by :func:`sklearn.datasets.make_classification` with half the
    features informative and the other half linear combinations of them, one
    cluster per class and 1% of the labels drawn at random (``flip_y=0.01``), so
    the columns are correlated the way real tables are. This is the data of ``imbfast resample --demo`` and of the
    benchmarks.

    Parameters
    ----------
    n_samples : int, default=1_000_000
    n_features : int, default=20
        At least 2.
    minority : float, default=0.01
        Share of class 1 before label noise (``weights=[1 - minority]``).
    random_state : int, RandomState or None, default=0

    Returns
    -------
    X : ndarray of shape (n_samples, n_features), float64
    y : ndarray of shape (n_samples,), int64
        0 for the majority class, 1 for the minority class.
    """
    from sklearn.datasets import make_classification

    if n_features < 2:
        raise ValueError(f"n_features must be at least 2, got {n_features}")
    if not 0.0 < minority < 1.0:
        raise ValueError(f"minority must be in (0, 1), got {minority}")
    X, y = make_classification(
        n_samples=n_samples,
        n_features=n_features,
        n_informative=n_features // 2,
        n_redundant=n_features - n_features // 2,
        n_clusters_per_class=1,
        weights=[1.0 - minority],
        flip_y=0.01,
        random_state=random_state,
    )
    return X, y.astype(np.int64, copy=False)
