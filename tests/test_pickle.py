"""Fitted estimators pickle, deep-copy and go through joblib at real sizes.

The compiled kd-trees do not pickle; the index drops them and rebuilds the same
trees on the first query after loading. The checks use 5,000+ rows so that every
sampler's neighbour search runs on a tree (small data takes brute force).
"""

from __future__ import annotations

import copy
import io
import pickle

import joblib
import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_validate

import imbfast
from imbfast.neighbors import NearestNeighbors

imblearn = pytest.importorskip("imblearn")
from imblearn.ensemble import BalancedBaggingClassifier
from imblearn.pipeline import make_pipeline

from _helpers import make_sampler

N_ROWS = 5_000

SAMPLER_NAMES = sorted(
    {
        *imbfast.over_sampling.__all__,
        *imbfast.under_sampling.__all__,
        *imbfast.combine.__all__,
    }
)
# Samplers whose fit is quadratic or trains models: the same round trips on a
# smaller (still tree-sized) class.
SLOW = {
    "CondensedNearestNeighbour",
    "InstanceHardnessThreshold",
    "SVMSMOTE",
    "KMeansSMOTE",
}


def _data(n=N_ROWS, d=8, seed=0, weights=(0.8,)):
    X, y = make_classification(
        n_samples=n,
        n_features=d,
        n_informative=d // 2,
        n_redundant=d - d // 2,
        n_clusters_per_class=1,
        weights=list(weights),
        flip_y=0.01,
        random_state=seed,
    )
    return X, y


def _sampler(name):
    return make_sampler(name), name == "SMOTEN"


def _round_trips(est, tmp_path):
    buf = io.BytesIO()
    joblib.dump(est, buf)
    buf.seek(0)
    yield "pickle", pickle.loads(pickle.dumps(est, protocol=pickle.HIGHEST_PROTOCOL))
    yield "deepcopy", copy.deepcopy(est)
    yield "joblib", joblib.load(buf)


def _fitted_neighbours(est):
    """Every fitted imbfast NearestNeighbors reachable from the estimator's attributes."""
    found = []
    for name, value in sorted(vars(est).items()):
        if (
            name.endswith("_")
            and isinstance(value, NearestNeighbors)
            and hasattr(value, "_fit_X")
        ):
            found.append((name, value))
        elif (
            name.endswith("_")
            and hasattr(value, "get_params")
            and not isinstance(value, type)
        ):
            found.extend((f"{name}.{n}", v) for n, v in _fitted_neighbours(value))
    return found


@pytest.mark.parametrize("name", SAMPLER_NAMES)
def test_fitted_sampler_round_trips(name, tmp_path):
    sampler, nominal = _sampler(name)
    X, y = _data(n=2_000 if name in SLOW else N_ROWS)
    if name == "SMOTENC":
        X[:, 0] = np.round(X[:, 0])
    if nominal:
        X = np.round(X).astype(np.int64)
    X_res, y_res = sampler.fit_resample(X, y)
    nns = _fitted_neighbours(sampler)
    queries = X[::37]
    before = {attr: nn.kneighbors(queries[:, : nn.n_features_in_]) for attr, nn in nns}
    for how, loaded in _round_trips(sampler, tmp_path):
        for attr, nn in _fitted_neighbours(loaded):
            dist, ind = nn.kneighbors(queries[:, : nn.n_features_in_])
            np.testing.assert_array_equal(ind, before[attr][1], err_msg=f"{how} {attr}")
            np.testing.assert_array_equal(
                dist, before[attr][0], err_msg=f"{how} {attr}"
            )
        X2, y2 = loaded.fit_resample(X, y)
        np.testing.assert_array_equal(X2, X_res, err_msg=how)
        np.testing.assert_array_equal(y2, y_res, err_msg=how)


@pytest.mark.parametrize("low_rank", [False, True], ids=["full-rank", "projected"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_queried_nearest_neighbors_round_trips(low_rank, dtype, tmp_path):
    rng = np.random.default_rng(1)
    X = rng.standard_normal((6_000, 20))
    if low_rank:
        X = X[:, :10] @ rng.standard_normal((10, 20))
    X = X.astype(dtype)
    nn = NearestNeighbors(n_neighbors=6).fit(X)
    self_before = nn.kneighbors()
    query_before = nn.kneighbors(X[:300] + 0.01)
    assert nn._tree is not None and nn._tree._trees  # trees were built
    assert (nn._tree.basis is not None) == low_rank
    for how, loaded in _round_trips(nn, tmp_path):
        for got, want in zip(loaded.kneighbors(), self_before):
            np.testing.assert_array_equal(got, want, err_msg=how)
        for got, want in zip(loaded.kneighbors(X[:300] + 0.01), query_before):
            np.testing.assert_array_equal(got, want, err_msg=how)
    # Unpickling does not need the original: the trees are rebuilt from the copy.
    blob = pickle.dumps(nn)
    del nn
    np.testing.assert_array_equal(pickle.loads(blob).kneighbors()[1], self_before[1])


def _pipeline():
    return make_pipeline(
        imbfast.SMOTE(random_state=0), LogisticRegression(max_iter=500)
    )


def test_fitted_pipeline_through_joblib_file(tmp_path):
    X, y = _data(n=8_000, d=20)
    pipe = _pipeline().fit(X, y)
    path = tmp_path / "pipe.joblib"
    joblib.dump(pipe, path)
    np.testing.assert_array_equal(
        joblib.load(path).predict_proba(X), pipe.predict_proba(X)
    )


def test_cross_validate_returns_estimators_from_two_processes():
    X, y = _data(n=3_000, d=20)
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    parallel = cross_validate(_pipeline(), X, y, cv=cv, return_estimator=True, n_jobs=2)
    serial = cross_validate(_pipeline(), X, y, cv=cv, return_estimator=True, n_jobs=1)
    np.testing.assert_array_equal(parallel["test_score"], serial["test_score"])
    for a, b in zip(parallel["estimator"], serial["estimator"]):
        np.testing.assert_array_equal(
            a.predict_proba(X[:100]), b.predict_proba(X[:100])
        )


def test_threshold_tuned_pipeline_with_two_jobs():
    X, y = _data(n=6_000, d=20)
    serial = imbfast.ThresholdTunedClassifier(_pipeline(), cv=3, n_jobs=1).fit(X, y)
    parallel = imbfast.ThresholdTunedClassifier(_pipeline(), cv=3, n_jobs=2).fit(X, y)
    assert parallel.best_threshold_ == serial.best_threshold_
    np.testing.assert_array_equal(parallel.predict(X), serial.predict(X))


def test_imblearn_bagging_with_imbfast_sampler_and_two_jobs():
    X, y = _data(n=6_000, d=20)
    est = BalancedBaggingClassifier(
        sampler=imbfast.SMOTE(), n_estimators=4, random_state=0, n_jobs=2
    ).fit(X, y)
    ref = BalancedBaggingClassifier(
        sampler=imblearn.over_sampling.SMOTE(), n_estimators=4, random_state=0, n_jobs=1
    ).fit(X, y)
    np.testing.assert_array_equal(est.predict_proba(X), ref.predict_proba(X))
    np.testing.assert_array_equal(
        pickle.loads(pickle.dumps(est)).predict_proba(X), est.predict_proba(X)
    )


def test_clone_of_fitted_sampler_is_unfitted():
    sampler = imbfast.SMOTE(random_state=0)
    sampler.fit_resample(*_data())
    assert not hasattr(clone(sampler), "nn_k_")
