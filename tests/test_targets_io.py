"""Targets and containers: label types, target checks, polars / pyarrow, byte order,
complex data.

Oracle: imbalanced-learn 0.14.2. Every sampler is run on the same data with
many label types (int, small and wide integers, integral floats, bool, numpy
and object strings, pandas string / object / categorical Series, lists) and
must give imbalanced-learn's output: directly (same containers, dtypes,
values, index, fitted ``sampling_strategy_``) where imbalanced-learn handles
the label type, and always equal to imbalanced-learn's run on integer labels
with the labels mapped back. Target errors must be imbalanced-learn's (same
type and message). Labels are encoded once per fit: a counting test checks
that no step sorts the labels again.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

imblearn = pytest.importorskip("imblearn")
pd = pytest.importorskip("pandas")

import imbfast
from _helpers import assert_same, make_sampler
from imbfast._validation import (
    EncodedTarget,
    check_sampling_strategy,
    encode_labels,
)

OVER = [
    "RandomOverSampler",
    "SMOTE",
    "BorderlineSMOTE",
    "ADASYN",
    "SVMSMOTE",
    "KMeansSMOTE",
    "SMOTENC",
    "SMOTEN",
]
UNDER = [
    "RandomUnderSampler",
    "TomekLinks",
    "EditedNearestNeighbours",
    "RepeatedEditedNearestNeighbours",
    "AllKNN",
    "NeighbourhoodCleaningRule",
    "OneSidedSelection",
    "CondensedNearestNeighbour",
    "NearMiss",
    "InstanceHardnessThreshold",
    "ClusterCentroids",
]
COMBINE = ["SMOTEENN", "SMOTETomek"]
ALL = OVER + UNDER + COMBINE
# imbfast runs these on label codes; the others get the labels.
CODE_SAMPLERS = [
    "RandomOverSampler",
    "SMOTE",
    "RandomUnderSampler",
    "EditedNearestNeighbours",
    "RepeatedEditedNearestNeighbours",
    "AllKNN",
]


# --------------------------------------------------------------------------------------
# data

RNG = np.random.RandomState(0)
N = 240
Y = np.r_[np.zeros(150, dtype=np.int64), np.ones(60, dtype=np.int64), np.full(30, 2)]
X_CONT = RNG.randn(N, 4) + Y[:, None]
X_NOMINAL = RNG.randint(0, 3, size=(N, 4))
X_MIXED = X_CONT.copy()
X_MIXED[:, 0] = RNG.randint(0, 3, size=N)


def data_for(name):
    if name == "SMOTEN":
        return X_NOMINAL
    if name == "SMOTENC":
        return X_MIXED
    return X_CONT


STRINGS = np.array(["ant", "bee", "cat"])

# kind -> (labels of the codes 0, 1, 2 as a numpy array; y builder; pandas X?)
LABEL_KINDS = {
    "int64": (np.array([0, 1, 2]), lambda v: v, False),
    "int8": (np.array([-3, 0, 7], dtype=np.int8), lambda v: v, False),
    "uint64 huge": (
        np.array([0, 2**62, 2**63 + 5], dtype=np.uint64),
        lambda v: v,
        False,
    ),
    "int64 wide": (np.array([-(10**18), 3, 10**18]), lambda v: v, False),
    "float": (np.array([-1.0, 0.0, 2.0]), lambda v: v, False),
    "float32": (np.array([1.0, 2.0, 3.0], dtype=np.float32), lambda v: v, False),
    "numpy str": (STRINGS, lambda v: v, False),
    "object str": (STRINGS.astype(object), lambda v: v, False),
    "list of str": (STRINGS, lambda v: v.tolist(), False),
    "pandas str": (
        STRINGS.astype(object),
        lambda v: pd.Series(v.tolist(), name="t"),
        True,
    ),
    "pandas object": (
        STRINGS.astype(object),
        lambda v: pd.Series(v, name="t", dtype=object),
        True,
    ),
    "pandas category": (
        STRINGS.astype(object),
        lambda v: pd.Series(
            pd.Categorical(v, categories=["cat", "zzz", "ant", "bee"]), name="target"
        ),
        True,
    ),
    "pandas int": (np.array([4, 5, 9]), lambda v: pd.Series(v, name=0), True),
    "pandas str, numpy X": (
        STRINGS.astype(object),
        lambda v: pd.Series(v.tolist()),
        False,
    ),
}


def build(name, kind):
    X = data_for(name)
    if kind == "bool":
        return X, np.asarray(Y != 0)
    labels, make_y, frame = LABEL_KINDS[kind]
    y = make_y(labels[Y])
    if frame:
        X = pd.DataFrame(X, columns=[f"c{j}" for j in range(X.shape[1])])
        X.index = np.arange(1000, 1000 + N)  # a non-default index
        if isinstance(y, pd.Series):
            y.index = X.index
    return X, y


def outcome(fn, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return "ok", fn(*args)
        except Exception as exc:  # noqa: BLE001 - the oracle may fail: compare how
            return "error", (type(exc), str(exc))


def assert_same_fit(ours, ref, mapping=None):
    a, b = ours.sampling_strategy_, ref.sampling_strategy_
    if isinstance(b, dict) and mapping is not None:
        b = type(b)((mapping(k), v) for k, v in b.items())
    if isinstance(b, dict):
        assert list(a.items()) == list(b.items())
        assert [type(k) for k in a] == [type(k) for k in b] or mapping is not None
    else:
        assert a == b
    if hasattr(ref, "sample_indices_"):
        assert np.array_equal(ours.sample_indices_, ref.sample_indices_)


# --------------------------------------------------------------------------------------
# label types: every sampler


@pytest.mark.parametrize("kind", [*LABEL_KINDS, "bool"])
@pytest.mark.parametrize("name", ALL)
def test_label_types_match_imblearn(name, kind):
    X, y = build(name, kind)
    ours = make_sampler(name)
    got = outcome(ours.fit_resample, X, y)
    assert got[0] == "ok", got
    X_res, y_res = got[1]

    # 1. imbalanced-learn on the same input, where it handles these labels.
    ref = make_sampler(name, "ref")
    expected = outcome(ref.fit_resample, X, y)
    if expected[0] == "ok":
        assert_same((X_res, y_res), expected[1])
        assert_same_fit(ours, ref)

    # 2. Always: imbalanced-learn on integer codes, labels mapped back.
    codes = (Y != 0).astype(np.int64) if kind == "bool" else Y
    labels = np.array([False, True]) if kind == "bool" else LABEL_KINDS[kind][0]
    ref_int = make_sampler(name, "ref")
    X_int, y_int = ref_int.fit_resample(data_for(name), codes)
    assert np.array_equal(np.asarray(X_res), X_int)
    y_values = np.asarray(y_res)
    assert np.array_equal(y_values, labels[y_int])
    if isinstance(y, np.ndarray):
        assert y_res.dtype == y.dtype
    assert_same_fit(ours, ref_int, mapping=lambda k: labels[k])
    if isinstance(y, pd.Series):
        assert y_res.name == y.name
        assert y_res.dtype == y.dtype
        if isinstance(X, pd.DataFrame):
            assert y_res.index.equals(X_res.index)


@pytest.mark.parametrize("name", [*CODE_SAMPLERS, "TomekLinks", "SMOTEENN"])
def test_fit_matches_imblearn_with_string_labels(name):
    X, y = build(name, "pandas category")
    ours, ref = make_sampler(name), make_sampler(name, "ref")
    assert ours.fit(X, y) is ours
    ref.fit(X, y)
    assert_same_fit(ours, ref)


# --------------------------------------------------------------------------------------
# sampling_strategy in the user's labels


@pytest.mark.parametrize(
    ("name", "strategy"),
    [
        ("SMOTE", {"bee": 150, "cat": 100}),
        ("RandomOverSampler", {"cat": 80}),
        ("RandomUnderSampler", {"ant": 40, "bee": 30}),
        ("EditedNearestNeighbours", ["ant", "bee"]),
        ("RepeatedEditedNearestNeighbours", ["ant"]),
        ("AllKNN", ["bee", "ant"]),
        ("SMOTE", "minority"),
        ("RandomUnderSampler", "not minority"),
    ],
)
@pytest.mark.parametrize("kind", ["numpy str", "object str", "pandas category"])
def test_strategy_keys_are_user_labels(name, strategy, kind):
    X, y = build(name, kind)
    ours = make_sampler(name, sampling_strategy=strategy)
    ref = make_sampler(name, "ref", sampling_strategy=strategy)
    assert_same(ours.fit_resample(X, y), ref.fit_resample(X, y))
    assert_same_fit(ours, ref)
    assert all(isinstance(k, str) for k in ours.sampling_strategy_)


@pytest.mark.parametrize(
    "name", ["SMOTE", "RandomUnderSampler", "RepeatedEditedNearestNeighbours"]
)
def test_callable_strategy_sees_the_labels(name):
    X, y = build(name, "numpy str")
    seen = []

    def strategy(labels):
        seen.append(np.asarray(labels).copy())
        if name == "SMOTE":
            return {"cat": 150}
        if name == "RandomUnderSampler":
            return {"ant": 30}
        return {"ant": 1}  # cleaning: the keys are the targeted classes

    if name == "RepeatedEditedNearestNeighbours":
        # imbalanced-learn rejects a dict for cleaning; a list via a callable is
        # not accepted either: both libraries must fail the same way.
        got = outcome(make_sampler(name, sampling_strategy=strategy).fit_resample, X, y)
        exp = outcome(
            make_sampler(name, "ref", sampling_strategy=strategy).fit_resample, X, y
        )
        assert got == exp
        assert seen
        assert seen[0].dtype == y.dtype
        assert np.array_equal(seen[0], y)
        return
    ours = make_sampler(name, sampling_strategy=strategy)
    ref = make_sampler(name, "ref", sampling_strategy=strategy)
    assert_same(ours.fit_resample(X, y), ref.fit_resample(X, y))
    assert_same_fit(ours, ref)
    assert seen[0].dtype == y.dtype
    assert np.array_equal(seen[0], y)


def test_dict_keys_equal_but_of_another_type():
    """A key equal to a class (1.0 for the int class 1, a plain str for np.str_)
    is accepted; sampling_strategy_ keeps it, as imbalanced-learn."""
    for y, strategy in [(Y, {1.0: 150}), (STRINGS[Y], {"bee": 150})]:
        ours = make_sampler("SMOTE", sampling_strategy=strategy)
        ref = make_sampler("SMOTE", "ref", sampling_strategy=strategy)
        assert_same(ours.fit_resample(X_CONT, y), ref.fit_resample(X_CONT, y))
        assert list(ours.sampling_strategy_.items()) == list(
            ref.sampling_strategy_.items()
        )


def test_float_strategy_binary_string_labels():
    y = np.where(Y == 0, "no", "yes")
    for name in ["SMOTE", "RandomUnderSampler", "RandomOverSampler"]:
        ours = make_sampler(name, sampling_strategy=0.9)
        ref = make_sampler(name, "ref", sampling_strategy=0.9)
        assert_same(ours.fit_resample(X_CONT, y), ref.fit_resample(X_CONT, y))
        assert_same_fit(ours, ref)


def test_shrinkage_keys_are_user_labels():
    y = STRINGS[Y]
    shrinkage = {"bee": 0.5, "cat": 1.0}
    ours = make_sampler("RandomOverSampler", shrinkage=shrinkage)
    ref = make_sampler("RandomOverSampler", "ref", shrinkage=shrinkage)
    assert_same(ours.fit_resample(X_CONT, y), ref.fit_resample(X_CONT, y))
    assert ours.shrinkage_ == ref.shrinkage_
    bad = make_sampler("RandomOverSampler", shrinkage={"bee": 0.5})
    bad_ref = make_sampler("RandomOverSampler", "ref", shrinkage={"bee": 0.5})
    assert outcome(bad.fit_resample, X_CONT, y) == outcome(
        bad_ref.fit_resample, X_CONT, y
    )


# --------------------------------------------------------------------------------------
# target errors and warnings: imbalanced-learn's

BAD_TARGETS = {
    "continuous": np.linspace(0, 1, N),
    "continuous float32": np.linspace(0, 1, N).astype(np.float32),
    "one class": np.zeros(N),
    "one class str": np.full(N, "a"),
    "NaN": np.r_[np.zeros(N - 1), np.nan],
    "inf": np.r_[np.zeros(N - 1), np.inf],
    "multilabel": RNG.randint(2, size=(N, 3)),
    "multioutput": np.c_[Y, Y[::-1]],
    "bytes": np.array([b"a", b"b"] * (N // 2)),
    "bytes objects": np.array([b"a", b"b"] * (N // 2), dtype=object),
    "mixed objects": np.array(["a", 1] * (N // 2), dtype=object),
    "objects not str": np.array([1, "a"] * (N // 2), dtype=object),
    "None": np.array(["a", None] * (N // 2), dtype=object),
    "pandas with NaN": pd.Series(["a", None] * (N // 2), dtype="category"),
    "pandas nullable int": pd.Series(Y, dtype="Int64"),
    "pandas nullable NA": pd.Series([0, None] * (N // 2), dtype="Int64"),
    "legacy sequences": [[1, 2]] + [[1]] * (N - 1),
    "complex": Y + 0j,
    "wrong length": Y[:-1],
    "empty": np.array([], dtype=int),
    "column": Y[:, None],
    "one-hot": np.eye(3, dtype=int)[Y],
    "tuple": tuple(STRINGS[Y].tolist()),
    "np.str_ objects": np.array([np.str_("a"), np.str_("b")] * (N // 2), dtype=object),
}


@pytest.mark.parametrize("bad", list(BAD_TARGETS))
@pytest.mark.parametrize(
    "name", ["SMOTE", "RandomUnderSampler", "EditedNearestNeighbours", "TomekLinks"]
)
def test_target_errors_match_imblearn(name, bad):
    y = BAD_TARGETS[bad]
    X = X_CONT if bad != "empty" else X_CONT[:0]
    for method in ("fit_resample", "fit"):
        got = outcome(getattr(make_sampler(name), method), X, y)
        exp = outcome(getattr(make_sampler(name, "ref"), method), X, y)
        if bad == "wrong length" and name == "RandomUnderSampler":
            # imbalanced-learn's RandomUnderSampler skips the length check and
            # fails later (IndexError); imbfast checks it (a documented fix).
            assert got[0] == "error"
            assert got[1][0] is ValueError
            assert "inconsistent numbers of samples" in got[1][1]
            continue
        assert got[0] == exp[0], (method, got, exp)
        if got[0] == "error":
            assert got[1] == exp[1], method
        else:
            out = got[1]
            if method == "fit_resample":
                assert_same(out, exp[1])


def test_many_classes_warning_as_scikit_learn():
    y = np.arange(N) % 150  # 150 classes in 240 rows
    X = X_CONT
    with pytest.warns(
        UserWarning, match="number of unique classes is greater than 50%"
    ):
        make_sampler("RandomOverSampler").fit_resample(X, y)
    with pytest.warns(
        UserWarning, match="number of unique classes is greater than 50%"
    ):
        make_sampler("RandomOverSampler").fit_resample(
            X, STRINGS[y % 3].astype(object) + y.astype(str)
        )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        make_sampler("RandomOverSampler").fit(
            X, y
        )  # fit does not check, as imbalanced-learn


# --------------------------------------------------------------------------------------
# encoded once


def _count_unique_calls(monkeypatch, n):
    calls = []
    real = np.unique

    def counting(ar, *args, **kwargs):
        if np.size(ar) >= n:
            calls.append(np.asarray(ar).dtype)
        return real(ar, *args, **kwargs)

    monkeypatch.setattr(np, "unique", counting)
    return calls


@pytest.mark.parametrize("name", CODE_SAMPLERS)
@pytest.mark.parametrize(
    ("kind", "max_calls"),
    [
        ("int64", 0),
        ("numpy str", 1),
        ("object str", 0),
        ("pandas str", 0),
        ("pandas category", 0),
    ],
)
def test_labels_are_not_sorted_per_step(monkeypatch, name, kind, max_calls):
    """imbfast used to call np.unique on the full target 4+ times per fit (two
    type_of_target checks, the class count, the strategy); now once at most
    (numpy strings: numpy's hash-based unique), never for objects, integers
    or pandas Series."""
    X, y = build(name, kind)
    calls = _count_unique_calls(monkeypatch, N)
    make_sampler(name).fit_resample(X, y)
    assert len(calls) <= max_calls, calls


def test_combination_encodes_once(monkeypatch):
    X, y = build("SMOTEENN", "object str")
    calls = _count_unique_calls(monkeypatch, N)
    imbfast.SMOTEENN(random_state=0).fit_resample(X, y)
    assert calls == []


# --------------------------------------------------------------------------------------
# the encoder itself


ENCODER_CASES = {
    "int64": np.array([5, -2, 5, 9, -2]),
    "int8 full range": np.array([-128, 127, 0, -128], dtype=np.int8),
    "uint8": np.array([255, 0, 3], dtype=np.uint8),
    "uint64 huge": np.array([2**64 - 1, 0, 2**63], dtype=np.uint64),
    "int64 extremes": np.array([np.iinfo(np.int64).min, np.iinfo(np.int64).max, 0]),
    "big-endian int": np.array([3, 1, 3], dtype=">i8"),
    "bool one value": np.array([True, True]),
    "bool": np.array([True, False, True]),
    "float": np.array([0.5, -0.0, 0.0, 2.0, np.inf, np.nan, np.nan]),
    "float16": np.array([1, 2, 1], dtype=np.float16),
    "unicode": np.array(["b", "a", "ab", "", "b"]),
    "bytes": np.array([b"b", b"a", b"b"]),
    "object str": np.array(["z", "y", "z", "é"], dtype=object),
    "object ints": np.array([3, 1, 3], dtype=object),
    "object np.str_": np.array([np.str_("b"), "a"], dtype=object),
    "datetime": np.array(["2020-01-02", "2020-01-01"], dtype="M8[D]"),
    "empty": np.array([], dtype=np.int64),
}


@pytest.mark.parametrize("case", list(ENCODER_CASES))
def test_encode_labels_equals_np_unique(case):
    y = ENCODER_CASES[case]
    classes, codes = encode_labels(y)
    ref_classes, ref_codes = np.unique(y, return_inverse=True)
    assert classes.dtype == ref_classes.dtype
    assert np.array_equal(classes, ref_classes, equal_nan=classes.dtype.kind == "f")
    assert np.array_equal(codes, ref_codes.reshape(-1))
    assert codes.dtype == np.intp
    target = EncodedTarget(y, classes, codes)
    assert (
        target.stats() == dict(zip(*np.unique(y, return_counts=True)))
        or case == "float"
    )


def test_check_sampling_strategy_unchanged_api():
    y = STRINGS[Y]
    ref = imblearn.utils.check_sampling_strategy
    for strategy in ["auto", "all", "not minority", {"cat": 100}, 0.5]:
        kind = "under-sampling" if isinstance(strategy, float) else "over-sampling"
        y_use = y if not isinstance(strategy, float) else np.where(Y == 0, "a", "b")
        got = outcome(check_sampling_strategy, strategy, y_use, kind)
        exp = outcome(ref, strategy, y_use, kind)
        assert got == exp


# --------------------------------------------------------------------------------------
# byte order and complex data


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize(
    ("x_dtype", "y_dtype"), [(">f8", ">i8"), (">f4", None), ("<f8", ">i4")]
)
def test_big_endian_as_imblearn(name, x_dtype, y_dtype):
    """Over-samplers (and the combinations) return native byte order, as
    imbalanced-learn's stacked output; under-samplers keep the input's order,
    as imbalanced-learn's row indexing. SMOTENC, which imbalanced-learn cannot
    run on big-endian floats (scipy.sparse rejects them), works."""
    X = data_for(name)
    X_be = X.astype(x_dtype.replace("f", "i") if name == "SMOTEN" else x_dtype)
    y_be = Y.astype(y_dtype) if y_dtype else Y
    got = make_sampler(name).fit_resample(X_be, y_be)
    exp = outcome(make_sampler(name, "ref").fit_resample, X_be, y_be)
    if exp[0] == "ok":
        assert got[0].dtype.str == exp[1][0].dtype.str
        assert got[1].dtype.str == exp[1][1].dtype.str
        assert_same(got, exp[1])
    else:
        assert name == "SMOTENC", exp
        native = make_sampler(name).fit_resample(
            X_be.astype(X_be.dtype.newbyteorder("=")), Y
        )
        assert got[0].dtype.isnative
        assert got[1].dtype.isnative
        assert_same(got, native)


COMPLEX_X = {
    "complex128": X_CONT + 1j,
    "complex64": (X_CONT + 1j).astype(np.complex64),
    "object complex": (X_CONT + 1j).astype(object),
    "object with one complex": np.where(np.arange(4) == 2, 1j, X_CONT).astype(object),
    "list": (X_CONT + 1j).tolist(),
    "DataFrame": pd.DataFrame(X_CONT + 1j),
}


@pytest.mark.parametrize("case", list(COMPLEX_X))
@pytest.mark.parametrize("name", ALL)
def test_complex_data_rejected_like_scikit_learn(name, case):
    """Numeric samplers raise scikit-learn's ValueError("Complex data not
    supported") for complex values in any container (imbalanced-learn leaks a
    TypeError from numpy for object arrays); samplers that only select rows
    (random over/under-sampling) return them for DataFrames and object arrays,
    as imbalanced-learn."""
    X = COMPLEX_X[case]
    got = outcome(make_sampler(name).fit_resample, X, Y)
    exp = outcome(make_sampler(name, "ref").fit_resample, X, Y)
    if exp[0] == "ok":
        assert got[0] == "ok"
        assert_same(got[1], exp[1])
        return
    assert got[0] == "error"
    assert got[1][0] is ValueError
    assert got[1][1].startswith("Complex data not supported"), got
    if exp[1][0] is ValueError:
        assert got[1] == exp[1]


# --------------------------------------------------------------------------------------
# polars and pyarrow


def _schema_frame(pl):
    return pl.DataFrame(
        {
            "a": X_CONT[:, 0],
            "b": X_CONT[:, 1].astype(np.float32),
            "n": np.round(X_CONT[:, 2] * 10).astype(np.int64),
            "d": X_CONT[:, 3],
        }
    )


@pytest.mark.parametrize("name", ALL)
def test_polars_in_polars_out(name):
    pl = pytest.importorskip("polars")
    X = data_for(name)
    columns = [f"x{j}" for j in range(X.shape[1])]
    X_pl = pl.DataFrame(X, schema=columns)
    for y_pl in (
        pl.Series("label", STRINGS[Y]),
        pl.Series("label", STRINGS[Y], dtype=pl.Categorical),
        pl.Series("label", Y),
    ):
        X_res, y_res = make_sampler(name).fit_resample(X_pl, y_pl)
        X_np, y_np = make_sampler(name).fit_resample(X, y_pl.to_numpy())
        assert isinstance(X_res, pl.DataFrame)
        assert isinstance(y_res, pl.Series)
        assert X_res.schema == X_pl.schema
        assert y_res.name == "label"
        assert y_res.dtype == y_pl.dtype
        assert np.array_equal(X_res.to_numpy(), X_np)
        assert np.array_equal(y_res.to_numpy(), y_np)
    # numpy X, polars y: polars y back; polars X, numpy y: numpy y back
    X_res, y_res = make_sampler(name).fit_resample(X, pl.Series("t", Y))
    assert isinstance(X_res, np.ndarray)
    assert isinstance(y_res, pl.Series)
    X_res, y_res = make_sampler(name).fit_resample(X_pl, Y)
    assert isinstance(X_res, pl.DataFrame)
    assert isinstance(y_res, np.ndarray)


@pytest.mark.parametrize(
    "name", ["SMOTE", "RandomOverSampler", "RandomUnderSampler", "SMOTEENN"]
)
def test_polars_schema_kept(name):
    """Column dtypes come back as the input's: float32, and an integer column
    (synthetic values truncated, as imbalanced-learn's pandas ``astype``)."""
    pl = pytest.importorskip("polars")
    X_pl = _schema_frame(pl)
    X_pd = X_pl.to_pandas()
    X_res, y_res = make_sampler(name).fit_resample(X_pl, pl.Series("y", STRINGS[Y]))
    ref_X, ref_y = make_sampler(name).fit_resample(
        X_pd, pd.Series(STRINGS[Y], name="y", dtype=object)
    )
    assert X_res.schema == X_pl.schema
    assert np.array_equal(X_res.to_numpy(), ref_X.to_numpy())
    assert y_res.to_list() == ref_y.to_list()


def test_polars_mixed_columns_for_row_samplers():
    """Rows only selected: strings, dates, datetimes, booleans, categoricals
    come back in their own dtypes."""
    import datetime

    pl = pytest.importorskip("polars")
    X_pl = pl.DataFrame(
        {
            "city": STRINGS[Y[::-1]],
            "v": np.arange(N),
            "day": [datetime.date(2020, 1, 1 + i % 28) for i in range(N)],
            "at": [datetime.datetime(2020, 1, 1, i % 24) for i in range(N)],
            "flag": (np.arange(N) % 3 == 0).tolist(),
            "kind": pl.Series(STRINGS[Y].tolist(), dtype=pl.Categorical),
        }
    )
    for name in ["RandomOverSampler", "RandomUnderSampler"]:
        X_res, _y_res = make_sampler(name).fit_resample(X_pl, pl.Series("y", Y))
        assert X_res.schema == X_pl.schema
        ours = make_sampler(name)
        ours.fit_resample(X_pl, Y)
        assert X_res.to_dict(as_series=False) == X_pl[ours.sample_indices_].to_dict(
            as_series=False
        )


def test_polars_set_output_in_a_pipeline():
    pl = pytest.importorskip("polars")
    from imblearn.pipeline import make_pipeline
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    y = STRINGS[Y]
    X_pl = pl.DataFrame(X_CONT, schema=["a", "b", "c", "d"])
    scaler = StandardScaler().set_output(transform="polars")
    resampler = make_pipeline(scaler, imbfast.SMOTE(random_state=0))
    X_res, _y_res = resampler.fit_resample(X_pl, y)
    assert isinstance(X_res, pl.DataFrame)
    assert X_res.columns == ["a", "b", "c", "d"]
    scaled = StandardScaler().set_output(transform="polars").fit_transform(X_pl)
    expected = imbfast.SMOTE(random_state=0).fit_resample(scaled.to_numpy(), y)[0]
    assert np.array_equal(X_res.to_numpy(), expected)

    pipe = make_pipeline(
        StandardScaler(),
        imbfast.SMOTE(random_state=0),
        StandardScaler(),
        LogisticRegression(),
    )
    pipe.set_output(transform="polars")  # samplers have no transform: skipped
    pipe.fit(X_pl, y)
    ref = make_pipeline(
        StandardScaler(),
        imbfast.SMOTE(random_state=0),
        StandardScaler(),
        LogisticRegression(),
    ).fit(X_CONT, y)
    assert np.array_equal(pipe.predict(X_pl), ref.predict(X_CONT))
    assert isinstance(pipe[:2].fit_resample(X_pl, y)[0], pl.DataFrame)


@pytest.mark.parametrize(
    "name", ["SMOTE", "RandomOverSampler", "EditedNearestNeighbours", "NearMiss"]
)
def test_pyarrow_in_pyarrow_out(name):
    pa = pytest.importorskip("pyarrow")
    X = X_CONT.copy()
    X[:, 1] = X[:, 1].astype(np.float32)
    table = pa.table(
        {"a": X[:, 0], "b": X[:, 1].astype(np.float32), "c": X[:, 2], "d": X[:, 3]}
    )
    y = pa.chunked_array([STRINGS[Y[:100]].tolist(), STRINGS[Y[100:]].tolist()])
    X_res, y_res = make_sampler(name).fit_resample(table, y)
    X_np, y_np = make_sampler(name).fit_resample(X, STRINGS[Y])
    assert isinstance(X_res, pa.Table)
    assert X_res.schema == table.schema
    assert isinstance(y_res, pa.ChunkedArray)
    assert y_res.type == y.type
    for j, column in enumerate(X_res.columns):
        assert np.array_equal(
            column.to_numpy(), X_np[:, j].astype(column.to_numpy().dtype)
        )
    assert y_res.to_pylist() == y_np.tolist()
    X_res, y_res = make_sampler(name).fit_resample(X_CONT, pa.array(Y))
    assert isinstance(y_res, pa.Array)
    assert y_res.type == pa.int64()
