"""SMOTEENN / SMOTETomek: parity with imbalanced-learn 0.14.2 for the same
random_state, imbalanced-learn's or imbfast's parts accepted, estimator checks."""

from __future__ import annotations

from functools import partial

import numpy as np
import pytest
from sklearn.utils._param_validation import InvalidParameterError

imblearn = pytest.importorskip("imblearn")

import imblearn.combine as ref
from imblearn.over_sampling import SMOTE as RefSMOTE
from imblearn.under_sampling import EditedNearestNeighbours as RefENN
from imblearn.under_sampling import TomekLinks as RefTomek
from imblearn.utils.estimator_checks import (
    check_param_validation,
)

import _helpers
import imbfast.combine as ours
from _estimator_checks import parametrize_with_checks
from _helpers import assert_same_values
from imbfast.over_sampling import SMOTE
from imbfast.under_sampling import EditedNearestNeighbours, TomekLinks

NAMES = ["SMOTEENN", "SMOTETomek"]
CLEANER = {"SMOTEENN": "enn", "SMOTETomek": "tomek"}


make_data = partial(
    _helpers.make_data, weights=(0.2, 0.3), n_redundant=2, class_sep=1.0
)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("n_classes", [2, 3])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("strategy", ["auto", "all", "not majority", "minority"])
def test_parity(name, n_classes, dtype, strategy):
    for seed in range(2):
        X, y = make_data(seed, n_classes, dtype=dtype)
        a = getattr(ours, name)(random_state=seed, sampling_strategy=strategy)
        b = getattr(ref, name)(random_state=seed, sampling_strategy=strategy)
        assert_same_values(a.fit_resample(X, y), b.fit_resample(X, y))
        assert a.sampling_strategy_ == b.sampling_strategy_


@pytest.mark.parametrize("name", NAMES)
def test_parity_float_strategy_and_random_state_instance(name):
    X, y = make_data(3)
    a = getattr(ours, name)(
        random_state=np.random.RandomState(5), sampling_strategy=0.8
    )
    b = getattr(ref, name)(random_state=np.random.RandomState(5), sampling_strategy=0.8)
    assert_same_values(a.fit_resample(X, y), b.fit_resample(X, y))


@pytest.mark.parametrize("name", NAMES)
def test_accepts_either_librarys_parts(name):
    """imbfast's combination with imbalanced-learn's parts and the other way
    round; imbalanced-learn itself rejects foreign parts (isinstance check)."""
    X, y = make_data(4, 3)
    cleaners = {
        "enn": (EditedNearestNeighbours(kind_sel="mode"), RefENN(kind_sel="mode")),
        "tomek": (
            TomekLinks(sampling_strategy="all"),
            RefTomek(sampling_strategy="all"),
        ),
    }
    ours_clean, ref_clean = cleaners[CLEANER[name]]
    want = getattr(ref, name)(
        smote=RefSMOTE(random_state=1, k_neighbors=3), **{CLEANER[name]: ref_clean}
    ).fit_resample(X, y)
    for smote in (
        SMOTE(random_state=1, k_neighbors=3),
        RefSMOTE(random_state=1, k_neighbors=3),
    ):
        for clean in (ours_clean, ref_clean):
            got = getattr(ours, name)(
                smote=smote, **{CLEANER[name]: clean}
            ).fit_resample(X, y)
            assert_same_values(got, want)
    with pytest.raises(InvalidParameterError):
        getattr(ref, name)(smote=SMOTE()).fit_resample(X, y)


@pytest.mark.parametrize("name", NAMES)
def test_fitted_attributes(name):
    X, y = make_data(0)
    s = getattr(ours, name)(random_state=0).fit(X, y)
    assert s.sampling_strategy_ == "auto" or isinstance(s.sampling_strategy_, dict)
    s.fit_resample(X, y)
    assert s.sampling_strategy_ == "auto"
    assert isinstance(s.smote_, SMOTE)
    cleaner = getattr(s, CLEANER[name] + "_")
    assert cleaner.sampling_strategy == "all"
    assert hasattr(cleaner, "sample_indices_")


@pytest.mark.parametrize("name", NAMES)
def test_bad_input(name):
    X, y = make_data(0)
    for module in (ours, ref):
        with pytest.raises(InvalidParameterError):
            getattr(module, name)(smote="smote").fit_resample(X, y)
        with pytest.raises(ValueError):
            getattr(module, name)(sampling_strategy="majority").fit_resample(X, y)
        with pytest.raises(ValueError):
            getattr(module, name)().fit_resample(X, np.zeros_like(y))


def test_identical_for_any_n_jobs():
    X, y = make_data(2, 3)
    for name in NAMES:
        outs = [
            getattr(ours, name)(random_state=0, n_jobs=j).fit_resample(X, y)
            for j in (1, 2)
        ]
        assert outs[0][0].tobytes() == outs[1][0].tobytes()


@parametrize_with_checks(
    [ours.SMOTEENN(random_state=0), ours.SMOTETomek(random_state=0)]
)
def test_imblearn_estimator_checks(estimator, check):
    check(estimator)


@pytest.mark.parametrize("name", NAMES)
def test_param_validation(name):
    check_param_validation(name, getattr(ours, name)())
