"""Estimator API of the samplers: imbalanced-learn's common checks, signatures,
fitted attributes, tags, pipelines and the validation helpers."""

from __future__ import annotations

import warnings
from collections import OrderedDict

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import NearestNeighbors as SkNearestNeighbors
from sklearn.utils import get_tags
from sklearn.utils._param_validation import InvalidParameterError

imblearn = pytest.importorskip("imblearn")
pd = pytest.importorskip("pandas")

from imblearn.base import is_sampler
from imblearn.over_sampling import SMOTE as RefSMOTE
from imblearn.over_sampling import RandomOverSampler as RefROS
from imblearn.pipeline import make_pipeline
from imblearn.under_sampling import RandomUnderSampler as RefRUS
from imblearn.utils import check_neighbors_object as ref_check_neighbors_object
from imblearn.utils import check_sampling_strategy as ref_check_sampling_strategy
from imblearn.utils import check_target_type as ref_check_target_type
from imblearn.utils.estimator_checks import (
    check_dataframe_column_names_consistency,
    check_param_validation,
)

import imbfast.neighbors
from _estimator_checks import parametrize_with_checks
from _helpers import assert_drop_in_signature
from imbfast._validation import (
    check_neighbors_object,
    check_sampling_strategy,
    check_target_type,
)
from imbfast.base import BaseSampler
from imbfast.over_sampling import SMOTE, RandomOverSampler
from imbfast.over_sampling.base import BaseOverSampler
from imbfast.under_sampling import RandomUnderSampler
from imbfast.under_sampling.base import BaseUnderSampler

SAMPLERS = [
    SMOTE(random_state=0),
    RandomOverSampler(random_state=0),
    RandomUnderSampler(random_state=0),
]
REFERENCE = {SMOTE: RefSMOTE, RandomOverSampler: RefROS, RandomUnderSampler: RefRUS}


def _data(n_classes=3, seed=0):
    return make_classification(
        n_samples=300,
        n_features=5,
        n_informative=3,
        n_classes=n_classes,
        n_clusters_per_class=1,
        weights=[0.15, 0.3][: n_classes - 1],
        random_state=seed,
    )


# --------------------------------------------------------------------------------------
# imbalanced-learn's own checks


@parametrize_with_checks(SAMPLERS)
def test_imblearn_estimator_checks(estimator, check):
    check(estimator)


@pytest.mark.parametrize("sampler", SAMPLERS, ids=lambda s: type(s).__name__)
def test_imblearn_param_and_feature_name_checks(sampler):
    name = type(sampler).__name__
    check_param_validation(name, sampler)
    check_dataframe_column_names_consistency(name, sampler)


# --------------------------------------------------------------------------------------
# drop-in surface


@pytest.mark.parametrize("cls", list(REFERENCE), ids=lambda c: c.__name__)
def test_signature_matches_imblearn(cls):
    assert_drop_in_signature(cls, REFERENCE[cls])


@pytest.mark.parametrize("sampler", SAMPLERS, ids=lambda s: type(s).__name__)
def test_sampler_identity(sampler):
    assert is_sampler(sampler)
    assert not hasattr(sampler, "transform")
    assert isinstance(sampler, BaseSampler)
    tags = get_tags(sampler)
    assert tags.estimator_type == "sampler"
    assert tags.sampler_tags is not None
    assert tags.input_tags.sparse and tags.input_tags.dataframe
    ref_tags = get_tags(REFERENCE[type(sampler)]())
    assert tags.sampler_tags.sample_indices == ref_tags.sampler_tags.sample_indices
    assert tags.input_tags.allow_nan == ref_tags.input_tags.allow_nan
    assert tags.input_tags.string == ref_tags.input_tags.string
    assert isinstance(
        sampler,
        BaseOverSampler
        if type(sampler) is not RandomUnderSampler
        else BaseUnderSampler,
    )


@pytest.mark.parametrize("sampler", SAMPLERS, ids=lambda s: type(s).__name__)
def test_in_imblearn_pipeline(sampler):
    X, y = _data()
    pipe = make_pipeline(clone(sampler), LogisticRegression(max_iter=500)).fit(X, y)
    assert pipe.score(X, y) > 0.5
    X_res, y_res = make_pipeline(clone(sampler)).fit_resample(X, y)
    assert len(X_res) == len(y_res)


@pytest.mark.parametrize("sampler", SAMPLERS, ids=lambda s: type(s).__name__)
def test_clone_and_params(sampler):
    twin = clone(sampler)
    assert twin.get_params() == sampler.get_params()
    twin.set_params(sampling_strategy="all")
    assert twin.sampling_strategy == "all"
    assert sampler.sampling_strategy == "auto"


@pytest.mark.parametrize("sampler", SAMPLERS, ids=lambda s: type(s).__name__)
def test_fit_only_computes_strategy(sampler):
    X, y = _data()
    fitted = clone(sampler).fit(X, y)
    assert isinstance(fitted.sampling_strategy_, OrderedDict)
    assert list(fitted.sampling_strategy_) == sorted(fitted.sampling_strategy_)
    assert not hasattr(fitted, "sample_indices_")
    assert not hasattr(fitted, "nn_k_")
    assert fitted.n_features_in_ == 5


def test_fitted_attributes():
    X, y = _data()
    df = pd.DataFrame(X, columns=[f"c{i}" for i in range(5)])

    smote = SMOTE(random_state=0)
    smote.fit_resample(df, y)
    assert isinstance(smote.nn_k_, imbfast.neighbors.NearestNeighbors)
    assert smote.nn_k_.n_neighbors == 6
    assert list(smote.feature_names_in_) == list(df.columns)
    assert list(smote.get_feature_names_out()) == list(df.columns)
    assert smote.n_features_in_ == 5

    custom = SkNearestNeighbors(n_neighbors=4)
    smote = SMOTE(random_state=0, k_neighbors=custom)
    smote.fit_resample(X, y)
    assert isinstance(smote.nn_k_, SkNearestNeighbors) and smote.nn_k_ is not custom

    ros = RandomOverSampler(random_state=0, shrinkage=0.5)
    X_res, _ = ros.fit_resample(X, y)
    assert ros.shrinkage_ == {0: 0.5, 1: 0.5}
    assert np.array_equal(ros.sample_indices_[: len(X)], np.arange(len(X)))
    assert len(ros.sample_indices_) == len(X_res)
    ros = RandomOverSampler(random_state=0)
    X_res, y_res = ros.fit_resample(X, y)
    assert ros.shrinkage_ is None
    assert np.array_equal(X[ros.sample_indices_], X_res)
    assert np.array_equal(y[ros.sample_indices_], y_res)

    rus = RandomUnderSampler(random_state=0)
    X_res, y_res = rus.fit_resample(X, y)
    assert np.array_equal(X[rus.sample_indices_], X_res)
    assert np.array_equal(y[rus.sample_indices_], y_res)


def test_one_hot_target_round_trip():
    X, y = _data()
    one_hot = np.eye(3, dtype=np.int64)[y]
    for sampler in SAMPLERS:
        X_res, y_res = clone(sampler).fit_resample(X, one_hot)
        X_lab, y_lab = clone(sampler).fit_resample(X, y)
        assert y_res.shape == (len(y_lab), 3)
        assert np.array_equal(y_res.argmax(axis=1), y_lab)
        assert np.array_equal(X_res, X_lab)


def test_no_imblearn_import_in_library():
    """imbalanced-learn is a test oracle only: no library module imports it."""
    import ast
    import pathlib

    root = pathlib.Path(imbfast.neighbors.__file__).parent
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n.split(".")[0] == "imblearn" for n in names), path


# --------------------------------------------------------------------------------------
# validation helpers against imbalanced-learn's


def _targets():
    rng = np.random.RandomState(0)
    binary = np.array([0] * 10 + [1] * 100)
    multi = np.repeat([0, 1, 2, 3], [25, 40, 10, 40])
    strings = np.array(["b", "a", "c"])[rng.randint(0, 3, 90)]
    return {"binary": binary, "multi": multi, "strings": strings}


STRATEGIES = [
    "auto",
    "minority",
    "majority",
    "not minority",
    "not majority",
    "all",
    "bogus",
    0.29,
    0.5,
    0.95,
    1.0,
    0.05,
    1.5,
    0.0,
    {0: 150},
    {0: 5},
    {1: 20},
    {0: -1},
    {9: 10},
    {"a": 40},
    [0, 1],
    [0, 9],
    ["a"],
    lambda y: {lab: 50 for lab in np.unique(y)},
]


def _outcome(func, *args):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = func(*args)
        return "ok", list(result.items()) if isinstance(result, dict) else result
    except Exception as exc:  # noqa: BLE001 - comparing error types
        return type(exc).__name__, str(exc)


@pytest.mark.parametrize("target", ["binary", "multi", "strings"])
@pytest.mark.parametrize(
    "sampling_type", ["over-sampling", "under-sampling", "clean-sampling"]
)
def test_check_sampling_strategy_matches_imblearn(target, sampling_type):
    y = _targets()[target]
    for strategy in STRATEGIES:
        ours = _outcome(check_sampling_strategy, strategy, y, sampling_type)
        ref = _outcome(ref_check_sampling_strategy, strategy, y, sampling_type)
        assert ours[0] == ref[0], (strategy, ours, ref)
        if ours[0] == "ok" or "is a string" not in ref[1]:
            assert ours[1] == ref[1], strategy


def test_check_sampling_strategy_details():
    y = np.array([0] * 10 + [1] * 100)
    # float truncation as imbalanced-learn: int(100 * 0.29 - 10) == 18
    assert check_sampling_strategy(0.29, y, "over-sampling") == OrderedDict({0: 18})
    assert check_sampling_strategy("auto", y, "bypass") == "auto"
    with pytest.raises(ValueError, match="more than 1 class"):
        check_sampling_strategy("auto", np.zeros(5), "over-sampling")
    with pytest.raises(ValueError, match="sampling_type"):
        check_sampling_strategy("auto", y, "sideways")
    # ties: majority/minority go to the smallest label
    tie = np.array([3, 3, 1, 1, 2])
    assert check_sampling_strategy("not majority", tie, "over-sampling") == OrderedDict(
        {2: 1, 3: 0}
    )


def test_check_target_type_matches_imblearn():
    cases = [
        np.array([0, 1, 1, 0]),
        np.array([[0], [1], [1], [0]]),
        np.eye(3, dtype=int)[[0, 1, 2, 2]],
        ["a", "b", "a"],
    ]
    for y in cases:
        ours, flag = check_target_type(y, indicate_one_vs_all=True)
        ref, ref_flag = ref_check_target_type(y, indicate_one_vs_all=True)
        assert flag == ref_flag
        assert np.array_equal(ours, ref)
        assert np.array_equal(check_target_type(y), ref)
    with pytest.raises(
        ValueError, match="Multilabel and multioutput targets are not supported"
    ):
        check_target_type(np.array([[1, 1, 0], [0, 1, 0]]))


def test_check_neighbors_object():
    nn = check_neighbors_object("k", 5, additional_neighbor=1)
    assert isinstance(nn, imbfast.neighbors.NearestNeighbors)
    assert (
        nn.n_neighbors
        == ref_check_neighbors_object("k", 5, additional_neighbor=1).n_neighbors
    )
    est = SkNearestNeighbors(n_neighbors=3)
    cloned = check_neighbors_object("k", est)
    assert cloned is not est and cloned.get_params() == est.get_params()


def test_invalid_params_raise_invalid_parameter_error():
    X, y = _data()
    bad = [
        SMOTE(k_neighbors=0),
        SMOTE(k_neighbors="five"),
        SMOTE(sampling_strategy="majority"),
        SMOTE(random_state="seed"),
        RandomOverSampler(shrinkage=-1.0),
        RandomOverSampler(shrinkage="big"),
        RandomUnderSampler(replacement="yes"),
        RandomUnderSampler(sampling_strategy="minority"),
        RandomUnderSampler(sampling_strategy=1.5),
    ]
    for sampler in bad:
        with pytest.raises(InvalidParameterError):
            sampler.fit_resample(X, y)
        with pytest.raises(InvalidParameterError):
            clone(sampler).fit(X, y)


def test_every_imblearn_over_sampler_is_exported():
    import imblearn.over_sampling

    import imbfast
    import imbfast.over_sampling

    for name in imblearn.over_sampling.__all__:
        assert name in imbfast.over_sampling.__all__, name
        assert getattr(imbfast, name) is getattr(imbfast.over_sampling, name)
