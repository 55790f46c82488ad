"""Bad input to the samplers: a clear error of the type imbalanced-learn raises,
never a crash."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest
from sklearn.neighbors import NearestNeighbors as SkNearestNeighbors
from sklearn.utils._param_validation import InvalidParameterError

imblearn = pytest.importorskip("imblearn")

from imblearn.over_sampling import SMOTE as RefSMOTE
from imblearn.over_sampling import RandomOverSampler as RefROS
from imblearn.under_sampling import RandomUnderSampler as RefRUS

from imbfast.neighbors import NearestNeighbors
from imbfast.over_sampling import SMOTE, RandomOverSampler
from imbfast.under_sampling import RandomUnderSampler

PAIRS = [(SMOTE, RefSMOTE), (RandomOverSampler, RefROS), (RandomUnderSampler, RefRUS)]
IDS = ["SMOTE", "ROS", "RUS"]

RNG = np.random.RandomState(0)
X = RNG.rand(30, 3)
Y = np.r_[np.zeros(20, dtype=int), np.ones(10, dtype=int)]


def _with(value, row=3, col=1):
    out = X.copy()
    out[row, col] = value
    return out


BAD_DATA = {
    "nan": (_with(np.nan), Y),
    "inf": (_with(np.inf), Y),
    "-inf": (_with(-np.inf), Y),
    "X 1-D": (X[:, 0], Y),
    "X 3-D": (X[:, :, None], Y),
    "X scalar": (np.float64(3.0), Y),
    "X None": (None, Y),
    "no rows": (np.empty((0, 3)), np.empty(0)),
    "no features": (np.empty((30, 0)), Y),
    "one class": (X, np.zeros(30)),
    "continuous y": (X, np.linspace(0, 1, 30)),
    "multilabel y": (X, RNG.randint(2, size=(30, 3))),
    "multioutput y": (X, np.c_[Y, Y[::-1] * 2]),
    "y NaN": (X, np.r_[np.zeros(20), np.ones(9), np.nan]),
    "y None": (X, None),
    "string X": (np.array([["a", "b", "c"]] * 30, dtype=object), Y),
    "unicode X": (np.array([["a", "b", "c"]] * 30), Y),
    "complex X": (X + 1j, Y),
    "bool X": (X > 0.5, Y),
    "small class": (X, np.r_[np.zeros(27, dtype=int), np.ones(3, dtype=int)]),
}

BAD_PARAMS = {
    "unknown dict class": dict(sampling_strategy={5: 30}),
    "negative dict count": dict(sampling_strategy={1: -3}),
    "dict count below current": dict(sampling_strategy={1: 5}),
    "dict count above current": dict(sampling_strategy={0: 50}),
    "ratio 0": dict(sampling_strategy=0.0),
    "ratio > 1": dict(sampling_strategy=2.0),
    "ratio too small": dict(sampling_strategy=0.3),
    "unknown string": dict(sampling_strategy="foo"),
    "majority": dict(sampling_strategy="majority"),
    "minority": dict(sampling_strategy="minority"),
    "list": dict(sampling_strategy=[0, 1]),
    "callable to unknown class": dict(sampling_strategy=lambda y: {7: 40}),
    "bad random_state": dict(random_state="x"),
    "negative random_state": dict(random_state=-1),
    "generator random_state": dict(random_state=np.random.default_rng(0)),
}

SMOTE_PARAMS = {
    "k_neighbors 0": dict(k_neighbors=0),
    "k_neighbors -1": dict(k_neighbors=-1),
    "k_neighbors float": dict(k_neighbors=2.5),
    "k_neighbors string": dict(k_neighbors="5"),
    "k_neighbors object without kneighbors": dict(k_neighbors=object()),
    "k_neighbors too large": dict(k_neighbors=10),
}

ROS_PARAMS = {
    "negative shrinkage": dict(shrinkage=-0.1),
    "negative shrinkage in dict": dict(shrinkage={0: 1.0, 1: -0.5}),
    "shrinkage dict missing class": dict(shrinkage={0: 1.0}),
    "shrinkage string": dict(shrinkage="a"),
}


def _error(cls, X_, y_, **params):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cls(**params).fit_resample(X_, y_)
    except Exception as exc:  # noqa: BLE001 - the type is what is compared
        return exc
    return None


def _assert_same_error(ours_cls, ref_cls, X_, y_, **params):
    ours = _error(ours_cls, X_, y_, **params)
    ref = _error(ref_cls, X_, y_, **params)
    assert type(ours) is type(ref), (ours, ref)
    if ours is not None:
        assert str(ours)
    return ours


@pytest.mark.parametrize(("ours_cls", "ref_cls"), PAIRS, ids=IDS)
@pytest.mark.parametrize("case", list(BAD_DATA))
def test_bad_data_same_error_type(ours_cls, ref_cls, case):
    X_, y_ = BAD_DATA[case]
    _assert_same_error(ours_cls, ref_cls, X_, y_, random_state=0)


@pytest.mark.parametrize(("ours_cls", "ref_cls"), PAIRS, ids=IDS)
@pytest.mark.parametrize("case", list(BAD_PARAMS))
def test_bad_params_same_error_type(ours_cls, ref_cls, case):
    params = {"random_state": 0, **BAD_PARAMS[case]}
    _assert_same_error(ours_cls, ref_cls, X, Y, **params)


@pytest.mark.parametrize("case", list(SMOTE_PARAMS))
def test_bad_smote_params(case):
    exc = _assert_same_error(
        SMOTE, RefSMOTE, X, Y, random_state=0, **SMOTE_PARAMS[case]
    )
    assert isinstance(exc, ValueError)


@pytest.mark.parametrize("case", list(ROS_PARAMS))
def test_bad_shrinkage(case):
    exc = _assert_same_error(
        RandomOverSampler, RefROS, X, Y, random_state=0, **ROS_PARAMS[case]
    )
    assert isinstance(exc, ValueError)


def test_invalid_parameter_errors_are_sklearns():
    with pytest.raises(InvalidParameterError, match="k_neighbors"):
        SMOTE(k_neighbors=0).fit_resample(X, Y)
    with pytest.raises(InvalidParameterError, match="shrinkage"):
        RandomOverSampler(shrinkage=-1).fit_resample(X, Y)
    with pytest.raises(InvalidParameterError, match="replacement"):
        RandomUnderSampler(replacement=3).fit_resample(X, Y)


@pytest.mark.parametrize("label", [1, "rare"])
def test_smote_small_class_names_class_and_counts(label):
    y = (
        np.array(["common"] * 27 + [label] * 3, dtype=object)
        if label == "rare"
        else np.r_[np.zeros(27, dtype=int), np.ones(3, dtype=int)]
    )
    with pytest.raises(ValueError) as info:
        SMOTE(random_state=0).fit_resample(X, y)
    message = str(info.value)
    assert repr(label) in message
    assert "3 sample(s)" in message and "k_neighbors=5" in message
    # scikit-learn's wording (what imbalanced-learn raises) is kept for old regexes.
    assert re.search("Expected n_neighbors <= n_samples_fit", message)
    with pytest.raises(ValueError, match="k_neighbors=3"):
        SMOTE(k_neighbors=3).fit_resample(X, y)
    # exactly k_neighbors + 1 samples is enough
    SMOTE(k_neighbors=2, random_state=0).fit_resample(X, y)


def test_smote_small_class_with_estimator_raises_like_imblearn():
    y = np.r_[np.zeros(27, dtype=int), np.ones(3, dtype=int)]
    for nn in (SkNearestNeighbors(n_neighbors=6), NearestNeighbors(n_neighbors=6)):
        ours = _error(SMOTE, X, y, k_neighbors=nn)
        ref = _error(RefSMOTE, X, y, k_neighbors=nn)
        assert type(ours) is type(ref) is ValueError
    with pytest.raises(ValueError, match="n_neighbors >= 2"):
        SMOTE(k_neighbors=NearestNeighbors(n_neighbors=1)).fit_resample(X, Y)


@pytest.mark.parametrize(("ours_cls", "ref_cls"), PAIRS, ids=IDS)
def test_length_mismatch_is_a_value_error(ours_cls, ref_cls):
    """Deliberate difference: imbalanced-learn's ROS/RUS fail with IndexError
    (or misalign rows silently); imbfast raises ValueError for every sampler."""
    for X_, y_ in ((X[:29], Y), (X, Y[:29])):
        with pytest.raises(ValueError, match="inconsistent numbers of samples"):
            ours_cls(random_state=0).fit_resample(X_, y_)


def test_strings_and_nan_accepted_where_imblearn_accepts_them():
    strings = np.array([["a", "b", "c"]] * 30, dtype=object)
    for cls in (RandomOverSampler, RandomUnderSampler):
        X_res, _ = cls(random_state=0).fit_resample(strings, Y)
        assert X_res.dtype == object
        X_res, _ = cls(random_state=0).fit_resample(_with(np.nan, row=25), Y)
        assert np.isnan(X_res).any()  # row 25 is in the minority: always kept
    with pytest.raises(ValueError, match="numerical data"):
        RandomOverSampler(shrinkage=1.0).fit_resample(strings, Y)


def test_sparse_bad_input():
    sparse = pytest.importorskip("scipy.sparse")
    bad = sparse.csr_matrix(_with(np.nan))
    for ours_cls, ref_cls in PAIRS:
        _assert_same_error(ours_cls, ref_cls, bad, Y, random_state=0)
    _assert_same_error(SMOTE, RefSMOTE, sparse.coo_matrix(X), Y, random_state=0)
