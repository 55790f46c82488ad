"""Base classes for imbfast's samplers.

The contract is imbalanced-learn 0.14.2's ``SamplerMixin`` / ``BaseSampler``:
``fit_resample(X, y)`` validates its input, sets ``sampling_strategy_`` and calls
the sampler's ``_fit_resample``; results come back in the caller's containers
(list, pandas DataFrame / Series). Samplers have no ``transform``, so
``imblearn.pipeline.Pipeline`` accepts them, and their tags carry
``sampler_tags`` so ``imblearn.base.is_sampler`` recognises them.
"""

from __future__ import annotations

import sys
from abc import ABCMeta, abstractmethod
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, _fit_context
from sklearn.preprocessing import label_binarize
from sklearn.utils import InputTags as _SkInputTags
from sklearn.utils import Tags as _SkTags
from sklearn.utils import TargetTags
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import validate_data

from ._validation import ArraysTransformer, check_sampling_strategy, check_target_type

__all__ = ["BaseSampler", "InputTags", "SamplerMixin", "SamplerTags", "Tags"]


# --------------------------------------------------------------------------------------
# tags: scikit-learn's, plus the two fields imbalanced-learn's checks read

# scikit-learn's tag classes use slots where Python allows it (3.10+).
_SLOTS = {"slots": True} if sys.version_info >= (3, 10) else {}


@dataclass(**_SLOTS)
class SamplerTags:
    """Sampler-specific tags.

    Parameters
    ----------
    sample_indices : bool, default=False
        Whether the fitted sampler exposes ``sample_indices_``.
    """

    sample_indices: bool = False


@dataclass(**_SLOTS)
class InputTags(_SkInputTags):
    """scikit-learn's input tags plus ``dataframe`` (pandas input accepted)."""

    dataframe: bool = False


@dataclass(**_SLOTS)
class Tags(_SkTags):
    """scikit-learn's tags plus ``sampler_tags`` (``None`` for non-samplers)."""

    sampler_tags: SamplerTags | None = None


# --------------------------------------------------------------------------------------


class SamplerMixin(metaclass=ABCMeta):
    """``fit`` / ``fit_resample`` on top of an abstract ``_fit_resample``."""

    _estimator_type = "sampler"

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X: Any, y: Any, **params: Any) -> SamplerMixin:
        """Check the inputs and compute ``sampling_strategy_``; no resampling.

        Use :meth:`fit_resample` to resample.

        Parameters
        ----------
        X : {array-like, dataframe, sparse matrix} of shape (n_samples, n_features)
            Data array.
        y : array-like of shape (n_samples,)
            Target array.
        **params : dict
            Unused, accepted for compatibility.

        Returns
        -------
        self : object
            The fitted sampler.
        """
        X, y, _ = self._check_X_y(X, y)
        self.sampling_strategy_ = check_sampling_strategy(
            self.sampling_strategy, y, self._sampling_type
        )
        return self

    @_fit_context(prefer_skip_nested_validation=True)
    def fit_resample(self, X: Any, y: Any, **params: Any) -> tuple[Any, ...]:
        """Resample the data set.

        Parameters
        ----------
        X : {array-like, dataframe, sparse matrix} of shape (n_samples, n_features)
            Data to resample.
        y : array-like of shape (n_samples,)
            Labels of ``X``; a one-hot encoded target is accepted and returned
            one-hot encoded.
        **params : dict
            Extra parameters passed to the sampler's ``_fit_resample``.

        Returns
        -------
        X_resampled : {array-like, dataframe, sparse matrix} of shape (n_samples_new, n_features)
            Resampled data, in the container ``X`` came in.
        y_resampled : array-like of shape (n_samples_new,)
            Labels of ``X_resampled``, in the container ``y`` came in.
        """
        check_classification_targets(y)
        containers = ArraysTransformer(X, y)
        X, y, one_hot = self._check_X_y(X, y)
        self.sampling_strategy_ = check_sampling_strategy(
            self.sampling_strategy, y, self._sampling_type
        )
        output = self._fit_resample(X, y, **params)
        y_res = label_binarize(output[1], classes=np.unique(y)) if one_hot else output[1]
        X_res, y_res = containers.transform(output[0], y_res)
        return (X_res, y_res) if len(output) == 2 else (X_res, y_res, output[2])

    @abstractmethod
    def _fit_resample(self, X: Any, y: np.ndarray, **params: Any) -> tuple[Any, ...]:
        """Resample validated ``X`` (array or sparse matrix) and 1-D ``y``.

        Returns ``(X_resampled, y_resampled)`` as arrays / sparse matrices.
        """


class BaseSampler(SamplerMixin, OneToOneFeatureMixin, BaseEstimator):
    """Base class of imbfast's samplers (imbalanced-learn's ``BaseSampler``).

    Subclasses set ``_sampling_type`` (``"over-sampling"``, ``"under-sampling"``
    or ``"clean-sampling"``), declare ``_parameter_constraints`` and implement
    ``_fit_resample``. Not meant to be instantiated directly.
    """

    _sampling_type: str = "bypass"

    def __init__(self, sampling_strategy: Any = "auto") -> None:
        self.sampling_strategy = sampling_strategy

    def _check_X_y(
        self, X: Any, y: Any, accept_sparse: list[str] | None = None
    ) -> tuple[Any, np.ndarray, bool]:
        """Numeric validation: finite values, 2-D, CSR/CSC accepted, dtype kept
        for numeric arrays (object arrays become float64)."""
        if accept_sparse is None:
            accept_sparse = ["csr", "csc"]
        y, one_hot = check_target_type(y, indicate_one_vs_all=True)
        X, y = validate_data(self, X=X, y=y, reset=True, accept_sparse=accept_sparse)
        return X, y, one_hot

    def __sklearn_tags__(self) -> Tags:
        return Tags(
            estimator_type="sampler",
            target_tags=TargetTags(required=True),
            transformer_tags=None,
            regressor_tags=None,
            classifier_tags=None,
            input_tags=InputTags(two_d_array=True, sparse=True, dataframe=True),
            sampler_tags=SamplerTags(),
        )
