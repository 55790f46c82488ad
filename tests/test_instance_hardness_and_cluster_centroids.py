"""InstanceHardnessThreshold and ClusterCentroids (delegating to scikit-learn
estimators, as imbalanced-learn does): parity for the same random_state,
estimator checks, the IHT label-column fix."""

from __future__ import annotations

from functools import partial

import numpy as np
import pytest
from scipy import sparse
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.linear_model import LogisticRegression
from sklearn.utils._param_validation import InvalidParameterError

imblearn = pytest.importorskip("imblearn")

import imblearn.under_sampling as ref

import _helpers
import imbfast.under_sampling as ours
from _estimator_checks import parametrize_with_checks
from _helpers import (
    assert_same_values,
    check_signature_and_param_validation,
    fit_resample_both,
)

NAMES = ["InstanceHardnessThreshold", "ClusterCentroids"]


make_data = partial(
    _helpers.make_data,
    n_features=4,
    n_samples=200,
    weights=(0.2, 0.3),
    n_redundant=1,
    flip_y=0.1,
    class_sep=1.0,
)


def run_both(name, X, y, **params):
    a, b = getattr(ours, name)(**params), getattr(ref, name)(**params)
    assert_same_values(*fit_resample_both(a, b, X, y, ignore=Warning))
    if hasattr(b, "sample_indices_"):
        assert np.array_equal(a.sample_indices_, b.sample_indices_)
    if hasattr(b, "voting_"):
        assert a.voting_ == b.voting_
    return a, b


LR = LogisticRegression()


@pytest.mark.parametrize("n_classes", [2, 3])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("strategy", ["auto", "all", "not majority"])
@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("InstanceHardnessThreshold", {"estimator": LR, "cv": 3}),
        ("ClusterCentroids", {}),
        ("ClusterCentroids", {"voting": "hard"}),
        ("ClusterCentroids", {"estimator": MiniBatchKMeans(n_init=1, random_state=0)}),
    ],
)
def test_parity(name, params, n_classes, dtype, strategy):
    X, y = make_data(n_classes, n_classes, dtype=dtype)
    run_both(name, X, y, random_state=1, sampling_strategy=strategy, **params)


def test_iht_default_forest_parity():
    X, y = make_data(0, 2)
    run_both("InstanceHardnessThreshold", X, y, random_state=0, sampling_strategy=0.5)


@pytest.mark.parametrize("name", NAMES)
def test_sparse_parity(name):
    X, y = make_data(5, 3)
    params = {"estimator": LR} if name == "InstanceHardnessThreshold" else {}
    run_both(name, sparse.csr_matrix(X), y, random_state=0, **params)


def test_fix_iht_label_column():
    """imbalanced-learn reads probability column ``y`` (the label value): string
    labels fail and labels like 1, 2 read the wrong column. imbfast reads the
    column of each sample's class, so relabelled data keeps the same rows."""
    X, y = make_data(3, 2)
    a = ours.InstanceHardnessThreshold(estimator=LR, random_state=0)
    a.fit_resample(X, y)
    for relabel in (np.array(["neg", "pos"])[y], y + 1):
        b = ours.InstanceHardnessThreshold(estimator=LR, random_state=0)
        b.fit_resample(X, relabel)
        assert np.array_equal(a.sample_indices_, b.sample_indices_)
    with pytest.raises(Exception):  # noqa: B017
        ref.InstanceHardnessThreshold(estimator=LR, random_state=0).fit_resample(
            X, np.array(["neg", "pos"])[y]
        )


SAMPLERS = [
    ours.InstanceHardnessThreshold(estimator=LogisticRegression(), random_state=0),
    # Sparse input means hard voting unless set: imbalanced-learn's checks set
    # these parameters for its own ClusterCentroids too.
    ours.ClusterCentroids(
        voting="soft", estimator=KMeans(random_state=0, algorithm="lloyd", n_init=1)
    ),
]


@parametrize_with_checks(SAMPLERS)
def test_imblearn_estimator_checks(estimator, check):
    check(estimator)


@pytest.mark.parametrize("name", NAMES)
def test_signature_and_param_validation(name):
    check_signature_and_param_validation(name, getattr(ours, name), getattr(ref, name))


def test_bad_input():
    X, y = make_data(0)
    for module in (ours, ref):
        with pytest.raises(InvalidParameterError):
            module.ClusterCentroids(voting="medium").fit_resample(X, y)
        with pytest.raises(ValueError):
            module.ClusterCentroids(estimator=LR).fit_resample(X, y)
        with pytest.raises(InvalidParameterError):
            module.InstanceHardnessThreshold(estimator="forest").fit_resample(X, y)
        with pytest.raises(ValueError):
            module.InstanceHardnessThreshold(sampling_strategy={0: 10**6}).fit_resample(
                X, y
            )
