"""The samplers end to end: ``fit_resample`` on 20 features with 1% minority.

SMOTE has no ``n_jobs`` (as in imbalanced-learn 0.14); its kernels follow the
OpenMP thread count, which the ``n_jobs`` parameter here caps through
threadpoolctl. The random samplers are plain numpy indexing, so they have no
thread parameter here.
"""

from __future__ import annotations

from .common import N_JOBS, SIZES, make_data, thread_limit

N_FEATURES = 20


class SMOTE:
    params = (SIZES, N_JOBS)
    param_names = ["n_samples", "n_jobs"]

    def setup(self, n, n_jobs):
        from imbfast.over_sampling import SMOTE

        self.X, self.y = make_data(n, N_FEATURES)
        self.sampler = SMOTE(random_state=0)
        self._limits = thread_limit(n_jobs)

    def teardown(self, n, n_jobs):
        self._limits.restore_original_limits()

    def time_fit_resample(self, n, n_jobs):
        self.sampler.fit_resample(self.X, self.y)

    def peakmem_fit_resample(self, n, n_jobs):
        self.sampler.fit_resample(self.X, self.y)


class RandomOverSampler:
    params = (SIZES, [None, 1.0])
    param_names = ["n_samples", "shrinkage"]

    def setup(self, n, shrinkage):
        from imbfast.over_sampling import RandomOverSampler

        self.X, self.y = make_data(n, N_FEATURES)
        self.sampler = RandomOverSampler(random_state=0, shrinkage=shrinkage)

    def time_fit_resample(self, n, shrinkage):
        self.sampler.fit_resample(self.X, self.y)

    def peakmem_fit_resample(self, n, shrinkage):
        self.sampler.fit_resample(self.X, self.y)


class RandomUnderSampler:
    params = (SIZES,)
    param_names = ["n_samples"]

    def setup(self, n):
        from imbfast.under_sampling import RandomUnderSampler

        self.X, self.y = make_data(n, N_FEATURES)
        self.sampler = RandomUnderSampler(random_state=0)

    def time_fit_resample(self, n):
        self.sampler.fit_resample(self.X, self.y)

    def peakmem_fit_resample(self, n):
        self.sampler.fit_resample(self.X, self.y)
