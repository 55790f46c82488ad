"""Shared body of the SMOTE + cleaning combinations."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
from sklearn.base import clone
from sklearn.utils._param_validation import HasMethods
from sklearn.utils.validation import check_X_y

from .._validation import check_target_type, target_scope
from ..base import BaseSampler
from ..over_sampling import SMOTE
from ..over_sampling.base import BaseOverSampler

# Any sampler: imbfast's, imbalanced-learn's (duck-typed, imbalanced-learn is
# never imported) or a user's own.
_SAMPLER = HasMethods(["fit_resample"])


class _BaseCombine(BaseSampler):
    """SMOTE (``smote_``) then a cleaning sampler (attribute ``_cleaner_attr``)."""

    _sampling_type = "over-sampling"
    _cleaner_param = ""

    # The parameters and fitted attributes every combination documents
    # (``substitute`` fields).
    _docstrings = {
        "smote_parameters": """sampling_strategy : float, str, dict or callable, default='auto'
        Passed to the default SMOTE (see :class:`~imbfast.over_sampling.SMOTE`);
        ignored when ``smote`` is given.

    random_state : int, RandomState instance or None, default=None
        Passed to the default SMOTE; ignored when ``smote`` is given.

    smote : sampler object, default=None
        The over-sampler; ``SMOTE(sampling_strategy=sampling_strategy,
        random_state=random_state)`` when not given.""",
        "smote_attributes": """sampling_strategy_ : float, str, dict or callable
        The ``sampling_strategy`` parameter as given (as imbalanced-learn).
    smote_ : sampler object
        The fitted over-sampler.""",
    }

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "smote": [_SAMPLER, None],
        "n_jobs": [numbers.Integral, None],
    }

    def _default_cleaner(self) -> Any:
        raise NotImplementedError

    def _validate_estimator(self) -> Any:
        if self.smote is not None:
            self.smote_ = clone(self.smote)
        else:
            self.smote_ = SMOTE(
                sampling_strategy=self.sampling_strategy, random_state=self.random_state
            )
        given = getattr(self, self._cleaner_param)
        cleaner = clone(given) if given is not None else self._default_cleaner()
        setattr(self, self._cleaner_param + "_", cleaner)
        return cleaner

    def _fit_resample(self, X: Any, y: np.ndarray) -> tuple[Any, np.ndarray]:
        cleaner = self._validate_estimator()
        y = check_target_type(y)
        X, y = check_X_y(X, y, accept_sparse=["csr", "csc"])
        # As imbalanced-learn: the raw parameter, not the per-class dict.
        self.sampling_strategy_ = self.sampling_strategy
        # y is the target fit_resample encoded, and an imbfast SMOTE makes its
        # output's encoding known: neither step sorts the labels again.
        with target_scope():
            X_res, y_res = self.smote_.fit_resample(X, y)
            return cleaner.fit_resample(X_res, y_res)
