"""The balanced ensembles: ``fit`` and ``predict_proba`` on 20 features, 1% minority.

Member counts are the benchmark's (``benchmarks/compare_ensemble.py``): a
100-tree balanced random forest, 10 bagged trees, 10 AdaBoost-50 learners for
EasyEnsemble, 50 RUSBoost rounds. ``n_jobs`` is the ensembles' own (threads);
RUSBoost is sequential.
"""

from __future__ import annotations

from .common import N_JOBS, SIZES, make_data

N_FEATURES = 20

MEMBERS = {
    "BalancedRandomForestClassifier": 100,
    "BalancedBaggingClassifier": 10,
    "EasyEnsembleClassifier": 10,
}


class ParallelEnsembles:
    params = (list(MEMBERS), SIZES, N_JOBS)
    param_names = ["ensemble", "n_samples", "n_jobs"]
    timeout = 600

    def setup(self, name, n, n_jobs):
        import imbfast.ensemble

        self.X, self.y = make_data(n, N_FEATURES)
        cls = getattr(imbfast.ensemble, name)
        self.model = cls(n_estimators=MEMBERS[name], n_jobs=n_jobs, random_state=0)
        self.fitted = cls(n_estimators=MEMBERS[name], n_jobs=n_jobs, random_state=0)
        self.fitted.fit(self.X, self.y)

    def time_fit(self, name, n, n_jobs):
        self.model.fit(self.X, self.y)

    def peakmem_fit(self, name, n, n_jobs):
        self.model.fit(self.X, self.y)

    def time_predict_proba(self, name, n, n_jobs):
        self.fitted.predict_proba(self.X)


class RUSBoost:
    params = (SIZES,)
    param_names = ["n_samples"]

    def setup(self, n):
        from imbfast.ensemble import RUSBoostClassifier

        self.X, self.y = make_data(n, N_FEATURES)
        self.model = RUSBoostClassifier(n_estimators=50, random_state=0)

    def time_fit(self, n):
        self.model.fit(self.X, self.y)

    def peakmem_fit(self, n):
        self.model.fit(self.X, self.y)
