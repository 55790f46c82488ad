"""The SMOTE variants end to end on 20 features with 1% minority (asv).

BorderlineSMOTE (both kinds), ADASYN, SVMSMOTE (up to 1e4 rows) and KMeansSMOTE on
the benchmark data; SMOTENC on 10 continuous columns and 5 categorical columns of 20
or 1,000 categories; SMOTEN on 10 nominal columns of 10 categories. Kernels follow
the OpenMP thread count, capped through threadpoolctl by ``n_jobs``.
"""

from __future__ import annotations

import numpy as np

from .common import N_JOBS, SIZES, make_data, thread_limit

N_FEATURES = 20


class _Sampler:
    params: tuple = (SIZES, N_JOBS)
    param_names: list = ["n_samples", "n_jobs"]

    def make_sampler(self, *extra):
        raise NotImplementedError

    def make_data(self, n):
        return make_data(n, N_FEATURES)

    def setup(self, n, n_jobs, *extra):
        self.X, self.y = self.make_data(n)
        self.sampler = self.make_sampler(*extra)
        self._limits = thread_limit(n_jobs)

    def teardown(self, n, n_jobs, *extra):
        self._limits.restore_original_limits()

    def time_fit_resample(self, *params):
        self.sampler.fit_resample(self.X, self.y)

    def peakmem_fit_resample(self, *params):
        self.sampler.fit_resample(self.X, self.y)


class BorderlineSMOTE(_Sampler):
    params = (SIZES, N_JOBS, ["borderline-1", "borderline-2"])
    param_names = ["n_samples", "n_jobs", "kind"]

    def make_sampler(self, kind):
        from imbfast.over_sampling import BorderlineSMOTE

        return BorderlineSMOTE(random_state=0, kind=kind)


class ADASYN(_Sampler):
    def make_sampler(self):
        from imbfast.over_sampling import ADASYN

        return ADASYN(random_state=0)


class SMOTENC(_Sampler):
    """10 continuous + 5 categorical columns (codes uniform over ``n_categories``),
    as in ``compare_oversampling.py``: 1,000 categories is the issue's layout
    (imbalanced-learn completes it only up to ~1e4 rows), 20 the one where
    imbalanced-learn also completes at 1e5."""

    params = (SIZES, N_JOBS, [20, 1000])
    param_names = ["n_samples", "n_jobs", "n_categories"]

    def setup(self, n, n_jobs, n_categories):
        X, self.y = make_data(n, N_FEATURES)
        X = X[:, :15].copy()
        X[:, 10:] = np.random.RandomState(0).randint(0, n_categories, size=(n, 5))
        self.X = X
        self.sampler = self.make_sampler()
        self._limits = thread_limit(n_jobs)

    def make_sampler(self):
        from imbfast.over_sampling import SMOTENC

        return SMOTENC(categorical_features=[10, 11, 12, 13, 14], random_state=0)


class SMOTEN(_Sampler):
    """10 nominal columns: each of 10 benchmark features cut into 10 quantile
    bins (int64 codes), as in ``compare_oversampling.py``."""

    def make_data(self, n):
        X, y = make_data(n, 10)
        edges = np.quantile(X, np.linspace(0, 1, 11)[1:-1], axis=0)
        codes = np.stack(
            [np.searchsorted(edges[:, j], X[:, j]) for j in range(10)], axis=1
        )
        return codes.astype(np.int64), y

    def make_sampler(self):
        from imbfast.over_sampling import SMOTEN

        return SMOTEN(random_state=0)


class SVMSMOTE(_Sampler):
    """The default ``SVC`` on the whole data dominates (single-threaded,
    superlinear in n): sizes stop at 1e4."""

    params = ([1_000, 10_000], N_JOBS)

    def make_sampler(self):
        from imbfast.over_sampling import SVMSMOTE

        return SVMSMOTE(random_state=0)


class KMeansSMOTE(_Sampler):
    """20 clusters, threshold 0.01: with the defaults (8 clusters, threshold 0.5)
    no cluster holds enough of a 1% minority (``RuntimeError``)."""

    def make_sampler(self):
        from imbfast.over_sampling import KMeansSMOTE

        return KMeansSMOTE(
            kmeans_estimator=20, cluster_balance_threshold=0.01, random_state=0
        )
