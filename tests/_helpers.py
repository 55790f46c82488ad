"""Helpers shared by the sampler tests: data, running imbfast and imbalanced-learn
side by side, and comparing what they return.

Each test file configures these (its data set shape, the fitted attributes its
estimators have) instead of keeping its own copy. The tests of an estimator are in
the file named after it (test_smote_and_random_samplers.py, test_tomek_enn_renn_allknn.py,
...; the README's "How the tests are organised" lists them); hypothesis settings,
strategies and oracles are in tests/_strategies.py. imbalanced-learn is the test
oracle only.
"""

from __future__ import annotations

import inspect
import warnings

import numpy as np
import pytest
from scipy import sparse
from sklearn.datasets import make_classification
from sklearn.utils._param_validation import InvalidParameterError

# --------------------------------------------------------------------------------------
# data


def make_data(
    seed,
    n_classes=2,
    n_features=5,
    dtype=np.float64,
    n_samples=300,
    *,
    weights=None,
    min_share=0.08,
    flip_y=0.05,
    class_sep=0.8,
    n_redundant=0,
):
    """An imbalanced, overlapping classification problem from ``make_classification``.

    Parameters
    ----------
    seed : int
        Seeds both the class weights and ``make_classification``.
    n_classes, n_features, n_samples : int
        Shape of the problem; ``min(n_features, 3)`` features are informative.
    dtype : dtype
        dtype of the returned ``X``.
    weights : sequence of float, default=None
        Class shares (the first ``n_classes - 1`` are used). ``None``: random
        shares, each class at least ``min_share``.
    min_share, flip_y, class_sep, n_redundant : float or int
        Passed on as named (``min_share`` only where ``weights`` is None).

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    """
    if weights is None:
        rng = np.random.RandomState(seed)
        shares = (
            rng.dirichlet(np.ones(n_classes)) * (1 - min_share * n_classes) + min_share
        )
        weights = list(shares[:-1])
    else:
        weights = list(weights)[: n_classes - 1]
    X, y = make_classification(
        n_samples=n_samples,
        n_features=n_features,
        n_informative=min(n_features, 3),
        n_redundant=n_redundant,
        n_classes=n_classes,
        n_clusters_per_class=1,
        weights=weights,
        class_sep=class_sep,
        flip_y=flip_y,
        random_state=seed,
    )
    return X.astype(dtype), y


def many_seeds_data(seed, rng, features, n_samples=(150, 500), **draws):
    """The data of a many-seeds parity test: ``make_data(seed, ...)`` with 2 to 4
    classes, ``rng.choice(features)`` features, float32 for odd seeds and
    ``rng.randint(*n_samples)`` rows; ``draws`` maps further ``make_data`` keywords
    to functions of ``rng``, drawn after those, in order."""
    n_classes = int(rng.randint(2, 5))
    n_features = int(rng.choice(features))
    dtype = np.float32 if seed % 2 else np.float64
    n = int(rng.randint(*n_samples))
    extra = {key: draw(rng) for key, draw in draws.items()}
    return make_data(seed, n_classes, n_features, dtype, n_samples=n, **extra)


def strategy_data(kind, n_classes, n_features, seeds, sampling_type="over", **options):
    """``(seed, X, y, strategy)`` for each of ``seeds``: ``make_data(seed +
    seed_offset, n_classes, n_features)`` (``seed_offset`` an option, default 0) and
    the ``sampling_strategy`` of the form ``kind`` for its labels
    (:func:`strategy_for` with ``sampling_type`` and the other ``options``)."""
    seed_offset = options.pop("seed_offset", 0)
    for seed in seeds:
        X, y = make_data(seed + seed_offset, n_classes, n_features)
        yield seed, X, y, strategy_for(kind, y, sampling_type, **options)


def separated_classes(class_sep, *, n_samples=200, weight=0.8, random_state=0):
    """Two classes ``class_sep`` apart, 4 features (2 informative), no label noise:
    a large ``class_sep`` puts no sample in danger, a small one every sample."""
    return make_classification(
        n_samples=n_samples,
        n_features=4,
        n_informative=2,
        n_redundant=0,
        weights=[weight],
        class_sep=class_sep,
        flip_y=0,
        random_state=random_state,
    )


def strategy_for(
    kind, y, sampling_type="over", *, minority_extra=30, list_labels=(0, -1)
):
    """``sampling_strategy`` of the form ``kind`` for the labels ``y``.

    ``"dict"``, ``"callable"``, ``"float"`` and ``"list"`` are built from ``y``
    (an over- or an under-sampling target, after ``sampling_type``); any other
    ``kind`` (``"auto"``, ``"minority"``, ...) is returned as it is.
    """
    labels, counts = np.unique(y, return_counts=True)
    over = sampling_type == "over"
    if kind == "dict":
        if over:
            return {
                labels[0]: int(counts.max() + 7),
                labels[-1]: int(counts[-1] + minority_extra),
            }
        return {labels[0]: int(counts.min() - 2), labels[-1]: int(counts[-1] // 2)}
    if kind == "callable":
        factor = 2.0 if over else 0.5

        def strategy(y_):
            return {
                lab: int(c * factor)
                for lab, c in zip(*np.unique(y_, return_counts=True))
            }

        return strategy
    if kind == "float":
        return 0.8 if over else 0.7
    if kind == "list":
        return [labels[i] for i in list_labels]
    return kind


def datasets(n_classes, n_features, dtypes=(np.float64, np.float32)):
    """Every ``(n_classes, n_features, dtype)`` case, in that nesting order."""
    return [(c, f, d) for c in n_classes for f in n_features for d in dtypes]


# the sampling_strategy forms of an over-sampler
OVER_KINDS = [
    "minority",
    "not minority",
    "not majority",
    "all",
    "dict",
    "callable",
    "float",
]


def strategy_cases(kinds, n_classes=(2, 3)):
    """``(n_classes, kind)`` pairs; float strategies exist for binary targets only."""
    return [
        (n, kind)
        for n in n_classes
        for kind in kinds
        if not (kind == "float" and n != 2)
    ]


# every (n_classes, kind) pair an over-sampler's parity tests run
OVER_STRATEGY_CASES = strategy_cases(OVER_KINDS)


def dataset_id(case):
    """pytest id of an ``(n_classes, n_features, dtype)`` case."""
    n_classes, n_features, dtype = case
    return f"{n_classes}cls-{n_features}d-{np.dtype(dtype).name}"


# the random_state forms every parity test runs: an int, a fresh RandomState
# ("rs<seed>") and None after np.random.seed ("global<seed>")
RANDOM_STATES = [0, 12345, "rs7", "global3"]


def resolve_random_state(random_state):
    """``"rs<seed>"``: a fresh RandomState; ``"global<seed>"``: seed numpy's global
    stream and return None; anything else as it is."""
    if isinstance(random_state, str) and random_state.startswith("rs"):
        return np.random.RandomState(int(random_state[2:]))
    if isinstance(random_state, str) and random_state.startswith("global"):
        np.random.seed(int(random_state[6:]))
        return None
    return random_state


# --------------------------------------------------------------------------------------
# comparing outputs


def assert_same(ours, ref, *, lists_as_arrays=False, equal_nan=False):
    """The same containers, dtypes and values (pandas index and names included).

    ``lists_as_arrays``: a list may also equal its peer as an array;
    ``equal_nan``: NaN equals NaN in float arrays.
    """
    import pandas as pd

    assert len(ours) == len(ref)
    for a, b in zip(ours, ref):
        assert type(a) is type(b), (type(a), type(b))
        if sparse.issparse(a):
            assert a.format == b.format
            assert a.dtype == b.dtype
            assert np.array_equal(a.toarray(), b.toarray())
        elif isinstance(a, pd.DataFrame):
            pd.testing.assert_frame_equal(a, b, check_exact=True)
        elif isinstance(a, pd.Series):
            pd.testing.assert_series_equal(a, b, check_exact=True)
        elif isinstance(a, list):
            assert a == b or (
                lists_as_arrays and np.array_equal(np.asarray(a), np.asarray(b))
            )
        else:
            assert a.dtype == b.dtype, (a.dtype, b.dtype)
            assert a.shape == b.shape
            assert np.array_equal(a, b, equal_nan=equal_nan and a.dtype.kind in "fc")


def assert_same_values(ours, ref, *, same_type=False):
    """``(X, y)`` pairs with the same X dtype and values (sparse X densified)."""
    (Xa, ya), (Xb, yb) = ours, ref
    if same_type:
        assert type(Xa) is type(Xb)
    if sparse.issparse(Xa):
        Xa, Xb = Xa.toarray(), Xb.toarray()
    assert Xa.dtype == Xb.dtype
    assert np.array_equal(Xa, Xb)
    assert np.array_equal(ya, yb)


def assert_same_stream(state_a, state_b):
    """Two ``RandomState.get_state()`` tuples are equal."""
    for a, b in zip(state_a, state_b):
        assert np.array_equal(a, b) if isinstance(a, np.ndarray) else a == b


def signature_of(cls):
    """``(name, kind, default)`` of each constructor parameter."""
    return [
        (p.name, p.kind, p.default) for p in inspect.signature(cls).parameters.values()
    ]


def check_signature_and_param_validation(name, ours, ref):
    """The same constructor signature as imbalanced-learn's class, and
    imbalanced-learn's ``check_param_validation`` passes on the default sampler."""
    from imblearn.utils.estimator_checks import check_param_validation

    assert signature_of(ours) == signature_of(ref)
    check_param_validation(name, ours())


def assert_drop_in_signature(ours, ref):
    """The same constructor parameters (names, order, kinds, defaults) as the
    imbalanced-learn class, each with a parameter constraint."""
    assert signature_of(ours) == signature_of(ref)
    assert set(ours._parameter_constraints) == {
        name for name, _, _ in signature_of(ours)
    }


# --------------------------------------------------------------------------------------
# running both libraries


def reference_class(name):
    """imbalanced-learn's sampler class called ``name``."""
    import imblearn.combine
    import imblearn.over_sampling
    import imblearn.under_sampling

    for module in (imblearn.over_sampling, imblearn.under_sampling, imblearn.combine):
        if hasattr(module, name):
            return getattr(module, name)
    raise KeyError(name)


def make_sampler(name, lib="ours", **params):
    """Sampler ``name`` of imbfast (``lib="ours"``) or of imbalanced-learn, with
    ``random_state=0`` where it has one, ``categorical_features=[0]`` for SMOTENC
    and a LogisticRegression for InstanceHardnessThreshold (its default random
    forest costs seconds per fit); ``params`` override these."""
    import imbfast

    cls = getattr(imbfast, name) if lib == "ours" else reference_class(name)
    kw = {}
    if "random_state" in inspect.signature(cls).parameters:
        kw["random_state"] = 0
    if name == "SMOTENC":
        kw["categorical_features"] = [0]
    if name == "InstanceHardnessThreshold":
        from sklearn.linear_model import LogisticRegression

        kw["estimator"] = LogisticRegression()
    kw.update(params)
    return cls(**kw)


def fit_resample_both(ours, ref, X, y, *, ignore=None):
    """``fit_resample`` with both samplers; warnings of category ``ignore`` (all
    with ``Warning``) silenced, none when None."""
    with warnings.catch_warnings():
        if ignore is not None:
            warnings.simplefilter("ignore", ignore)
        return ours.fit_resample(X, y), ref.fit_resample(X, y)


def run_both(
    ours_cls,
    ref_cls,
    X,
    y,
    random_state=0,
    *,
    errors=(),
    error_key=type,
    check_fitted=None,
    same=None,
    **params,
):
    """``fit_resample`` with both libraries from the same random state.

    ``random_state`` takes the forms of :func:`resolve_random_state`; the stream a
    RandomState or the global state is left in must agree too. An exception of a
    type in ``errors`` must be raised by both (compared by ``error_key(exc)``);
    then ``(None, ours)`` is returned. Otherwise the outputs must agree
    (:func:`assert_same` with the options ``same``) and ``check_fitted(ours, ref)``
    is run on the fitted samplers.

    Returns
    -------
    output : tuple or None
        imbfast's ``(X_res, y_res)``.
    sampler : estimator
        imbfast's fitted sampler.
    """
    outputs, states, fitted, raised = [], [], [], []
    for cls in (ours_cls, ref_cls):
        rs = resolve_random_state(random_state)
        sampler = cls(random_state=rs, **params)
        try:
            outputs.append(sampler.fit_resample(X, y))
            raised.append(None)
        except errors as exc:  # must fail the same way
            outputs.append(None)
            raised.append(error_key(exc))
        stream = rs if rs is not None else np.random.mtrand._rand
        states.append(None if isinstance(stream, int) else stream.get_state())
        fitted.append(sampler)
    assert raised[0] == raised[1]
    if raised[0] is not None:
        return None, fitted[0]
    assert_same(outputs[0], outputs[1], **(same or {}))
    if check_fitted is not None:
        check_fitted(*fitted)
    if states[0] is not None:
        assert_same_stream(states[0], states[1])
    return outputs[0], fitted[0]


def same_sampling_strategy(ours, ref):
    """``check_fitted`` for :func:`run_both`: the same ``sampling_strategy_``."""
    assert list(ours.sampling_strategy_.items()) == list(ref.sampling_strategy_.items())


def assert_same_bytes_for_thread_counts(sampler, X, y, set_threads, counts=(1, 2)):
    """``sampler.fit_resample(X, y)`` returns the same bytes under each thread
    count ``n`` of ``counts`` (``set_threads(n)`` pins it, see :func:`pin_threads`)."""
    results = []
    for n in counts:
        set_threads(n)
        X_res, y_res = sampler.fit_resample(X, y)
        results.append((X_res.tobytes(), y_res.tobytes()))
    assert results[0] == results[1]


def assert_both_reject(ours, ref, bad_params, X, y):
    """Each parameter set of ``bad_params`` makes ``fit_resample`` of both ``ours``
    and ``ref`` (imbalanced-learn's class) raise ``InvalidParameterError``."""
    for params in bad_params:
        for cls in (ours, ref):
            with pytest.raises(InvalidParameterError):
                cls(**params).fit_resample(X, y)


def pin_threads(monkeypatch, n, modules, n_threads_in=()):
    """Make imbfast use ``n`` threads: ``effective_n_threads`` in each of
    ``modules`` that has one, and ``_n_threads`` in each of ``n_threads_in``."""
    for module in modules:
        if hasattr(module, "effective_n_threads"):
            monkeypatch.setattr(
                module, "effective_n_threads", lambda n_jobs=None, _n=n: _n
            )
    for module in n_threads_in:
        monkeypatch.setattr(module, "_n_threads", lambda _n=n: _n)
