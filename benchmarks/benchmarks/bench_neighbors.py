"""The exact kNN engine: kd-tree build, batch query and self-query, brute force.

Every case runs in its own process under asv, so the grids stay small: the
``--quick`` smoke run of this file takes a few minutes on 2 cores.
"""

from __future__ import annotations

from imbfast.neighbors import NearestNeighbors

from .common import N_JOBS, SIZES, make_points, skip_if_slow

K = 5  # SMOTE's default k_neighbors
DIMS = [2, 8, 16, 32]


class KNNBuild:
    """Index build (kd-tree)."""

    params = (SIZES, [2, 8, 32])
    param_names = ["n_samples", "n_features"]

    def setup(self, n, d):
        self.X = make_points("classification", n, d)

    def time_build(self, n, d):
        NearestNeighbors(n_neighbors=K, algorithm="kd_tree").fit(self.X)

    def peakmem_build(self, n, d):
        NearestNeighbors(n_neighbors=K, algorithm="kd_tree").fit(self.X)


class KNNQuery:
    """k nearest indexed points of n new points (same distribution, other seed)."""

    params = (SIZES, [2, 8, 16], N_JOBS)
    param_names = ["n_samples", "n_features", "n_jobs"]

    def setup(self, n, d, n_jobs):
        X = make_points("classification", n, d, seed=0)
        self.Q = make_points("classification", n, d, seed=1)
        self.nn = NearestNeighbors(
            n_neighbors=K, algorithm="kd_tree", n_jobs=n_jobs
        ).fit(X)

    def time_query(self, n, d, n_jobs):
        self.nn.kneighbors(self.Q)


class KNNSelfQuery:
    """Every indexed point's k nearest other points: the query inside each sampler."""

    params = (SIZES, DIMS, N_JOBS)
    param_names = ["n_samples", "n_features", "n_jobs"]

    def setup(self, n, d, n_jobs):
        self.X = make_points("classification", n, d)
        self.nn = NearestNeighbors(
            n_neighbors=K, algorithm="kd_tree", n_jobs=n_jobs
        ).fit(self.X)

    def time_query_self(self, n, d, n_jobs):
        self.nn.kneighbors()


class KNNSelfQueryMemory:
    """Peak memory of build plus self-query (all threads)."""

    params = (SIZES, DIMS)
    param_names = ["n_samples", "n_features"]

    def setup(self, n, d):
        self.X = make_points("classification", n, d)

    def peakmem_fit_query_self(self, n, d):
        NearestNeighbors(n_neighbors=K, algorithm="kd_tree").fit(self.X).kneighbors()


class KNNSelfQueryUniform:
    """The worst case for a kd-tree: uniform points, nothing to prune on."""

    params = ([10_000, 100_000], [2, 8, 16])
    param_names = ["n_samples", "n_features"]

    def setup(self, n, d):
        skip_if_slow("uniform", n, d)
        self.nn = NearestNeighbors(n_neighbors=K, algorithm="kd_tree").fit(
            make_points("uniform", n, d)
        )

    def time_query_self(self, n, d):
        self.nn.kneighbors()


class KNNBruteSelfQuery:
    """Brute force, the path ``algorithm="auto"`` takes for high dimension or tiny n."""

    params = ([1_000, 10_000], [32, 64], N_JOBS)
    param_names = ["n_samples", "n_features", "n_jobs"]

    def setup(self, n, d, n_jobs):
        self.nn = NearestNeighbors(n_neighbors=K, algorithm="brute", n_jobs=n_jobs).fit(
            make_points("classification", n, d)
        )

    def time_query_self(self, n, d, n_jobs):
        self.nn.kneighbors()
