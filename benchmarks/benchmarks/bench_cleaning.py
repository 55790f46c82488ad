"""Cleaning samplers end to end: ``fit_resample`` on 1% minority data.

Tomek links and ENN are one full-data neighbour search plus a compiled vote;
RENN and AllKNN repeat ENN on one repaired search. Data: scikit-learn's
``make_classification`` (half the features informative, the rest redundant,
``weights=[0.99]``, ``flip_y=0.01``), as in ``benchmarks/compare_cleaning.py``.
"""

from __future__ import annotations

import numpy as np

SIZES = [1_000, 10_000, 100_000]
FEATURES = [8, 20]
N_JOBS = [1, -1]


def make_data(n: int, d: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import make_classification

    X, y = make_classification(
        n_samples=n,
        n_features=d,
        n_informative=d // 2,
        n_redundant=d - d // 2,
        n_clusters_per_class=1,
        weights=[0.99],
        flip_y=0.01,
        random_state=seed,
    )
    return X, y.astype(np.int64)


class _Cleaning:
    name = ""
    params = (SIZES, FEATURES, N_JOBS)
    param_names = ["n_samples", "n_features", "n_jobs"]

    def setup(self, n, d, n_jobs):
        import imbfast.under_sampling as us

        self.X, self.y = make_data(n, d)
        self.sampler = getattr(us, self.name)(n_jobs=n_jobs)

    def time_fit_resample(self, n, d, n_jobs):
        self.sampler.fit_resample(self.X, self.y)

    def peakmem_fit_resample(self, n, d, n_jobs):
        self.sampler.fit_resample(self.X, self.y)

    def track_n_removed(self, n, d, n_jobs):
        return n - self.sampler.fit_resample(self.X, self.y)[1].shape[0]


class TomekLinks(_Cleaning):
    name = "TomekLinks"


class EditedNearestNeighbours(_Cleaning):
    name = "EditedNearestNeighbours"


class RepeatedEditedNearestNeighbours(_Cleaning):
    name = "RepeatedEditedNearestNeighbours"


class AllKNN(_Cleaning):
    name = "AllKNN"
