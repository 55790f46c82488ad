"""SVMSMOTE and KMeansSMOTE against imbalanced-learn 0.14.2.

Same data and ``random_state`` (int, RandomState, or None after ``np.random.seed``)
must give identical output (values, dtype, container), identical fitted
attributes, the same errors, and leave a shared random stream in the same
state. imbalanced-learn is the test oracle only.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.datasets import make_blobs
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import NearestNeighbors as SkNearestNeighbors
from sklearn.svm import SVC, NuSVC
from threadpoolctl import ThreadpoolController

imblearn = pytest.importorskip("imblearn")
pd = pytest.importorskip("pandas")

from imblearn.over_sampling import SVMSMOTE as RefSVMSMOTE
from imblearn.over_sampling import KMeansSMOTE as RefKMeansSMOTE
from imblearn.utils.estimator_checks import (
    check_param_validation,
)

import _helpers
import imbfast.neighbors
from _estimator_checks import parametrize_with_checks
from _helpers import (
    RANDOM_STATES,
    assert_both_reject,
    assert_drop_in_signature,
    assert_same_bytes_for_thread_counts,
    make_data,
    many_seeds_data,
    pin_threads,
    same_sampling_strategy,
    separated_classes,
    strategy_data,
)
from imbfast.over_sampling import _neighbours, _smote
from imbfast.over_sampling._kmeans_smote import KMeansSMOTE
from imbfast.over_sampling._svm_smote import SVMSMOTE

PAIRS = {"SVM": (SVMSMOTE, RefSVMSMOTE), "KMeans": (KMeansSMOTE, RefKMeansSMOTE)}


@pytest.fixture(autouse=True)
def _serial_sklearn_openmp():
    """scikit-learn's (MiniBatch)KMeans runs many tiny OpenMP regions; on a busy
    2-core machine their spin-waits made this file ten times slower. Limit
    scikit-learn's own OpenMP runtime (not imbfast's, when they are distinct
    libraries) to one thread; both sides of every comparison run under it."""
    controller = ThreadpoolController()
    openmp = [
        lib.filepath for lib in controller.select(user_api="openmp").lib_controllers
    ]
    own = [path for path in openmp if "scikit_learn" in path] or openmp
    with controller.select(filepath=own).limit(limits=1):
        yield


# --------------------------------------------------------------------------------------
# helpers (the data: overlapping imbalanced classes, support vectors in danger and safe)


def _same_fitted(ours, ref):
    same_sampling_strategy(ours, ref)
    assert type(ours.nn_k_).__name__ == type(ref.nn_k_).__name__
    assert ours.nn_k_.n_neighbors == ref.nn_k_.n_neighbors
    if hasattr(ref, "svm_estimator_"):
        assert ours.nn_m_.n_neighbors == ref.nn_m_.n_neighbors
        assert ours.svm_estimator_.get_params() == ref.svm_estimator_.get_params() or (
            # a shared RandomState: equal objects only when states agree
            isinstance(ref.random_state, np.random.RandomState)
        )
        if hasattr(ref.svm_estimator_, "support_"):
            assert np.array_equal(
                ours.svm_estimator_.support_, ref.svm_estimator_.support_
            )
    else:
        assert ours.cluster_balance_threshold_ == ref.cluster_balance_threshold_
        if hasattr(ref.kmeans_estimator_, "cluster_centers_"):
            assert np.array_equal(
                ours.kmeans_estimator_.cluster_centers_,
                ref.kmeans_estimator_.cluster_centers_,
            )
            assert np.array_equal(
                ours.kmeans_estimator_.labels_, ref.kmeans_estimator_.labels_
            )


def run_both(name, X, y, random_state=0, **params):
    """Resample with imbfast and imbalanced-learn; outputs, errors, fitted
    attributes and the state of a shared random stream must agree."""
    return _helpers.run_both(
        *PAIRS[name],
        X,
        y,
        random_state,
        errors=(ValueError, RuntimeError),
        error_key=lambda exc: (type(exc), str(exc).split(".")[0]),
        check_fitted=_same_fitted,
        **params,
    )


DATASETS = _helpers.datasets((2, 3), (2, 6, 20))
STRATEGIES = _helpers.OVER_STRATEGY_CASES


# --------------------------------------------------------------------------------------
# SVMSMOTE


@pytest.mark.parametrize("case", DATASETS, ids=_helpers.dataset_id)
@pytest.mark.parametrize("random_state", RANDOM_STATES)
def test_svm_parity(case, random_state):
    n_classes, n_features, dtype = case
    X, y = make_data(n_classes * 100 + n_features, n_classes, n_features, dtype)
    (X_res, _), sampler = run_both("SVM", X, y, random_state=random_state)
    assert X_res.dtype == dtype
    assert isinstance(sampler.nn_m_, imbfast.neighbors.NearestNeighbors)
    assert isinstance(sampler.nn_k_, imbfast.neighbors.NearestNeighbors)
    assert sampler.nn_m_.n_neighbors == 11
    assert sampler.nn_k_.n_neighbors == 6


@pytest.mark.parametrize("seed", range(16))
def test_svm_parity_many_seeds(seed):
    rng = np.random.RandomState(seed)
    X, y = many_seeds_data(
        seed,
        rng,
        [2, 3, 8, 15, 16, 25],
        flip_y=lambda rng: float(rng.choice([0.0, 0.1])),
    )
    k, m = int(rng.randint(1, 7)), int(rng.randint(2, 14))
    out_step = float(rng.choice([0.0, 0.25, 0.5, 1.0]))
    random_state = [seed, f"rs{seed}", f"global{seed}"][seed % 3]
    run_both(
        "SVM",
        X,
        y,
        random_state=random_state,
        k_neighbors=k,
        m_neighbors=m,
        out_step=out_step,
    )


@pytest.mark.parametrize(("n_classes", "kind"), STRATEGIES)
def test_svm_every_strategy(n_classes, kind):
    for seed, X, y, strategy in strategy_data(
        kind, n_classes, 4, range(2), seed_offset=40
    ):
        run_both("SVM", X, y, random_state=seed, sampling_strategy=strategy)
        run_both(
            "SVM",
            X.astype(np.float32),
            y,
            random_state=f"rs{seed}",
            sampling_strategy=strategy,
        )


def test_svm_custom_estimators():
    X, y = make_data(5, 3, 4)
    for svm in (
        SVC(kernel="linear", C=0.5),
        NuSVC(nu=0.3),
        SVC(C=3.0, random_state=3),
        SVC(gamma=2.0),
    ):
        for random_state in (1, "rs2", "global4"):
            run_both("SVM", X, y, random_state=random_state, svm_estimator=svm)
    _, s = run_both(
        "SVM",
        X,
        y,
        random_state=1,
        k_neighbors=SkNearestNeighbors(n_neighbors=4),
        m_neighbors=SkNearestNeighbors(n_neighbors=8),
    )
    assert isinstance(s.nn_m_, SkNearestNeighbors)
    assert isinstance(s.nn_k_, SkNearestNeighbors)
    run_both(
        "SVM",
        X,
        y,
        random_state="rs1",
        k_neighbors=imbfast.neighbors.NearestNeighbors(n_neighbors=3),
        m_neighbors=imbfast.neighbors.NearestNeighbors(n_neighbors=7),
    )


def test_svm_only_safe_or_only_danger_support_vectors():
    """A class whose support vectors are all safe (or all in danger) gets only
    that share of its samples, as in imbalanced-learn (#1130)."""
    X, y = separated_classes(3, n_samples=300)
    # m_neighbors=1: one other-class neighbour is noise and none is "danger"
    # (0 >= 0.5 is false), so only the extrapolated share is made.
    for m, random_state in ((1, 0), (1, "rs0"), (2, 0)):
        (_, y_res), _ = run_both("SVM", X, y, random_state=random_state, m_neighbors=m)
        counts = np.bincount(y_res)
        assert counts[1] < counts[0]
    # heavy overlap and many neighbours: every support vector in danger
    X, y = separated_classes(0.2, n_samples=300, weight=0.7, random_state=3)
    (_, y_res), _ = run_both("SVM", X, y, random_state=0, m_neighbors=40)
    counts = np.bincount(y_res)
    assert counts[1] < counts[0]


def test_svm_all_support_vectors_noise():
    rng = np.random.RandomState(0)
    X_maj = rng.randn(400, 2)
    X_min = rng.uniform(-2, 2, size=(6, 2)) + 0.01
    X = np.vstack([X_maj, X_min])
    y = np.r_[np.zeros(400, dtype=int), np.ones(6, dtype=int)]
    for cls in (SVMSMOTE, RefSVMSMOTE):
        with pytest.raises(
            ValueError, match="All support vectors are considered as noise"
        ):
            cls(random_state=0, k_neighbors=2).fit_resample(X, y)


def test_svm_estimator_without_support_vectors():
    X, y = make_data(1, 2, 4)
    for cls in (SVMSMOTE, RefSVMSMOTE):
        with pytest.raises(RuntimeError, match="support_"):
            cls(svm_estimator=LogisticRegression()).fit_resample(X, y)


def test_svm_sparse_integer_pandas():
    X, y = make_data(3, 2, 6)
    Xs = sparse.csr_matrix(np.where(np.abs(X) < 0.5, 0, X))
    _, s = run_both("SVM", Xs, y, random_state=0)
    assert isinstance(s.nn_k_, SkNearestNeighbors)
    run_both("SVM", Xs.tocsc(), y, random_state="rs1")
    for dtype in (np.int64, np.int32):
        (X_res, _), _ = run_both("SVM", (X * 1e4).astype(dtype), y, random_state=2)
        assert X_res.dtype == dtype
    df = pd.DataFrame(X, columns=list("abcdef"))
    run_both("SVM", df, pd.Series(y, name="target"), random_state=0)
    run_both("SVM", X.tolist(), y.tolist(), random_state=0)
    run_both("SVM", X, np.where(y == 1, "yes", "no"), random_state=0)


def test_svm_larger_data_kd_tree():
    X, y = make_data(11, 3, 8, n_samples=3000)
    run_both("SVM", X, y, random_state=4)
    run_both("SVM", X.astype(np.float32), y, random_state="rs4")


# --------------------------------------------------------------------------------------
# KMeansSMOTE

KMEANS_PARAMS = [
    {"kmeans_estimator": 3, "cluster_balance_threshold": 0.1},
    {"kmeans_estimator": MiniBatchKMeans(n_clusters=4, n_init=1, random_state=0)},
    {
        "kmeans_estimator": KMeans(n_clusters=5, n_init=2, random_state=1),
        "cluster_balance_threshold": 0.05,
        "density_exponent": 1.5,
    },
]


@pytest.mark.parametrize("case", DATASETS, ids=_helpers.dataset_id)
@pytest.mark.parametrize("random_state", RANDOM_STATES)
def test_kmeans_parity(case, random_state):
    n_classes, n_features, dtype = case
    X, y = make_data(n_classes * 10 + n_features, n_classes, n_features, dtype)
    # each estimator setting meets every dataset and every kind of random_state
    pick = (DATASETS.index(case) + RANDOM_STATES.index(random_state)) % len(
        KMEANS_PARAMS
    )
    (X_res, _), sampler = run_both(
        "KMeans", X, y, random_state=random_state, **KMEANS_PARAMS[pick]
    )
    assert X_res.dtype == dtype
    assert isinstance(sampler.nn_k_, imbfast.neighbors.NearestNeighbors)


@pytest.mark.parametrize("seed", range(16))
def test_kmeans_parity_many_seeds(seed):
    rng = np.random.RandomState(seed + 100)
    X, y = many_seeds_data(
        seed,
        rng,
        [2, 3, 8, 16, 25],
        (200, 600),
        class_sep=lambda rng: float(rng.uniform(0.5, 2)),
    )
    threshold = ["auto", float(rng.uniform(0, 0.3))][seed % 2]
    exponent = ["auto", float(rng.uniform(0.5, 3))][(seed // 2) % 2]
    random_state = [seed, f"rs{seed}", f"global{seed}"][seed % 3]
    run_both(
        "KMeans",
        X,
        y,
        random_state=random_state,
        k_neighbors=int(rng.randint(1, 4)),
        kmeans_estimator=int(rng.randint(1, 7)),
        cluster_balance_threshold=threshold,
        density_exponent=exponent,
    )


@pytest.mark.parametrize(("n_classes", "kind"), STRATEGIES)
def test_kmeans_every_strategy(n_classes, kind):
    for seed, X, y, strategy in strategy_data(
        kind, n_classes, 4, range(2), seed_offset=40
    ):
        run_both(
            "KMeans",
            X,
            y,
            random_state=seed,
            sampling_strategy=strategy,
            kmeans_estimator=2,
            cluster_balance_threshold=0.05,
        )
        run_both(
            "KMeans",
            X.astype(np.float32),
            y,
            random_state=f"rs{seed}",
            sampling_strategy=strategy,
            kmeans_estimator=3,
        )


def test_kmeans_default_estimator_and_auto_threshold():
    X, y = make_data(2, 2, 3, n_samples=800, class_sep=2)
    (_, y_res), s = run_both("KMeans", X, y, random_state=0)
    assert s.cluster_balance_threshold_ == "auto"
    assert isinstance(s.kmeans_estimator_, MiniBatchKMeans)
    assert s.kmeans_estimator_.n_clusters == 8
    # ceil per cluster: at least as many as asked for
    n_new = y_res.shape[0] - y.shape[0]
    assert n_new >= sum(s.sampling_strategy_.values())


def test_kmeans_single_cluster_and_neighbour_estimators():
    X, y = make_data(4, 3, 4)
    _, s = run_both("KMeans", X, y, random_state=0, kmeans_estimator=1)
    assert s.cluster_balance_threshold_ == -np.inf
    run_both(
        "KMeans",
        X,
        y,
        random_state="rs3",
        kmeans_estimator=MiniBatchKMeans(n_clusters=1, random_state=2),
        cluster_balance_threshold=0.9,
    )
    _, s = run_both(
        "KMeans",
        X,
        y,
        random_state=1,
        kmeans_estimator=3,
        cluster_balance_threshold=0.1,
        k_neighbors=SkNearestNeighbors(n_neighbors=4),
    )
    assert isinstance(s.nn_k_, SkNearestNeighbors)
    run_both(
        "KMeans",
        X,
        y,
        random_state="global1",
        kmeans_estimator=3,
        cluster_balance_threshold=0.1,
        k_neighbors=imbfast.neighbors.NearestNeighbors(n_neighbors=3),
    )
    # an unseeded clustering estimator refits per class on the global stream
    run_both(
        "KMeans",
        X,
        y,
        random_state="global2",
        kmeans_estimator=KMeans(n_clusters=2, n_init=1),
        cluster_balance_threshold=0.1,
    )


def test_kmeans_numpy_int_n_clusters():
    """A numpy integer is a number of clusters (imbalanced-learn fails to clone it)."""
    X, y = make_data(6, 2, 4)
    ours, _ = KMeansSMOTE(
        random_state=0, kmeans_estimator=np.int64(3), cluster_balance_threshold=0.1
    ).fit_resample(X, y)
    ref, _ = RefKMeansSMOTE(
        random_state=0, kmeans_estimator=3, cluster_balance_threshold=0.1
    ).fit_resample(X, y)
    assert np.array_equal(ours, ref)


def test_kmeans_no_cluster_found():
    X, y = make_data(7, 2, 4)
    for cls in (KMeansSMOTE, RefKMeansSMOTE):
        with pytest.raises(RuntimeError, match="No clusters found"):
            cls(
                random_state=0, kmeans_estimator=3, cluster_balance_threshold=1.5
            ).fit_resample(X, y)
    # imbalanced-learn's own case: clusters too small for k_neighbors
    blobs = [100, 800, 100]
    Xb, yb = make_blobs(blobs, centers=[(-10, 0), (0, 0), (10, 0)], random_state=0)
    run_both(
        "KMeans",
        Xb,
        yb == 1,
        random_state=0,
        k_neighbors=200,
        kmeans_estimator=MiniBatchKMeans(n_clusters=20, n_init=1, random_state=0),
    )


def test_kmeans_docstring_example():
    blobs = [100, 800, 100]
    X, y = make_blobs(blobs, centers=[(-10, 0), (0, 0), (10, 0)], random_state=0)
    X = np.concatenate([X, [[0, 0]]])
    y = np.append(y, 0) == 1
    (X_res, _), _ = run_both(
        "KMeans",
        X,
        y,
        random_state=42,
        kmeans_estimator=MiniBatchKMeans(n_init=1, random_state=0),
    )
    assert ((X_res[:, 0] > -5) & (X_res[:, 0] < 5)).sum() == blobs[1] + 1


def test_kmeans_sparse_integer_pandas():
    X, y = make_data(3, 2, 6)
    Xs = sparse.csr_matrix(np.where(np.abs(X) < 0.5, 0, X))
    _, s = run_both(
        "KMeans",
        Xs,
        y,
        random_state=0,
        kmeans_estimator=3,
        cluster_balance_threshold=0.1,
    )
    assert isinstance(s.nn_k_, SkNearestNeighbors)
    run_both(
        "KMeans",
        Xs.tocsc(),
        y,
        random_state="rs1",
        kmeans_estimator=3,
        cluster_balance_threshold=0.1,
    )
    for dtype in (np.int64, np.int32):
        (X_res, _), _ = run_both(
            "KMeans",
            (X * 1e4).astype(dtype),
            y,
            random_state=2,
            kmeans_estimator=2,
            cluster_balance_threshold=0.1,
        )
        assert X_res.dtype == dtype
    df = pd.DataFrame(X, columns=list("abcdef"))
    run_both(
        "KMeans",
        df,
        pd.Series(y, name="target"),
        random_state=0,
        kmeans_estimator=2,
        cluster_balance_threshold=0.1,
    )
    run_both(
        "KMeans",
        np.asfortranarray(X),
        y,
        random_state=0,
        kmeans_estimator=2,
        cluster_balance_threshold=0.1,
    )


def test_kmeans_larger_data_kd_tree():
    X, y = make_data(12, 3, 8, n_samples=6000, class_sep=1.5)
    run_both(
        "KMeans",
        X,
        y,
        random_state=4,
        kmeans_estimator=4,
        cluster_balance_threshold=0.05,
        k_neighbors=5,
    )


# --------------------------------------------------------------------------------------
# shared: threads, API, bad input


def _set_threads(monkeypatch, n):
    pin_threads(
        monkeypatch, n, (_smote, _neighbours, imbfast.neighbors), (_smote, _neighbours)
    )


@pytest.mark.parametrize(
    "sampler",
    [
        SVMSMOTE(random_state=0),
        KMeansSMOTE(
            random_state=0,
            kmeans_estimator=2,
            cluster_balance_threshold=0.05,
            k_neighbors=5,
        ),
    ],
    ids=["svm", "kmeans"],
)
def test_same_bytes_for_one_and_two_threads(sampler, monkeypatch):
    # big enough (new rows x features) for the interpolation kernel to go parallel
    X, y = make_data(21, 2, 40, n_samples=8000, flip_y=0.2)
    assert_same_bytes_for_thread_counts(
        sampler, X, y, lambda n: _set_threads(monkeypatch, n)
    )


SAMPLERS = [SVMSMOTE(random_state=42), KMeansSMOTE(random_state=0)]


@parametrize_with_checks(SAMPLERS)
def test_imblearn_estimator_checks(estimator, check):
    check(estimator)


@pytest.mark.parametrize("sampler", SAMPLERS, ids=["svm", "kmeans"])
def test_param_validation(sampler):
    check_param_validation(type(sampler).__name__, sampler)


@pytest.mark.parametrize("name", ["SVM", "KMeans"])
def test_signature_and_bad_params(name):
    ours, ref = PAIRS[name]
    assert_drop_in_signature(ours, ref)
    X, y = make_data(0, 2, 3)
    bad = {
        "SVM": [
            {"m_neighbors": 0},
            {"k_neighbors": "a"},
            {"out_step": 1.5},
            {"out_step": -0.1},
            {"svm_estimator": "svc"},
        ],
        "KMeans": [
            {"kmeans_estimator": 0},
            {"kmeans_estimator": "km"},
            {"cluster_balance_threshold": "high"},
            {"density_exponent": "x"},
            {"n_jobs": 1.5},
            {"k_neighbors": 0},
        ],
    }[name]
    assert_both_reject(ours, ref, bad, X, y)


@pytest.mark.parametrize("name", ["SVM", "KMeans"])
def test_bad_input(name):
    ours, ref = PAIRS[name]
    X, y = make_data(0, 2, 3)
    X_nan = X.copy()
    X_nan[3, 1] = np.nan
    cases = [
        (X_nan, y, "NaN"),
        (X[:, :, None], y, "dim"),
        (X, y[:-1], "inconsistent numbers of samples"),
        (X, np.linspace(0, 1, len(y)), "Unknown label type"),
    ]
    for Xb, yb, msg in cases:
        for cls in (ours, ref):
            with pytest.raises(ValueError, match=msg):
                cls(random_state=0).fit_resample(Xb, yb)


def test_svm_class_too_small():
    rng = np.random.RandomState(0)
    X = np.r_[rng.randn(60, 3), rng.randn(4, 3) * 0.3 + 0.4]
    y = np.r_[np.zeros(60, dtype=int), np.ones(4, dtype=int)]
    for cls in (SVMSMOTE, RefSVMSMOTE):
        with pytest.raises(ValueError, match="n_neighbors"):
            cls(random_state=0, k_neighbors=5, m_neighbors=3).fit_resample(X, y)
    for cls in (SVMSMOTE, RefSVMSMOTE):
        with pytest.raises(ValueError, match="n_neighbors"):
            cls(random_state=0, m_neighbors=100).fit_resample(X, y)
