"""Threshold objectives: parsing a specification, scoring candidate thresholds
from their confusion counts, and picking the best one.

See :mod:`imbfast.threshold` for the specifications and the tie rule.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.utils._param_validation import InvalidParameterError

from ..metrics._cost_curves import costs_at
from ..metrics._validation import check_costs, check_real_param

_OBJECTIVES = (
    "f1",
    "fbeta",
    "youden",
    "cost",
    "precision_at_recall",
    "recall_at_precision",
)


class _Objective:
    """A parsed objective: evaluates arrays of (tp, fp) counts."""

    __slots__ = ("costs", "name", "param")

    def __init__(self, name, param=None, costs=None):
        self.name = name
        self.param = param
        self.costs = costs  # (c_tn, c_fp, c_fn, c_tp)

    @property
    def minimize(self) -> bool:
        return self.name == "cost"

    def __repr__(self) -> str:
        if self.costs is not None:
            return f"_Objective('cost', costs={self.costs})"
        return f"_Objective({self.name!r}, {self.param!r})"

    def evaluate(self, tp, fp, n_pos, n_neg):
        """Objective values and, for constrained objectives, the constrained metric."""
        tp = np.asarray(tp, dtype=np.float64)
        fp = np.asarray(fp, dtype=np.float64)
        name = self.name
        if name in ("f1", "fbeta"):
            beta2 = 1.0 if name == "f1" else self.param**2
            return (1 + beta2) * tp / (beta2 * n_pos + tp + fp), None
        if name == "youden":
            return tp / n_pos - fp / n_neg, None
        if name == "cost":
            return costs_at(self.costs, tp, fp, n_pos, n_neg), None
        predicted = tp + fp
        precision = np.divide(tp, predicted, out=np.zeros_like(tp), where=predicted > 0)
        recall = tp / n_pos
        if name == "precision_at_recall":
            return precision, recall
        return recall, precision  # recall_at_precision


def _parse_objective(objective) -> _Objective:
    """Validate an objective specification (see :mod:`imbfast.threshold`)."""
    if isinstance(objective, str):
        if objective in ("f1", "youden"):
            return _Objective(objective)
        if objective in _OBJECTIVES:
            raise InvalidParameterError(
                f"objective {objective!r} needs a parameter: pass ({objective!r}, value)"
            )
        raise InvalidParameterError(
            f"unknown objective {objective!r}; expected one of 'f1', 'youden', "
            "('fbeta', beta), ('cost', costs), ('precision_at_recall', r), "
            "('recall_at_precision', p)"
        )
    if isinstance(objective, Sequence) and not isinstance(
        objective, (bytes, bytearray)
    ):
        if len(objective) != 2 or not isinstance(objective[0], str):
            raise InvalidParameterError(
                f"an objective tuple must be (name, parameter), got {objective!r}"
            )
        name, param = objective
        if name == "fbeta":
            beta = check_real_param(param, "beta", 0, np.inf, closed_low=False)
            if beta >= 1e154:
                raise InvalidParameterError(
                    f"beta must be at most 1e154 (beta**2 overflows), got {param!r}"
                )
            return _Objective(name, beta)
        if name in ("precision_at_recall", "recall_at_precision"):
            what = (
                "required recall"
                if name == "precision_at_recall"
                else "required precision"
            )
            return _Objective(name, check_real_param(param, what, 0.0, 1.0))
        if name == "cost":
            return _Objective(name, costs=check_costs(param))
        if name in ("f1", "youden"):
            raise InvalidParameterError(
                f"objective {name!r} takes no parameter; pass {name!r}"
            )
        raise InvalidParameterError(
            f"unknown objective {name!r}; expected one of {_OBJECTIVES}"
        )
    raise InvalidParameterError(
        f"objective must be a string or a (name, parameter) tuple, got {type(objective).__name__}"
    )


def _best_index(objective, score, constraint):
    """Index of the best candidate (candidates ordered by decreasing threshold).

    Returns -1 when a constraint can be met nowhere.
    """
    key = -score if objective.minimize else score.copy()
    if constraint is not None:
        feasible = constraint >= objective.param
        if not feasible.any():
            return -1
        key[~feasible] = -np.inf
    best = np.flatnonzero(key == key.max())
    if constraint is not None and best.size > 1:
        sec = constraint[best]
        best = best[sec == sec.max()]
    return int(best[0])  # the largest threshold among exact ties
