"""Shared machinery of the balanced ensembles.

The balancing every member needs is imbalanced-learn's ``RandomUnderSampler``:
per class, in sorted label order, ``RandomState(seed).choice(n_c, n_keep,
replace)`` picks rows of that class. imbalanced-learn re-validates the data,
runs ``np.unique`` over every label and scans every class once per member; here
the labels are encoded once per fit, each class's rows are listed once per fit
(forest, RUSBoost) or with one counting pass over a member's rows (bagging,
EasyEnsemble), and a member costs only its own draws and a gather of the rows
it keeps.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from numbers import Real
from typing import Any, Callable
from warnings import warn

import numpy as np
import sklearn
from joblib import effective_n_jobs
from scipy.sparse import issparse
from sklearn.base import clone
from sklearn.ensemble import AdaBoostClassifier
from sklearn.ensemble._base import _set_random_states
from sklearn.tree import BaseDecisionTree
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.fixes import parse_version
from sklearn.utils.parallel import Parallel, delayed

from .._validation import check_sampling_strategy, resolve_sampling_strategy
from ..base import substitute
from ._pipeline import Pipeline, make_pipeline

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
# docstrings

# The four ensembles, each with its "See Also" line and what a member is called.
_ENSEMBLES = {
    "BalancedBaggingClassifier": ("Bagging with a sampler before each member.", ""),
    "BalancedRandomForestClassifier": ("Random forest on under-samples.", "tree"),
    "EasyEnsembleClassifier": ("Bag of AdaBoost learners on under-samples.", ""),
    "RUSBoostClassifier": ("AdaBoost with under-sampling at each round.", "learner"),
}

_CLASSES_ATTRIBUTES = """classes_ : ndarray of shape (n_classes,)
        The class labels.
    n_classes_ : int
        The number of classes."""

_PIPELINES_ATTRIBUTE = """pipelines_ : list of Pipeline
        ``(sampler, {member})`` pairs, built on access over the same objects as
        ``samplers_`` and ``estimators_`` (not copies)."""

_BINARY_EXAMPLE = """Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from imbfast.ensemble import {name}
    >>> X, y = make_classification(n_classes=2, class_sep=2, weights=[0.1, 0.9],
    ...     n_informative=3, n_redundant=1, flip_y=0, n_features=20,
    ...     n_clusters_per_class=1, n_samples=1000, random_state=10)
    >>> clf = {name}(random_state=42).fit(X, y)
    >>> clf.predict(X[:3])
    array([0, 1, 1])"""


def ensemble_docstring(name: str) -> Callable[[Any], Any]:
    """``substitute`` for the ensemble ``name``: the texts the four ensembles share.

    The fields are ``{classes_attributes}``, ``{feature_attributes}``,
    ``{see_also}`` (the section, naming the other three ensembles),
    ``{pipelines_attribute}`` (members kept as ``samplers_`` and ``estimators_``)
    and ``{binary_example}`` (the two-class example of the bagging ensembles).
    """
    others = [f"{o} : {line}" for o, (line, _) in _ENSEMBLES.items() if o != name]
    return substitute(
        classes_attributes=_CLASSES_ATTRIBUTES,
        see_also="\n    ".join(["See Also", "--------", *others]),
        pipelines_attribute=_PIPELINES_ATTRIBUTE.replace(
            "{member}", _ENSEMBLES[name][1]
        ),
        binary_example=_BINARY_EXAMPLE.replace("{name}", name),
    )


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
    # keys keep numpy's scalar type, as np.unique gives them
    stats = dict(zip(labels, counts.tolist()))
    return resolve_sampling_strategy(
        sampling_strategy, y, "under-sampling", stats=stats
    )


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


def under_sample(
    sampler: Any,
    labels: np.ndarray,
    rows: list[np.ndarray],
    strategy: Mapping,
    n_features: int,
) -> np.ndarray:
    """Run ``sampler`` (a ``RandomUnderSampler``) on a balancing plan: draw the rows
    it keeps from its own seed (:func:`rus_indices`) and give it the fitted
    attributes ``fit_resample`` would; returns those rows."""
    indices = rus_indices(
        check_random_state(sampler.random_state),
        labels,
        rows,
        strategy,
        sampler.replacement,
    )
    sampler.sampling_strategy_ = OrderedDict(strategy)
    sampler.sample_indices_ = indices
    sampler.n_features_in_ = n_features
    return indices


def balancing_plan(
    sampling_strategy: Any, y: np.ndarray
) -> tuple[np.ndarray, list[np.ndarray], OrderedDict]:
    """``(labels, rows, strategy)`` of a ``RandomUnderSampler`` on ``y``, once per
    fit: the sorted labels, each label's ascending rows, and the counts to keep
    (``check_sampling_strategy(sampling_strategy, y, "under-sampling")``)."""
    labels, codes, counts = np.unique(y, return_inverse=True, return_counts=True)
    strategy = under_sampling_targets(sampling_strategy, labels, counts, lambda: y)
    return labels, rows_by_class(codes.ravel(), labels.shape[0]), strategy


def strategy_by_code(
    sampling_strategy: Any, y: np.ndarray, classes: np.ndarray, sampling_type: str
) -> Any:
    """A dict ``sampling_strategy`` checked on the labels ``y`` and keyed by class
    code (the members see the encoded labels); any other form unchanged."""
    if not isinstance(sampling_strategy, dict):
        return sampling_strategy
    return {
        np.where(classes == key)[0][0]: value
        for key, value in check_sampling_strategy(
            sampling_strategy, y, sampling_type
        ).items()
    }


def n_new_members(ensemble: Any, stacklevel: int) -> int:
    """Members a fit adds, ``n_estimators - len(estimators_)`` (``estimators_`` is
    kept only by a warm start), with scikit-learn's error and warning."""
    n_more = ensemble.n_estimators - len(ensemble.estimators_)
    if n_more < 0:
        raise ValueError(
            f"n_estimators={ensemble.n_estimators} must be larger or equal to "
            f"len(estimators_)={len(ensemble.estimators_)} when warm_start==True"
        )
    if n_more == 0:
        warn(
            "Warm-start fitting without increasing n_estimators does not fit new trees.",
            stacklevel=stacklevel + 1,
        )
    return n_more


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


class SamplerMembersMixin:
    """Members kept as ``samplers_`` and ``estimators_`` (forest, RUSBoost).

    ``pipelines_`` pairs them on access, over the same objects (imbalanced-learn
    deep-copies both; nothing is copied here).
    """

    def _make_sampler_estimator(self, append=False, random_state=None):
        """A new member: a clone of ``estimator_`` with the ensemble's
        ``estimator_params`` and a clone of ``base_sampler_``; with
        ``random_state``, the estimator's seeds are drawn first, then the
        sampler's. ``append`` adds both to the fitted lists."""
        estimator = clone(self.estimator_)
        estimator.set_params(**{p: getattr(self, p) for p in self.estimator_params})
        sampler = clone(self.base_sampler_)
        if random_state is not None:
            _set_random_states(estimator, random_state)
            _set_random_states(sampler, random_state)
        if append:
            self.estimators_.append(estimator)
            self.samplers_.append(sampler)
        return estimator, sampler

    @property
    def pipelines_(self):
        """``(sampler, estimator)`` pipelines over the fitted objects (no copies)."""
        if not hasattr(self, "samplers_"):
            raise AttributeError(
                f"'{self.__class__.__name__}' object has no attribute 'pipelines_'"
            )
        return [make_pipeline(s, e) for s, e in zip(self.samplers_, self.estimators_)]
