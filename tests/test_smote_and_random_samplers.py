"""Output parity of imbfast's samplers with imbalanced-learn 0.14.2.

Same data and same ``random_state`` (int, RandomState or None with
``np.random.seed``) must give identical output (``np.array_equal`` and the
same dtype), identical fitted attributes, and leave a shared random stream in
the same state. imbalanced-learn is the test oracle only.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pytest
from scipy import sparse
from sklearn.neighbors import NearestNeighbors as SkNearestNeighbors

imblearn = pytest.importorskip("imblearn")
pd = pytest.importorskip("pandas")

from imblearn.over_sampling import SMOTE as RefSMOTE
from imblearn.over_sampling import RandomOverSampler as RefROS
from imblearn.under_sampling import RandomUnderSampler as RefRUS

import _helpers
import imbfast.neighbors
from _helpers import (
    RANDOM_STATES,
    dataset_id,
    datasets,
    same_sampling_strategy,
    strategy_cases,
    strategy_data,
)
from imbfast.over_sampling import SMOTE, RandomOverSampler
from imbfast.over_sampling import _smote as smote_module
from imbfast.under_sampling import RandomUnderSampler

PAIRS = {
    "SMOTE": (SMOTE, RefSMOTE),
    "ROS": (RandomOverSampler, RefROS),
    "RUS": (RandomUnderSampler, RefRUS),
}


# --------------------------------------------------------------------------------------
# helpers

# a random imbalanced data set; every class has at least 12 samples
make_data = partial(_helpers.make_data, min_share=0.06, flip_y=0, class_sep=1.0)


def assert_same_fit(ours, ref):
    same_sampling_strategy(ours, ref)
    assert ours.n_features_in_ == ref.n_features_in_
    if hasattr(ref, "sample_indices_"):
        assert ours.sample_indices_.dtype == ref.sample_indices_.dtype
        assert np.array_equal(ours.sample_indices_, ref.sample_indices_)
    if hasattr(ref, "shrinkage_"):
        assert ours.shrinkage_ == ref.shrinkage_


def run_both(name, X, y, random_state=0, **params):
    """fit_resample with both libraries from the same random state.

    ``random_state`` may be an int, ``"rs<seed>"`` (a fresh RandomState each) or
    ``"global<seed>"`` (None after ``np.random.seed``). Streams left behind are
    compared too.
    """
    return _helpers.run_both(
        *PAIRS[name],
        X,
        y,
        random_state,
        check_fitted=assert_same_fit,
        same={"lists_as_arrays": True, "equal_nan": True},
        **params,
    )


DATASETS = datasets((2, 3, 4), (2, 5, 17, 40))


# --------------------------------------------------------------------------------------
# SMOTE


@pytest.mark.parametrize("case", DATASETS, ids=dataset_id)
@pytest.mark.parametrize("random_state", RANDOM_STATES)
def test_smote_parity(case, random_state):
    n_classes, n_features, dtype = case
    seed = n_classes * 100 + n_features
    X, y = make_data(seed, n_classes, n_features, dtype)
    (X_res, _), sampler = run_both("SMOTE", X, y, random_state=random_state)
    assert X_res.dtype == dtype
    assert isinstance(sampler.nn_k_, imbfast.neighbors.NearestNeighbors)
    assert sampler.nn_k_.n_neighbors == 6


@pytest.mark.parametrize(
    ("n_classes", "kind"),
    strategy_cases(
        ["minority", "not minority", "not majority", "all", "dict", "callable", "float"]
    ),
)
def test_smote_parity_every_strategy(n_classes, kind):
    for seed, X, y, strategy in strategy_data(
        kind, n_classes, 6, range(3), minority_extra=3
    ):
        run_both("SMOTE", X, y, random_state=seed, sampling_strategy=strategy)
        run_both(
            "SMOTE",
            X.astype(np.float32),
            y,
            random_state=f"rs{seed}",
            sampling_strategy=strategy,
        )


@pytest.mark.parametrize("seed", range(40))
def test_smote_parity_many_seeds(seed):
    rng = np.random.RandomState(seed)
    n_classes = int(rng.randint(2, 5))
    n_features = int(rng.choice([1, 2, 3, 8, 15, 16, 25]))
    dtype = np.float32 if seed % 2 else np.float64
    n_samples = int(rng.randint(120, 600))
    X, y = make_data(seed, n_classes, max(n_features, 2), dtype, n_samples=n_samples)
    X = X[:, :n_features]
    k = int(rng.randint(1, 8))
    run_both("SMOTE", X, y, random_state=seed, k_neighbors=k)


def test_smote_parity_large_classes():
    """Classes big enough for the kd-tree path and several threads."""
    X, y = make_data(11, 3, 8, np.float64, n_samples=6000)
    run_both("SMOTE", X, y, random_state=4)
    run_both("SMOTE", X.astype(np.float32), y, random_state="rs4")


def test_smote_parity_neighbours_estimator():
    """An estimator for k_neighbors is used as imbalanced-learn uses it."""
    X, y = make_data(5, 3, 4, np.float64)
    nn = SkNearestNeighbors(n_neighbors=4)
    _, sampler = run_both("SMOTE", X, y, random_state=1, k_neighbors=nn)
    assert isinstance(sampler.nn_k_, SkNearestNeighbors)
    assert sampler.nn_k_ is not nn
    ours_nn = imbfast.neighbors.NearestNeighbors(n_neighbors=3)
    run_both("SMOTE", X, y, random_state=1, k_neighbors=ours_nn)


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.float16])
def test_smote_parity_other_dtypes(dtype):
    """Integer data: synthetic values truncated to int, as imbalanced-learn does."""
    X, y = make_data(3, 3, 5, np.float64)
    scale = 1e5 if np.issubdtype(dtype, np.integer) else 1.0
    Xd = (X * scale).astype(dtype)
    (X_res, _), _ = run_both("SMOTE", Xd, y, random_state=2)
    assert X_res.dtype == dtype
    # Exact whatever the neighbour ties: the same kNN estimator on both sides.
    run_both(
        "SMOTE", Xd, y, random_state=2, k_neighbors=SkNearestNeighbors(n_neighbors=6)
    )


def test_smote_duplicates():
    """Exact duplicates: imbfast excludes each row from its own neighbours by
    index (imbalanced-learn drops column 0, which may be a duplicate), so the
    int path can differ there; an explicit estimator still matches exactly."""
    X, y = make_data(13, 2, 4, np.float64)
    X = np.vstack([X, X[y == 1][:5], X[y == 1][:5]])
    y = np.concatenate([y, np.ones(10, dtype=y.dtype)])
    X_res, y_res = SMOTE(random_state=0).fit_resample(X, y)
    assert np.bincount(y_res).tolist() == [np.bincount(y).max()] * 2
    for k_neighbors in (5, imbfast.neighbors.NearestNeighbors(n_neighbors=6)):
        sampler = SMOTE(random_state=0, k_neighbors=k_neighbors)
        X_again, _ = sampler.fit_resample(X, y)
        assert np.array_equal(X_again, X_res)
        nns = sampler.nn_k_.kneighbors(None, n_neighbors=5, return_distance=False)
        assert not np.any(nns == np.arange(len(nns))[:, None])
    run_both(
        "SMOTE", X, y, random_state=0, k_neighbors=SkNearestNeighbors(n_neighbors=6)
    )


def test_smote_parity_layouts():
    """Fortran-ordered and strided inputs give the C-ordered result."""
    X, y = make_data(8, 2, 10, np.float64)
    run_both("SMOTE", np.asfortranarray(X), y, random_state=0)
    run_both("SMOTE", X[:, ::2], y, random_state=0)
    run_both("SMOTE", X[::-1], y[::-1], random_state=0)
    run_both(
        "SMOTE", np.asfortranarray(X.astype(np.float32))[:, 1:7], y, random_state=0
    )


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_smote_parity_sparse(fmt):
    X, y = make_data(2, 3, 6, np.float64)
    X[np.abs(X) < 0.8] = 0.0
    Xs = sparse.csr_matrix(X).asformat(fmt)
    run_both("SMOTE", Xs, y, random_state=0)
    run_both("SMOTE", Xs.astype(np.float32), y, random_state="rs2")


# the sampling_strategy forms both random samplers take, besides "minority" (ROS)
# and "majority" (RUS)
KINDS = ["not minority", "not majority", "all", "auto", "dict", "callable", "float"]


# --------------------------------------------------------------------------------------
# RandomOverSampler


@pytest.mark.parametrize("case", DATASETS[::3], ids=dataset_id)
@pytest.mark.parametrize("random_state", RANDOM_STATES)
@pytest.mark.parametrize("shrinkage", [None, 0.0, 1.3])
def test_ros_parity(case, random_state, shrinkage):
    n_classes, n_features, dtype = case
    X, y = make_data(n_classes + n_features, n_classes, n_features, dtype)
    (X_res, _), _ = run_both(
        "ROS", X, y, random_state=random_state, shrinkage=shrinkage
    )
    # imbalanced-learn's quirk: the smoothed bootstrap returns float64.
    assert X_res.dtype == (dtype if shrinkage is None else np.float64)


@pytest.mark.parametrize(("n_classes", "kind"), strategy_cases(["minority", *KINDS]))
def test_ros_parity_every_strategy(n_classes, kind):
    for seed, X, y, strategy in strategy_data(
        kind, n_classes, 4, range(3), minority_extra=3
    ):
        run_both("ROS", X, y, random_state=seed, sampling_strategy=strategy)
        run_both(
            "ROS",
            X,
            y,
            random_state=f"rs{seed}",
            sampling_strategy=strategy,
            shrinkage=0.5,
        )


def test_ros_parity_shrinkage_dict_and_int_data():
    X, y = make_data(1, 3, 3, np.float64)
    shrink = {0: 0.1, 1: 2.0, 2: 0.0}
    run_both("ROS", X, y, random_state=0, shrinkage=shrink, sampling_strategy="all")
    run_both("ROS", (X * 100).astype(np.int64), y, random_state=0, shrinkage=0.7)


def test_ros_parity_unvalidated_data():
    """Strings, NaN and object columns are only copied."""
    rng = np.random.RandomState(0)
    y = rng.randint(0, 3, 60)
    strings = np.array(["a", "bb", "ccc"])[rng.randint(0, 3, (60, 2))]
    run_both("ROS", strings, y, random_state=0)
    with_nan = rng.rand(60, 3)
    with_nan[rng.rand(60, 3) < 0.2] = np.nan
    run_both("ROS", with_nan, y, random_state=0)
    mixed = np.empty((60, 2), dtype=object)
    mixed[:, 0] = list(range(60))
    mixed[:, 1] = ["x"] * 60
    run_both("ROS", mixed, y, random_state=0)


# --------------------------------------------------------------------------------------
# RandomUnderSampler


@pytest.mark.parametrize("case", DATASETS[::3], ids=dataset_id)
@pytest.mark.parametrize("random_state", RANDOM_STATES)
@pytest.mark.parametrize("replacement", [False, True])
def test_rus_parity(case, random_state, replacement):
    n_classes, n_features, dtype = case
    X, y = make_data(n_classes * n_features, n_classes, n_features, dtype)
    run_both("RUS", X, y, random_state=random_state, replacement=replacement)


@pytest.mark.parametrize(("n_classes", "kind"), strategy_cases(["majority", *KINDS]))
def test_rus_parity_every_strategy(n_classes, kind):
    for seed, X, y, strategy in strategy_data(kind, n_classes, 4, range(3), "under"):
        for replacement in (False, True):
            run_both(
                "RUS",
                X,
                y,
                random_state=f"global{seed}",
                sampling_strategy=strategy,
                replacement=replacement,
            )


def test_rus_parity_zero_kept_and_strings():
    """A class kept at size 0 still consumes a permutation; string labels."""
    X, y = make_data(4, 3, 3, np.float64)
    labels = np.array(["cat", "dog", "eel"])[y]
    run_both(
        "RUS", X, labels, random_state="rs1", sampling_strategy={"cat": 0, "eel": 5}
    )
    run_both("RUS", X.astype(str), labels, random_state=3)


# --------------------------------------------------------------------------------------
# containers (pandas, lists, one-hot targets)


@pytest.mark.parametrize("name", ["SMOTE", "ROS", "RUS"])
def test_parity_pandas(name):
    X, y = make_data(6, 3, 4, np.float64)
    df = pd.DataFrame(
        {
            "f64": X[:, 0],
            "f32": X[:, 1].astype(np.float32),
            "i64": (X[:, 2] * 1000).astype(np.int64),
            "w": X[:, 3],
        },
        index=np.arange(1000, 1000 + len(y)),
    )
    series = pd.Series(np.array(["lo", "mid", "hi"])[y], name="target", index=df.index)
    (X_res, y_res), _ = run_both(name, df, series, random_state=0)
    assert list(X_res.columns) == list(df.columns)
    assert X_res.dtypes.tolist() == df.dtypes.tolist()
    assert y_res.name == "target"
    run_both(name, df, series.astype("category"), random_state=0)
    run_both(name, df, pd.DataFrame({"t": y}), random_state=0)


@pytest.mark.parametrize("name", ["ROS", "RUS"])
def test_parity_pandas_mixed_columns(name):
    rng = np.random.RandomState(0)
    n = 50
    df = pd.DataFrame(
        {
            "num": rng.rand(n),
            "txt": rng.choice(["a", "b"], n),
            "when": pd.date_range("2020-01-01", periods=n, freq="D"),
            "cat": pd.Categorical(rng.choice(["u", "v"], n)),
        }
    )
    y = pd.Series((rng.rand(n) < 0.3).astype(int), name="y")
    run_both(name, df, y, random_state=0)


@pytest.mark.parametrize("name", ["SMOTE", "ROS", "RUS"])
def test_parity_lists_and_one_hot(name):
    X, y = make_data(7, 3, 3, np.float64)
    (X_res, y_res), _ = run_both(name, X.tolist(), y.tolist(), random_state=0)
    assert isinstance(X_res, list)
    assert isinstance(y_res, list)
    one_hot = np.eye(3, dtype=int)[y]
    (_, y_res), _ = run_both(name, X, one_hot, random_state=0)
    assert y_res.shape[1] == 3


@pytest.mark.parametrize("name", ["ROS", "RUS"])
@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_parity_sparse_selection(name, fmt):
    X, y = make_data(9, 3, 6, np.float64)
    X[np.abs(X) < 0.7] = 0.0
    run_both(name, sparse.csr_matrix(X).asformat(fmt), y, random_state=0)
    if name == "ROS":
        run_both(
            name, sparse.csr_matrix(X).asformat(fmt), y, random_state=0, shrinkage=0.4
        )


# --------------------------------------------------------------------------------------
# thread-count independence


def _resample_bytes(X, y, threads, monkeypatch):
    monkeypatch.setattr(smote_module, "_n_threads", lambda: threads)
    monkeypatch.setattr(
        imbfast.neighbors, "effective_n_threads", lambda n_jobs=None: threads
    )
    X_res, y_res = SMOTE(random_state=0).fit_resample(X, y)
    return X_res.tobytes() + y_res.tobytes()


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_smote_same_bytes_for_any_thread_count(dtype, monkeypatch):
    X, y = make_data(21, 2, 6, dtype, n_samples=8000)
    one = _resample_bytes(X, y, 1, monkeypatch)
    two = _resample_bytes(X, y, 2, monkeypatch)
    four = _resample_bytes(X, y, 4, monkeypatch)
    assert one == two == four
