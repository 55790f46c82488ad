"""Edited nearest neighbours and its repeated forms (RENN, AllKNN).

The ENN rule removes a sample of a targeted class when its ``n_neighbors``
nearest neighbours (itself excluded) disagree with its label: all of them must
agree (``kind_sel='all'``) or their most common label must be its own
(``kind_sel='mode'``, ties to the smallest label). The vote runs in a compiled
kernel over int64 label codes, so any label type works.

RENN and AllKNN apply the rule again and again to the cleaned data. Removing
points only changes the neighbour lists that contained them, so one search for
``2k + 2`` neighbours is done up front and a row is re-queried (against the
remaining rows only) just when fewer than ``k`` of its listed neighbours are
left: the first ``k`` remaining entries of a list are exactly the ``k`` nearest
remaining rows (the list holds the nearest rows of a superset, in order).
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import clone
from sklearn.utils import _safe_indexing
from sklearn.utils._param_validation import Interval, StrOptions

from .._neighbour_lists import (
    NeighbourLists,
    check_fit_size,
    estimator_k,
    imblearn_params,
    make_neighbors,
    neighbours_of,
    neighbours_param,
    ties_search_all,
)
from .._validation import (
    EncodedTarget,
    check_neighbors_object,
    resolve_sampling_strategy,
    target_scope,
)
from ..base import substitute
from ..neighbors import NearestNeighbors
from ._cleaning_utils import (
    counter_minority,
    enn_vote,
    group_by_class,
    targeted_classes,
)
from .base import BaseCleaningSampler

__all__ = ["AllKNN", "EditedNearestNeighbours", "RepeatedEditedNearestNeighbours"]

SEL_KIND = ("all", "mode")


@substitute(sampling_strategy=BaseCleaningSampler._sampling_strategy_docstring)
class EditedNearestNeighbours(BaseCleaningSampler):
    """Under-sample by removing samples their neighbourhood disagrees with.

    A drop-in for :class:`imblearn.under_sampling.EditedNearestNeighbours`
    (0.14.2): same parameters, attributes, kept rows and order.

    Parameters
    ----------
    {sampling_strategy}

    n_neighbors : int or estimator object, default=3
        Number of neighbours (the sample itself excluded) that vote. An
        estimator with ``kneighbors`` / ``kneighbors_graph`` is used as given;
        its ``n_neighbors`` then counts the sample itself.

    kind_sel : {'all', 'mode'}, default='all'
        ``'all'``: keep a sample only if all its neighbours share its class;
        ``'mode'``: keep it if the most common neighbour class (ties to the
        smallest label) is its class.

    n_jobs : int, default=None
        Threads for the neighbour search and the vote. Results never depend on it.

    Attributes
    ----------
    sampling_strategy_ : dict
        The targeted classes as keys.
    nn_ : estimator object
        The neighbour estimator (``n_neighbors + 1`` neighbours).
    sample_indices_ : ndarray of shape (n_new_samples,)
        Indices of the kept rows, grouped by class in sorted label order.
    {feature_attributes}

    Notes
    -----
    Each row is excluded from its own neighbours by index (imbalanced-learn drops
    the first neighbour column, which with exact duplicates may be a duplicate
    instead of the row). ``kind_sel='mode'`` works with string labels
    (imbalanced-learn fails there with SciPy >= 1.11).
    """

    _parameter_constraints: dict = {
        **BaseCleaningSampler._parameter_constraints,
        "n_neighbors": neighbours_param(),
        "kind_sel": [StrOptions({"all", "mode"})],
        "n_jobs": [numbers.Integral, None],
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        n_neighbors: Any = 3,
        kind_sel: str = "all",
        n_jobs: int | None = None,
    ) -> None:
        super().__init__(sampling_strategy=sampling_strategy)
        self.n_neighbors = n_neighbors
        self.kind_sel = kind_sel
        self.n_jobs = n_jobs

    def _validate_estimator(self, sparse_input: bool = False) -> None:
        """``nn_``: ``NearestNeighbors(n_neighbors + 1)`` or a clone of the
        estimator, with ``n_jobs`` set (scikit-learn's search for sparse data)."""
        self.nn_ = make_neighbors(
            "n_neighbors", self.n_neighbors, sparse_input, self.n_jobs
        )

    # Runs on label codes (the labels are put back by the base class).
    _fit_resample = BaseCleaningSampler._fit_resample_via_codes

    def _fit_resample_codes(
        self, X: Any, target: EncodedTarget
    ) -> tuple[Any, np.ndarray]:
        self._validate_estimator(sparse.issparse(X))
        k = estimator_k(self.nn_)
        classes, codes = target.classes, target.codes
        n = codes.shape[0]
        targeted = targeted_classes(classes, self.sampling_strategy_)
        rows = np.flatnonzero(targeted[codes])
        keep = np.ones(n, dtype=bool)
        # imbalanced-learn queries class by class (the tie rule's batches).
        in_rows = codes[rows]
        groups = [np.flatnonzero(in_rows == c) for c in np.flatnonzero(targeted)]
        nbrs = neighbours_of(
            self.nn_,
            X,
            None if rows.size == n else rows,
            k=k,
            imblearn=imblearn_params(self.n_neighbors, n_jobs=self.n_jobs),
            query_groups=groups,
        )
        vote = enn_vote(nbrs, rows, codes, classes.size, k, self.kind_sel, self.n_jobs)
        keep[rows[vote == 0]] = False
        self.sample_indices_ = group_by_class(np.flatnonzero(keep), codes)
        return _safe_indexing(X, self.sample_indices_), codes[self.sample_indices_]

    _sample_indices = True


# --------------------------------------------------------------------------------------
# repeated ENN on one neighbour search


# Above this fraction of rows whose list a tie could decide, RENN/AllKNN's
# step-by-step search (tie rule) skips the engine query (see _iterate).
_SEARCH_ALL_FRACTION = 0.5


def _list_width(k_max: int) -> int:
    """Neighbours listed per row up front: room for ``k_max + 2`` removals
    before a list must be re-queried."""
    return 2 * k_max + 2


def _should_stop(
    counts: np.ndarray,
    counts0: np.ndarray,
    min_code: int,
    n_removed: int,
    stop_on_convergence: bool,
    allow_minority: bool,
) -> bool:
    """imbalanced-learn's stopping rules of RENN/AllKNN, checked after a step:
    nothing removed (when ``stop_on_convergence``), another class now smaller
    than the original minority (unless ``allow_minority``), or a class gone.
    ``counts`` are the class counts after the step, ``counts0`` before the first."""
    present = counts > 0
    others = present.copy()
    others[min_code] = False
    too_small = bool(np.any(counts[others] < counts0[min_code])) and not allow_minority
    class_gone = int(present.sum()) < counts.shape[0]
    return (stop_on_convergence and n_removed == 0) or too_small or class_gone


class _RepeatedENNMixin:
    """The iteration shared by RENN and AllKNN."""

    def _make_enn(self, n_neighbors: Any) -> EditedNearestNeighbours:
        return EditedNearestNeighbours(
            sampling_strategy=self.sampling_strategy,
            n_neighbors=n_neighbors,
            kind_sel=self.kind_sel,
            n_jobs=self.n_jobs,
        )

    def _imblearn_params(self, ks: list[int]) -> dict | None:
        """The tie rule's search: imbalanced-learn's ENN with an int
        ``n_neighbors`` (``None`` for an estimator: no tie rule)."""
        if not isinstance(self.n_neighbors, numbers.Integral):
            return None
        return imblearn_params(max(ks), n_jobs=self.n_jobs)

    def _iterate(
        self,
        X: Any,
        target: EncodedTarget,
        ks: list[int],
        stop_on_convergence: bool,
        allow_minority: bool,
        fast: bool,
    ) -> tuple[np.ndarray, int]:
        """Apply ENN with ``ks[0], ks[1], ...`` neighbours until a stopping rule
        fires (checked after each step, as imbalanced-learn). Returns the kept
        rows (grouped by class) and the number of steps taken."""
        classes, codes = target.classes, target.codes
        n_classes = classes.size
        min_code, counts0 = counter_minority(codes, n_classes)
        n = codes.shape[0]
        order = np.arange(n)  # rows of the previous step's output, in its order
        alive = np.ones(n, dtype=np.uint8)
        alive_idx = np.arange(n)
        lists = None
        if fast:
            lists = NeighbourLists(
                X, _list_width(max(ks)), self.n_jobs, imblearn=self._imblearn_params(ks)
            )
            # imbalanced-learn's tie order asked for and a tie could decide a list:
            # its step-by-step search (ENN with an int, so the tie rule applies).
            fast = not lists.tied
        ties_steps = lists is not None and not fast
        # Nearly every list decided by a tie (duplicated or small-integer rows):
        # each step's lists straight from imbalanced-learn's search, without an
        # engine query whose answer would be replaced anyway (the same lists).
        search_all = ties_steps and lists.tied_fraction > _SEARCH_ALL_FRACTION
        enn_neighbors = self.enn_.n_neighbors
        prev_order = order
        n_steps = 0
        for k in ks:
            n_steps += 1
            prev_order = order
            # The step's classes and counts from the codes; the labels are only
            # built for a callable strategy (or the step-by-step path).
            step_counts = np.bincount(codes[order], minlength=n_classes)
            in_step = np.flatnonzero(step_counts)
            strategy = resolve_sampling_strategy(
                self.sampling_strategy,
                lambda order=order: target.y[order],
                "clean-sampling",
                stats=dict(zip(classes[in_step], step_counts[in_step])),
            )
            if fast:
                check_fit_size(k + 1, alive_idx.shape[0], alive_idx.shape[0])
                targeted = targeted_classes(classes, strategy)
                rows = alive_idx[targeted[codes[alive_idx]] == 1]
                vote = enn_vote(
                    lists.lists,
                    rows,
                    codes,
                    n_classes,
                    k,
                    self.kind_sel,
                    self.n_jobs,
                    alive,
                    compact=False,
                )
                short = vote == 2
                if short.any():
                    lists.repair(rows[short], alive_idx)
                    vote[short] = enn_vote(
                        lists.lists,
                        rows[short],
                        codes,
                        n_classes,
                        k,
                        self.kind_sel,
                        self.n_jobs,
                        alive,
                        compact=False,
                    )
                removed = rows[vote == 0]
                alive[removed] = 0
                alive_idx = np.flatnonzero(alive)
                order = group_by_class(alive_idx, codes)
                self.enn_.sampling_strategy_ = strategy
            else:
                if ties_steps:
                    self.enn_.set_params(n_neighbors=k)
                step = target.subset(order)
                with target_scope(step), ties_search_all(search_all):
                    self.enn_.fit_resample(_safe_indexing(X, order), step.y)
                order = order[self.enn_.sample_indices_]
                alive_idx = order
            n_removed = prev_order.shape[0] - order.shape[0]
            counts = np.bincount(codes[order], minlength=n_classes)
            if _should_stop(
                counts,
                counts0,
                min_code,
                n_removed,
                stop_on_convergence,
                allow_minority,
            ):
                break
        if ties_steps:
            self.enn_.set_params(n_neighbors=enn_neighbors)
        if fast:
            # enn_ as after imbalanced-learn's last step: indices into the
            # previous step's output.
            pos = np.empty(n, dtype=np.intp)
            pos[prev_order] = np.arange(prev_order.shape[0])
            self.enn_.sample_indices_ = pos[order]
        return order, n_steps


@substitute()
class RepeatedEditedNearestNeighbours(_RepeatedENNMixin, BaseCleaningSampler):
    """Under-sample by applying edited nearest neighbours repeatedly.

    A drop-in for :class:`imblearn.under_sampling.RepeatedEditedNearestNeighbours`
    (0.14.2). ENN is applied until no sample is removed, ``max_iter`` is
    reached, a non-minority class falls below the original minority size, or a
    class disappears (checked after each step, whose result is kept). The
    neighbour search is done once and repaired, not redone per step.

    Parameters
    ----------
    sampling_strategy : str, list or callable, default='auto'
        Which classes are cleaned (recomputed on the current data at each step).

    n_neighbors : int or estimator object, default=3
        Number of neighbours (the sample itself excluded) that vote, or an
        estimator whose ``n_neighbors`` counts the sample itself.

    max_iter : int, default=100
        Maximum number of ENN steps.

    kind_sel : {'all', 'mode'}, default='all'
        The ENN rule (see :class:`EditedNearestNeighbours`).

    n_jobs : int, default=None
        Threads. Results never depend on it.

    Attributes
    ----------
    sampling_strategy_ : dict
        The targeted classes as keys (computed on the input data).
    nn_ : estimator object
        The neighbour estimator (``n_neighbors + 1`` neighbours).
    enn_ : EditedNearestNeighbours
        The ENN rule applied at each step; its ``sample_indices_`` are those of
        the last step (indices into the previous step's output).
    n_iter_ : int
        Number of ENN steps run.
    sample_indices_ : ndarray of shape (n_new_samples,)
        Indices of the kept rows, grouped by class in sorted label order.
    {feature_attributes}

    Notes
    -----
    imbalanced-learn applies the last step's indices to ``sample_indices_`` twice
    when it stops because nothing changed, so ``X[sample_indices_]`` can differ
    from the returned rows there; imbfast applies them once.
    """

    _parameter_constraints: dict = {
        **BaseCleaningSampler._parameter_constraints,
        "n_neighbors": neighbours_param(),
        "max_iter": [Interval(numbers.Integral, 1, None, closed="left")],
        "kind_sel": [StrOptions({"all", "mode"})],
        "n_jobs": [numbers.Integral, None],
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        n_neighbors: Any = 3,
        max_iter: int = 100,
        kind_sel: str = "all",
        n_jobs: int | None = None,
    ) -> None:
        super().__init__(sampling_strategy=sampling_strategy)
        self.n_neighbors = n_neighbors
        self.kind_sel = kind_sel
        self.n_jobs = n_jobs
        self.max_iter = max_iter

    def _validate_estimator(self) -> None:
        self.nn_ = check_neighbors_object(
            "n_neighbors", self.n_neighbors, additional_neighbor=1
        )
        self.enn_ = self._make_enn(self.nn_)

    # Runs on label codes (the labels are put back by the base class).
    _fit_resample = BaseCleaningSampler._fit_resample_via_codes

    def _fit_resample_codes(
        self, X: Any, target: EncodedTarget
    ) -> tuple[Any, np.ndarray]:
        self._validate_estimator()
        fast = not sparse.issparse(X) and isinstance(self.nn_, NearestNeighbors)
        k = estimator_k(self.nn_)
        if fast:
            self.enn_.nn_ = clone(self.nn_).set_params(n_jobs=self.n_jobs)
        elif sparse.issparse(X) and isinstance(self.nn_, NearestNeighbors):
            self.enn_ = self._make_enn(k)
        indices, self.n_iter_ = self._iterate(
            X,
            target,
            [k] * self.max_iter,
            stop_on_convergence=True,
            allow_minority=False,
            fast=fast,
        )
        self.sample_indices_ = indices
        return _safe_indexing(X, indices), target.codes[indices]

    _sample_indices = True


@substitute()
class AllKNN(_RepeatedENNMixin, BaseCleaningSampler):
    """Under-sample by applying ENN with 1, 2, ..., ``n_neighbors`` neighbours.

    A drop-in for :class:`imblearn.under_sampling.AllKNN` (0.14.2): ENN with a
    growing neighbourhood is applied to the already cleaned data, stopping
    (after the step) when a non-minority class falls below the original
    minority size (unless ``allow_minority``) or a class disappears. The
    neighbour search is done once and repaired, not redone per step.

    Parameters
    ----------
    sampling_strategy : str, list or callable, default='auto'
        Which classes are cleaned (recomputed on the current data at each step).

    n_neighbors : int or estimator object, default=3
        Largest neighbourhood; with an estimator, its ``n_neighbors - 1``.

    kind_sel : {'all', 'mode'}, default='all'
        The ENN rule (see :class:`EditedNearestNeighbours`).

    allow_minority : bool, default=False
        Keep going when a class becomes smaller than the original minority.

    n_jobs : int, default=None
        Threads. Results never depend on it.

    Attributes
    ----------
    sampling_strategy_ : dict
        The targeted classes as keys (computed on the input data).
    nn_ : estimator object
        The neighbour estimator (``n_neighbors + 1`` neighbours).
    enn_ : EditedNearestNeighbours
        The ENN rule of the last step (its ``n_neighbors`` is the last size).
    sample_indices_ : ndarray of shape (n_new_samples,)
        Indices of the kept rows, grouped by class in sorted label order.
    {feature_attributes}
    """

    _parameter_constraints: dict = {
        **BaseCleaningSampler._parameter_constraints,
        "n_neighbors": neighbours_param(),
        "kind_sel": [StrOptions({"all", "mode"})],
        "allow_minority": ["boolean"],
        "n_jobs": [numbers.Integral, None],
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        n_neighbors: Any = 3,
        kind_sel: str = "all",
        allow_minority: bool = False,
        n_jobs: int | None = None,
    ) -> None:
        super().__init__(sampling_strategy=sampling_strategy)
        self.n_neighbors = n_neighbors
        self.kind_sel = kind_sel
        self.allow_minority = allow_minority
        self.n_jobs = n_jobs

    def _validate_estimator(self) -> None:
        self.nn_ = check_neighbors_object(
            "n_neighbors", self.n_neighbors, additional_neighbor=1
        )
        self.enn_ = self._make_enn(self.nn_)

    # Runs on label codes (the labels are put back by the base class).
    _fit_resample = BaseCleaningSampler._fit_resample_via_codes

    def _fit_resample_codes(
        self, X: Any, target: EncodedTarget
    ) -> tuple[Any, np.ndarray]:
        self._validate_estimator()
        ks = list(range(1, int(self.nn_.n_neighbors)))
        if not ks:
            self.sample_indices_ = np.arange(target.codes.shape[0])
            return X, target.codes
        fast = not sparse.issparse(X)
        if fast:
            self.enn_.nn_ = NearestNeighbors(n_neighbors=ks[0] + 1, n_jobs=self.n_jobs)
            indices, n_steps = self._iterate(
                X,
                target,
                ks,
                stop_on_convergence=False,
                allow_minority=self.allow_minority,
                fast=True,
            )
            self.enn_.n_neighbors = ks[n_steps - 1]
            self.enn_.nn_.set_params(n_neighbors=ks[n_steps - 1] + 1)
        else:
            indices = self._iterate_sparse(X, target, ks)
        self.sample_indices_ = indices
        return _safe_indexing(X, indices), target.codes[indices]

    def _iterate_sparse(
        self, X: Any, target: EncodedTarget, ks: list[int]
    ) -> np.ndarray:
        """Step by step with a fresh ENN (scikit-learn's search on sparse data)."""
        classes, codes = target.classes, target.codes
        n_classes = classes.size
        min_code, counts0 = counter_minority(codes, n_classes)
        order = np.arange(codes.shape[0])
        for k in ks:
            self.enn_.n_neighbors = k
            step = target.subset(order)
            with target_scope(step):
                self.enn_.fit_resample(_safe_indexing(X, order), step.y)
            order = order[self.enn_.sample_indices_]
            counts = np.bincount(codes[order], minlength=n_classes)
            present = counts > 0
            others = present.copy()
            others[min_code] = False
            too_small = bool(np.any(counts[others] < counts0[min_code]))
            if self.allow_minority:
                too_small = False
            if too_small or int(present.sum()) < n_classes:
                break
        return order

    _sample_indices = True
