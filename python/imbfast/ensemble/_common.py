"""Shared machinery of the balanced ensembles.

The balancing every member needs is imbalanced-learn's ``RandomUnderSampler``:
per class, in sorted label order, ``RandomState(seed).choice(n_c, n_keep,
replace)`` picks rows of that class. imbalanced-learn re-validates the data,
runs ``np.unique`` over every label and scans every class once per member; here
the labels are encoded and each class's rows listed once per fit, and a member
costs only its own draws and a gather of its rows.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from numbers import Real
from typing import Any, Callable

import numpy as np
import sklearn
from joblib import effective_n_jobs
from scipy.sparse import issparse
from sklearn.ensemble import AdaBoostClassifier
from sklearn.tree import BaseDecisionTree
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.fixes import parse_version
from sklearn.utils.parallel import Parallel, delayed

from .._validation import check_sampling_strategy
from ._pipeline import Pipeline

__all__: list[str] = []

SKLEARN_VERSION = parse_version(parse_version(sklearn.__version__).base_version)
# scikit-learn 1.9 draws forest bootstraps with probabilities proportional to
# sample_weight and changed the signatures of its bootstrap helpers; imbalanced-learn
# 0.14.2 branches on this version, and so do we.
SKLEARN_GE_1_9 = parse_version("1.9") <= SKLEARN_VERSION

MAX_INT = np.iinfo(np.int32).max

# Rows per prediction block when the members are row-wise (trees, AdaBoost of trees).
_PREDICT_BLOCK = 65_536

SAMPLING_STRATEGY_CONSTRAINT = [
    Interval(Real, 0, 1, closed="right"),
    StrOptions({"auto", "majority", "not minority", "not majority", "all"}),
    dict,
    callable,
]


# --------------------------------------------------------------------------------------
# per-fit balancing plan


def rows_by_class(codes: np.ndarray, n_codes: int) -> list[np.ndarray]:
    """Ascending row numbers of each code ``0 .. n_codes - 1`` (``flatnonzero(codes == c)``)."""
    if n_codes <= 8:
        return [np.flatnonzero(codes == c) for c in range(n_codes)]
    order = np.argsort(codes, kind="stable")
    bounds = np.cumsum(np.bincount(codes, minlength=n_codes))[:-1]
    return np.split(order, bounds)


def under_sampling_targets(
    sampling_strategy: Any,
    labels: np.ndarray,
    counts: np.ndarray,
    y: Callable[[], np.ndarray],
) -> OrderedDict:
    """``check_sampling_strategy(sampling_strategy, y, "under-sampling")`` from counts.

    ``labels`` are the sorted labels present in ``y`` and ``counts`` their counts;
    ``y()`` returns the labels themselves and is only called for a callable
    strategy. Same results and errors as imbalanced-learn 0.14.2 without an
    ``np.unique`` over the data.
    """
    n_classes = labels.shape[0]
    if n_classes <= 1:
        raise ValueError(
            "The target 'y' needs to have more than 1 class. "
            f"Got {n_classes} class instead"
        )
    if not isinstance(sampling_strategy, (str, Mapping, Real)):
        return check_sampling_strategy(sampling_strategy, y(), "under-sampling")
    stats = dict(zip(labels.tolist(), counts.tolist()))
    # keys keep numpy's scalar type, as np.unique gives them
    key_of = dict(zip(labels.tolist(), labels))
    n_min = min(stats.values())
    maj = max(stats, key=stats.get)
    mino = min(stats, key=stats.get)
    if isinstance(sampling_strategy, str):
        keep = {
            "majority": lambda c: c == maj,
            "not minority": lambda c: c != mino,
            "auto": lambda c: c != mino,
            "not majority": lambda c: c != maj,
            "all": lambda c: True,
        }.get(sampling_strategy)
        if keep is None:  # 'minority' and unknown strings: the reference errors
            return check_sampling_strategy(sampling_strategy, y(), "under-sampling")
        return OrderedDict((key_of[c], n_min) for c in stats if keep(c))
    if isinstance(sampling_strategy, Mapping):
        strategy = dict(sampling_strategy)
        unknown = set(strategy) - set(stats)
        if unknown:
            raise ValueError(
                f"The {unknown} target class is/are not present in the data."
            )
        if any(n < 0 for n in strategy.values()):
            raise ValueError(
                "The number of samples in a class cannot be negative."
                f"'sampling_strategy' contains some negative value: {strategy}"
            )
        for c, n in strategy.items():
            if n > stats[c]:
                raise ValueError(
                    "With under-sampling methods, the number of"
                    " samples in a class should be less or equal"
                    " to the original number of samples."
                    f" Originally, there is {stats[c]} "
                    f"samples and {n} samples are asked."
                )
        return OrderedDict(sorted(strategy.items()))
    # a float ratio
    if sampling_strategy <= 0 or sampling_strategy > 1:
        raise ValueError(
            "When 'sampling_strategy' is a float, it should be "
            f"in the range (0, 1]. Got {sampling_strategy} instead."
        )
    if n_classes != 2:
        raise ValueError(
            '"sampling_strategy" can be a float only when the type '
            "of target is binary. For multi-class, use a dict."
        )
    out = {key_of[c]: int(n_min / sampling_strategy) for c in stats if c != mino}
    if any(n > stats[c] for c, n in out.items()):
        raise ValueError(
            "The specified ratio required to generate new "
            "sample in the majority class while trying to "
            "remove samples. Please increase the ratio."
        )
    return OrderedDict(sorted(out.items()))


def rus_indices(
    random_state: np.random.RandomState,
    labels: np.ndarray,
    rows: list[np.ndarray],
    strategy: Mapping,
    replacement: bool,
) -> np.ndarray:
    """The rows ``RandomUnderSampler`` keeps, in its order.

    ``rows[i]`` are the ascending rows of ``labels[i]`` (labels sorted). A
    targeted class keeps ``rows[choice(n_c, n_keep, replace)]`` (``choice``
    permutes the whole class without replacement, draws ``randint`` with it);
    the others keep all their rows.
    """
    parts = []
    for label, class_rows in zip(labels, rows):
        if label in strategy:
            pick = random_state.choice(
                class_rows.shape[0], size=strategy[label], replace=replacement
            )
            class_rows = class_rows[pick]
        parts.append(class_rows)
    return np.concatenate(parts).astype(np.intp, copy=False)


def set_fitted_under_sampler(
    sampler: Any, strategy: Mapping, indices: np.ndarray, n_features: int
) -> Any:
    """Give a ``RandomUnderSampler`` the fitted attributes ``fit_resample`` would."""
    sampler.sampling_strategy_ = OrderedDict(strategy)
    sampler.sample_indices_ = indices
    sampler.n_features_in_ = n_features
    return sampler


def take_rows(X: Any, rows: np.ndarray) -> Any:
    """``X[rows]``: a compiled gather for arrays, scikit-learn's indexing for sparse."""
    if issparse(X):
        return X[rows]
    return np.take(X, rows, axis=0)


# --------------------------------------------------------------------------------------
# prediction


def is_row_wise(estimator: Any) -> bool:
    """Whether ``estimator``'s predictions for a row depend on that row only,
    bit for bit, whatever rows come with it (trees and AdaBoost of trees)."""
    if isinstance(estimator, Pipeline):
        if any(
            not hasattr(step, "fit_resample")
            for _, step in estimator.steps[:-1]
            if step is not None and step != "passthrough"
        ):
            return False
        estimator = estimator.steps[-1][1]
    if isinstance(estimator, BaseDecisionTree):
        return True
    if isinstance(estimator, AdaBoostClassifier):
        base = estimator.estimator
        return base is None or isinstance(base, BaseDecisionTree)
    return False


def accumulate_by_rows(
    X: Any,
    shape: tuple[int, int],
    n_jobs: Any,
    add: Callable[[Any, np.ndarray], None],
    row_wise: bool,
    fill: float = 0.0,
) -> np.ndarray:
    """``out = full(shape, fill)`` with ``add(X_block, out_block)`` applied over row blocks.

    Row-wise members get blocks of at most ``_PREDICT_BLOCK`` rows spread over
    ``n_jobs`` threads; the sums of every entry are taken in member order in
    each block, so the result does not depend on the number of threads and
    equals one pass over all rows. Other members see all rows at once.
    """
    out = np.full(shape, fill, dtype=np.float64)
    n_rows = shape[0]
    n_threads = effective_n_jobs(n_jobs)
    if not row_wise or n_rows <= 1:
        add(X, out)
        return out
    n_blocks = max(min(n_threads, n_rows), -(-n_rows // _PREDICT_BLOCK))
    bounds = np.linspace(0, n_rows, n_blocks + 1).astype(np.intp)
    blocks = [(lo, hi) for lo, hi in zip(bounds[:-1], bounds[1:]) if hi > lo]
    if n_threads == 1 or len(blocks) == 1:
        for lo, hi in blocks:
            add(X[lo:hi], out[lo:hi])
        return out
    # the blocks write into ``out``: threads only, whatever joblib backend is active
    Parallel(n_jobs=min(n_threads, len(blocks)), require="sharedmem")(
        delayed(add)(X[lo:hi], out[lo:hi]) for lo, hi in blocks
    )
    return out


def lazy_pipelines(samplers: list, estimators: list) -> list:
    """``pipelines_``: one pipeline per member over the *same* sampler and
    estimator objects (imbalanced-learn deep-copies both; nothing is copied here)."""
    from ._pipeline import make_pipeline

    return [make_pipeline(s, e) for s, e in zip(samplers, estimators)]
