"""SMOTEN against imbalanced-learn 0.14.2.

Same data and ``random_state`` (int, RandomState, or None after ``np.random.seed``)
give identical output (values, dtype, container), identical fitted attributes and
leave a shared random stream in the same state. Parity with an int
``k_neighbors`` is promised where no two candidate neighbours tie at the k-th
VDM distance: every such data set here is checked to be in that regime first.
With a scikit-learn ``NearestNeighbors`` passed in, both get the same distance
matrix (bit for bit), so parity holds on any data, ties included.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy import sparse
from scipy.stats import mode
from sklearn.exceptions import DataConversionWarning
from sklearn.neighbors import NearestNeighbors as SkNearestNeighbors
from sklearn.preprocessing import OrdinalEncoder
from sklearn.utils._param_validation import InvalidParameterError

imblearn = pytest.importorskip("imblearn")
pd = pytest.importorskip("pandas")

from imblearn.metrics.pairwise import ValueDifferenceMetric
from imblearn.over_sampling import SMOTEN as RefSMOTEN
from imblearn.utils.estimator_checks import (
    check_param_validation,
)
from imblearn.utils.testing import _CustomNearestNeighbors

import _helpers
from _estimator_checks import parametrize_with_checks
from _helpers import (
    assert_drop_in_signature,
    assert_same,
    same_sampling_strategy,
    strategy_for,
)
from imbfast import _core
from imbfast.neighbors import NearestNeighbors
from imbfast.over_sampling import _smoten
from imbfast.over_sampling._smoten import SMOTEN

# --------------------------------------------------------------------------------------
# data


def make_categorical(
    seed, n=240, n_classes=2, n_features=8, n_values=(6, 14), kind="int"
):
    """Categories whose frequencies depend on the class (distinct VDM profiles).

    kind: "int" (int64 array), "str" (unicode array), "object" (mixed str/int
    object array), "float" (float32 codes).
    """
    rng = np.random.RandomState(seed)
    weights = rng.dirichlet(np.ones(n_classes)) * (1 - 0.1 * n_classes) + 0.1
    y = rng.choice(n_classes, size=n, p=weights)
    cols = []
    for f in range(n_features):
        size = rng.randint(n_values[0], n_values[1] + 1)
        probs = rng.dirichlet(np.ones(size), size=n_classes)
        col = np.array([rng.choice(size, p=probs[c]) for c in y])
        cols.append(col * 3 + 10 * f)  # not 0..n-1: the encoder has work to do
    X = np.stack(cols, axis=1)
    if kind == "str":
        X = np.char.add("v", X.astype(str))
    elif kind == "object":
        X = X.astype(object)
        X[:, ::2] = np.char.add("cat", X[:, ::2].astype(str))
    elif kind == "float":
        X = X.astype(np.float32)
    return X, y


def vdm_matrix(X, y, codes_of_class):
    enc = OrdinalEncoder(dtype=np.int32).fit(X)
    vdm = ValueDifferenceMetric(n_categories=[len(c) for c in enc.categories_])
    vdm.fit(enc.transform(X), y)
    return vdm.pairwise(codes_of_class(enc.transform(X)))


def boundary_ties(X, y, k, classes=None):
    """Whether any row of an over-sampled class has its k-th and (k+1)-th nearest
    other rows at the same VDM distance (where the tie rule decides the vote)."""
    for label in np.unique(y) if classes is None else classes:
        mask = y == label
        if mask.sum() <= k + 1:
            continue
        D = vdm_matrix(X, y, lambda codes, m=mask: codes[m])
        np.fill_diagonal(D, np.inf)
        srt = np.sort(D, axis=1)
        if np.any(srt[:, k - 1] == srt[:, k]):
            return True
    return False


# --------------------------------------------------------------------------------------
# running both


def _same_fitted(ours, ref):
    same_sampling_strategy(ours, ref)
    assert type(ours.categorical_encoder_) is type(ref.categorical_encoder_)
    for a, b in zip(
        ours.categorical_encoder_.categories_, ref.categorical_encoder_.categories_
    ):
        assert np.array_equal(a, b) and a.dtype == b.dtype
    assert ours.n_features_in_ == ref.n_features_in_
    assert ours.nn_k_.n_neighbors == ref.nn_k_.n_neighbors


def run_both(X, y, random_state=0, **params):
    return _helpers.run_both(
        SMOTEN,
        RefSMOTEN,
        X,
        y,
        random_state,
        errors=(ValueError, TypeError, IndexError),
        check_fitted=_same_fitted,
        **params,
    )


def _strategy(kind, y):
    if kind == "callable":  # one class only: 25 more of the last
        last = np.unique(y)[-1]
        return lambda y_: {last: int(np.sum(y_ == last) + 25)}
    return strategy_for(kind, y)


# --------------------------------------------------------------------------------------
# parity


CASES = [
    # (seed, n_classes, kind, random_state, k)
    (0, 2, "int", 0, 5),
    (1, 2, "str", 1, 3),
    (2, 3, "object", "rs2", 5),
    (3, 4, "int", "global3", 4),
    (4, 2, "object", 4, 1),
    (5, 3, "str", "rs5", 2),
    (6, 2, "float", 6, 5),
    (7, 5, "int", 7, 3),
    (8, 3, "int", "global8", 6),
    (9, 2, "str", "rs9", 4),
    (10, 4, "object", 10, 5),
    (11, 2, "int", 11, 7),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"seed{c[0]}-{c[1]}cls-{c[2]}")
def test_parity_random_datasets(case):
    seed, n_classes, kind, random_state, k = case
    X, y = make_categorical(seed, n_classes=n_classes, kind=kind)
    assert not boundary_ties(X, y, k)
    (X_res, y_res), _ = run_both(X, y, random_state=random_state, k_neighbors=k)
    assert X_res.dtype == X.dtype and y_res.dtype == y.dtype


@pytest.mark.parametrize("kind", ["auto", *_helpers.OVER_KINDS])
def test_parity_sampling_strategies(kind):
    n_classes = 2 if kind == "float" else 3
    X, y = make_categorical(20, n_classes=n_classes, kind="str")
    assert not boundary_ties(X, y, 5)
    run_both(X, y, random_state="global4", sampling_strategy=_strategy(kind, y))
    run_both(X, y, random_state=4, sampling_strategy=_strategy(kind, y))


def test_parity_string_labels_and_dataframe():
    X, y = make_categorical(30, n_classes=3, kind="int")
    assert not boundary_ties(X, y, 5)
    df = pd.DataFrame(
        {
            "colour": np.char.add("c", X[:, 0].astype(str)),
            "size": X[:, 1],  # int64 column stays int64
            "grade": pd.Categorical(X[:, 2]),
            "code": X[:, 3].astype(np.int32),
            **{f"f{j}": X[:, j] for j in range(4, X.shape[1])},
        }
    )
    labels = np.array(["rare", "common", "other"], dtype=object)[y]
    y_series = pd.Series(labels, name="target")
    (X_res, _), _ = run_both(df, y_series, random_state=0)
    assert isinstance(X_res, pd.DataFrame) and list(X_res.dtypes) == list(df.dtypes)
    run_both(df.to_numpy(), labels, random_state="rs1")
    run_both(X.tolist(), y.tolist(), random_state=2)


def test_one_hot_target():
    X, y = make_categorical(31, n_classes=3, kind="int")
    Y = np.eye(3, dtype=int)[y]
    run_both(X, Y, random_state=0)


@pytest.mark.parametrize("seed", range(4))
def test_parity_with_ties_through_sklearn_estimator(seed):
    """Duplicates and identical class profiles everywhere: with scikit-learn's
    NearestNeighbors both fit the same precomputed matrix."""
    rng = np.random.RandomState(seed)
    X = rng.randint(0, 3, size=(150, 2 + seed % 2))
    y = np.where(rng.rand(150) < 0.3, 1, 0)
    if seed % 2:
        y[rng.rand(150) < 0.15] = 2
    assert boundary_ties(X, y, 5)
    (_, _), ours = run_both(
        X, y, random_state=seed, k_neighbors=SkNearestNeighbors(n_neighbors=6)
    )
    assert (
        isinstance(ours.nn_k_, SkNearestNeighbors)
        and ours.nn_k_.metric == "precomputed"
    )
    assert hasattr(ours.nn_k_, "n_samples_fit_")
    run_both(
        X, y, random_state=seed, k_neighbors=_CustomNearestNeighbors(n_neighbors=4)
    )


def test_int_k_and_estimators_agree_without_ties():
    X, y = make_categorical(40, n_classes=3, kind="object")
    assert not boundary_ties(X, y, 4)
    base, _ = run_both(X, y, random_state=0, k_neighbors=4)
    sk, _ = run_both(
        X, y, random_state=0, k_neighbors=SkNearestNeighbors(n_neighbors=5)
    )
    ours = SMOTEN(random_state=0, k_neighbors=NearestNeighbors(n_neighbors=5))
    X_res, _ = ours.fit_resample(X, y)
    assert np.array_equal(base[0], sk[0]) and np.array_equal(base[0], X_res)
    assert type(ours.nn_k_) is NearestNeighbors


def test_sparse_input_warns_and_keeps_format():
    X, y = make_categorical(50, n_features=3, kind="int")
    for fmt in ("csr", "csc"):
        Xs = sparse.csr_matrix(X) if fmt == "csr" else sparse.csc_matrix(X)
        results = []
        for cls in (SMOTEN, RefSMOTEN):
            with pytest.warns(DataConversionWarning, match="is not really efficient"):
                results.append(cls(random_state=0).fit_resample(Xs, y))
        assert_same(results[0], results[1])
        assert results[0][0].format == fmt


def test_custom_encoder_and_fitted_attributes():
    X, y = make_categorical(60, kind="str")
    encoder = OrdinalEncoder(dtype=np.int64)
    (_, _), ours = run_both(X, y, random_state=0, categorical_encoder=encoder)
    assert (
        ours.categorical_encoder_ is not encoder
        and ours.categorical_encoder_.dtype == np.int64
    )
    (_, _), ours = run_both(
        X, y, random_state=0, categorical_encoder=OrdinalEncoder(dtype=float)
    )
    ours = SMOTEN(random_state=0).fit(X, y)
    assert not hasattr(ours, "categorical_encoder_")
    ours.fit_resample(X, y)
    assert isinstance(ours.categorical_encoder_, OrdinalEncoder)
    assert ours.categorical_encoder_.dtype == np.int32
    assert type(ours.nn_k_) is NearestNeighbors and ours.nn_k_.n_neighbors == 6
    assert list(ours.sampling_strategy_.items()) == list(
        RefSMOTEN(random_state=0).fit(X, y).sampling_strategy_.items()
    )


def test_nothing_to_generate():
    X, y = make_categorical(61, kind="object")
    labels, counts = np.unique(y, return_counts=True)
    (X_res, _), _ = run_both(X, y, sampling_strategy=dict(zip(labels, counts.tolist())))
    assert np.array_equal(X_res, X) and X_res is not X


def test_imblearn_doc_examples():
    X = np.array(["green"] * 5 + ["red"] * 10 + ["blue"] * 7, dtype=object).reshape(
        -1, 1
    )
    y = np.array(
        ["apple"] * 5
        + ["not apple"] * 3
        + ["apple"] * 7
        + ["not apple"] * 5
        + ["apple"] * 2,
        dtype=object,
    )
    (X_res, y_res), _ = run_both(X, y, random_state=0)
    assert np.all(X_res[22:] == "blue") and np.all(y_res[22:] == "not apple")
    X = np.array(["A"] * 10 + ["B"] * 20 + ["C"] * 30, dtype=object).reshape(-1, 1)
    y = np.array([0] * 20 + [1] * 40, dtype=np.int32)
    run_both(X, y, random_state=0)


# --------------------------------------------------------------------------------------
# kernels: the metric, the tie rule, the vote


def _table(X, y):
    enc = OrdinalEncoder(dtype=np.int32).fit(X)
    codes = np.ascontiguousarray(enc.transform(X), dtype=np.int32)
    sizes = [len(c) for c in enc.categories_]
    offsets = np.r_[0, np.cumsum(sizes)].astype(np.int64)
    classes, labels = np.unique(y, return_inverse=True)
    proba = _core.vdm_class_probabilities(
        codes, labels.astype(np.int64), offsets, classes.size
    )
    vdm = ValueDifferenceMetric(n_categories=sizes).fit(codes, y)
    return codes, offsets, proba, vdm


@pytest.mark.parametrize(
    ("n", "n_features", "n_classes"),
    [(150, 4, 2), (120, 3, 11), (60, 2, 140), (700, 3, 3)],
)
def test_vdm_matrix_is_bit_equal(n, n_features, n_classes):
    """Covers numpy's pairwise sum over >= 8 and > 128 classes and scipy's
    distance_matrix loop branch (m * n * k > 1e6)."""
    rng = np.random.RandomState(n)
    X = rng.randint(0, 7, size=(n, n_features))
    y = rng.randint(0, n_classes, size=n)
    codes, offsets, proba, vdm = _table(X, y)
    assert np.array_equal(proba, np.vstack(vdm.proba_per_class_))
    assert np.array_equal(
        _core.vdm_pairwise(codes, proba, offsets, 2), vdm.pairwise(codes)
    )


def test_neighbours_self_first_then_distance_and_index():
    rng = np.random.RandomState(3)
    X = rng.randint(0, 3, size=(200, 2))  # heavy ties and duplicates
    y = (rng.rand(200) < 0.4).astype(int)
    codes, offsets, proba, vdm = _table(X, y)
    D = vdm.pairwise(codes)
    k = 6
    rows = np.arange(200, dtype=np.int64)[::-1].copy()
    got = _core.vdm_kneighbors(codes, proba, offsets, rows, k + 1, 1)
    for i, q in enumerate(rows):
        others = np.delete(np.arange(200), q)
        order = others[np.lexsort((others, D[q, others]))]
        assert got[i, 0] == q
        assert np.array_equal(got[i, 1:], order[:k])


def test_vote_is_scipy_mode():
    rng = np.random.RandomState(0)
    codes = rng.randint(0, 4, size=(50, 6)).astype(np.int32)
    for width in (1, 2, 5, 8):
        nbrs = rng.randint(0, 50, size=(300, width)).astype(np.int64)
        expected = np.squeeze(mode(codes[nbrs], axis=1, keepdims=True).mode, axis=1)
        assert np.array_equal(_core.neighbour_mode(codes, nbrs, 1), expected)


def test_no_dense_matrix_with_int_k(monkeypatch):
    def boom(*args, **kwargs):
        raise AssertionError("the n x n VDM matrix was built")

    monkeypatch.setattr(_smoten._core, "vdm_pairwise", boom)
    X, y = make_categorical(70, kind="int")
    SMOTEN(random_state=0).fit_resample(X, y)


def test_same_bytes_for_one_and_two_threads(monkeypatch):
    X, y = make_categorical(80, n=5000, n_classes=3, n_features=6, kind="int")
    results = []
    for n in (1, 2):
        monkeypatch.setattr(_smoten, "_n_threads", lambda _n=n: _n)
        X_res, y_res = SMOTEN(random_state=0).fit_resample(X, y)
        results.append((X_res.tobytes(), y_res.tobytes()))
    assert results[0] == results[1]
    codes, offsets, proba, _ = _table(X, y)
    rows = np.arange(codes.shape[0], dtype=np.int64)
    a = _core.vdm_kneighbors(codes, proba, offsets, rows[:1500], 6, 1)
    b = _core.vdm_kneighbors(codes, proba, offsets, rows[:1500], 6, 2)
    assert np.array_equal(a, b)
    nbrs = np.ascontiguousarray(a)
    assert np.array_equal(
        _core.neighbour_mode(codes, nbrs, 1), _core.neighbour_mode(codes, nbrs, 2)
    )


# --------------------------------------------------------------------------------------
# API and bad input


@parametrize_with_checks([SMOTEN(random_state=0)])
def test_imblearn_estimator_checks(estimator, check):
    check(estimator)


def test_param_validation():
    check_param_validation("SMOTEN", SMOTEN(random_state=0))


def test_signature_matches_imblearn():
    assert_drop_in_signature(SMOTEN, RefSMOTEN)
    assert isinstance(SMOTEN(), _smoten.SMOTE)


def test_bad_parameters():
    X, y = make_categorical(90, kind="int")
    for params in (
        {"k_neighbors": 0},
        {"k_neighbors": "a"},
        {"categorical_encoder": "onehot"},
        {"sampling_strategy": "bad"},
    ):
        for cls in (SMOTEN, RefSMOTEN):
            with pytest.raises(InvalidParameterError):
                cls(**params).fit_resample(X, y)


def test_bad_input():
    X, y = make_categorical(91, kind="int")
    # a class smaller than k_neighbors + 1
    y_small = np.r_[np.zeros(len(y) - 3, dtype=int), np.ones(3, dtype=int)]
    for cls in (SMOTEN, RefSMOTEN):
        with pytest.raises(ValueError, match="n_neighbors"):
            cls(k_neighbors=5).fit_resample(X, y_small)
    # NaN in a float array
    Xf = X.astype(float)
    Xf[3, 1] = np.nan
    run_both(Xf, y)
    # an encoder giving negative codes
    for cls in (SMOTEN, RefSMOTEN):
        with pytest.raises(ValueError, match=r"[Nn]egative"):
            cls(categorical_encoder=_ShiftedEncoder(shift=-1)).fit_resample(X, y)
    # an encoder giving codes past its categories: imbalanced-learn fails in numpy
    run_both(X, y, categorical_encoder=_ShiftedEncoder(shift=1))
    # multilabel targets, mismatched lengths, an estimator without `metric`
    run_both(X, np.c_[y, y])
    run_both(X, y[:-1])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run_both(X, y, k_neighbors=_NoMetric())
    # a float ratio for a multiclass target
    X3, y3 = make_categorical(92, n_classes=3, kind="int")
    run_both(X3, y3, sampling_strategy=0.5)


class _ShiftedEncoder(OrdinalEncoder):
    """Ordinal codes shifted by ``shift`` (out of the range the VDM accepts)."""

    def __init__(self, shift=-1):
        super().__init__(dtype=np.int32)
        self.shift = shift

    def fit_transform(self, X, y=None):
        return super().fit_transform(X) + self.shift

    def inverse_transform(self, X):
        return super().inverse_transform(X - self.shift)


class _NoMetric(_CustomNearestNeighbors):
    def __init__(self, n_neighbors=3):
        self.n_neighbors = n_neighbors


def test_kernel_input_checks():
    codes = np.zeros((4, 2), dtype=np.int32)
    offsets = np.array([0, 2, 4], dtype=np.int64)
    proba = np.full((4, 2), 0.5)
    rows = np.arange(4, dtype=np.int64)
    with pytest.raises(ValueError, match="n_neighbors"):
        _core.vdm_kneighbors(codes, proba, offsets, rows, 5, 1)
    with pytest.raises(IndexError):
        _core.vdm_kneighbors(codes, proba, offsets, rows + 1, 2, 1)
    bad = codes.copy()
    bad[1, 1] = 2
    with pytest.raises(ValueError, match="outside"):
        _core.vdm_pairwise(bad, proba, offsets, 1)
    with pytest.raises(IndexError):
        _core.neighbour_mode(codes, np.array([[0, 4]], dtype=np.int64), 1)
    with pytest.raises(TypeError):
        _core.neighbour_mode(
            codes.astype(np.int64), np.zeros((1, 1), dtype=np.int64), 1
        )
