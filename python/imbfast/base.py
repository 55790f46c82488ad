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

from . import _dask
from ._validation import (
    ArraysTransformer,
    EncodedTarget,
    _same_array,
    check_encoded_target,
    check_target_type,
    complex_error,
    holds_complex,
    in_target_scope,
    native_byte_order,
    publish_target,
    resolve_sampling_strategy,
    target_scope,
)

__all__ = ["BaseSampler", "InputTags", "SamplerMixin", "SamplerTags", "Tags"]


# --------------------------------------------------------------------------------------
# tags: scikit-learn's, plus the two fields imbalanced-learn's checks read

# scikit-learn's tag classes use slots where Python allows it (3.10+).
_SLOTS = {"slots": True} if sys.version_info >= (3, 10) else {}


# The fitted attributes every sampler documents (``{feature_attributes}``).
FEATURE_ATTRIBUTES_DOCSTRING = """n_features_in_ : int
        Number of features in the input data.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during `fit`. Defined only when `X` has feature
        names that are all strings."""


def substitute(**fields: str):
    """Fill the ``{name}`` fields of a class's docstring (imbalanced-learn's
    ``Substitution``): the shared parameter texts, such as a base class's
    ``_sampling_strategy_docstring``, are written once and not retyped. Only the
    named fields are replaced; any other brace is left as it is. Every sampler's
    ``{feature_attributes}`` field gets :data:`FEATURE_ATTRIBUTES_DOCSTRING`."""
    fields = {"feature_attributes": FEATURE_ATTRIBUTES_DOCSTRING, **fields}

    def decorate(obj: Any) -> Any:
        if obj.__doc__:
            doc = obj.__doc__
            for name, text in fields.items():
                doc = doc.replace("{" + name + "}", text)
            obj.__doc__ = doc
        return obj

    return decorate


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
    """``fit`` / ``fit_resample`` on top of an abstract ``_fit_resample``.

    The target is checked and encoded once per call (sorted classes and an
    integer code per row, :class:`~imbfast._validation.EncodedTarget`); the
    class counts of ``sampling_strategy_`` come from it. A sampler whose
    ``_fit_resample`` is :meth:`_fit_resample_via_codes` implements
    :meth:`_fit_resample_codes` instead and never touches the labels: it gets
    the codes and returns the output rows' codes, which are turned back into
    labels (and a categorical Series rebuilt from them) at the end.
    """

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
        X, y, _, target = self._check_inputs(X, y, classification=False)
        with target_scope(target):
            self.sampling_strategy_ = resolve_sampling_strategy(
                self.sampling_strategy, y, self._sampling_type, target
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
        if _dask.is_dask_collection(X) or _dask.is_dask_collection(y):
            # Lazy Dask collections in, lazy out (imbfast[dask]; see imbfast._dask).
            return _dask.fit_resample(self, X, y, **params)
        containers = ArraysTransformer(X, y)
        X, y, one_hot, target = self._check_inputs(X, y, classification=True)
        with target_scope(target):
            self.sampling_strategy_ = resolve_sampling_strategy(
                self.sampling_strategy, y, self._sampling_type, target
            )
            try:
                if type(self)._fit_resample is SamplerMixin._fit_resample_via_codes:
                    output = self._fit_resample_codes(X, target, **params)
                    codes = np.asarray(output[1])
                    y_res = target.decode(codes)
                else:
                    output = self._fit_resample(X, y, **params)
                    codes, y_res = None, output[1]
            except TypeError as exc:
                # Data kept as objects by the validation (SMOTENC, SMOTEN) fail
                # later on complex numbers: scikit-learn's message, as above.
                if holds_complex(X):
                    raise complex_error(X) from exc
                raise
        X_res = output[0]
        if self._sampling_type == "over-sampling":
            # imbalanced-learn's over-samplers stack their output, which numpy
            # builds in native byte order (its under-samplers only index rows
            # and keep the input's order: so do imbfast's).
            X_res, y_res = native_byte_order(X_res), native_byte_order(y_res)
        if one_hot:
            y_res = label_binarize(y_res, classes=target.classes)
            codes = None
        fresh = isinstance(X_res, np.ndarray) and X_res.flags.owndata and X_res is not X
        X_res, y_res = containers.transform(
            X_res, y_res, y_codes=codes, classes=target.classes, copy_X=not fresh
        )
        if codes is not None and isinstance(y_res, np.ndarray) and in_target_scope():
            # A caller's next sampler on this output (SMOTEENN's cleaner) reuses
            # the codes.
            publish_target(EncodedTarget.from_codes(y_res, target.classes, codes))
        return (X_res, y_res) if len(output) == 2 else (X_res, y_res, *output[2:])

    def _check_inputs(
        self, X: Any, y: Any, classification: bool
    ) -> tuple[Any, np.ndarray, bool, EncodedTarget]:
        """``_check_X_y`` with the target checked and encoded once.

        ``classification``: run ``check_classification_targets`` first (as
        ``fit_resample`` does; ``fit`` does not). A plain 1-D target is checked
        from its encoding; anything else by scikit-learn's functions, as
        imbalanced-learn does. Over-samplers get native byte order data.
        """
        target = check_encoded_target(y, classification=classification)
        if target is None and classification:
            check_classification_targets(y)
        y_in = y if target is None else target.y
        if self._sampling_type == "over-sampling" and target is not None:
            native = native_byte_order(target.y)
            if native is not target.y:
                target = EncodedTarget(
                    native, native_byte_order(target.classes), target.codes
                )
                y_in = native
        try:
            with target_scope(*(() if target is None else (target,))):
                X, y_out, one_hot = self._check_X_y(X, y_in)
        except TypeError as exc:
            # Object arrays of complex numbers fail numpy's float conversion
            # with a TypeError; scikit-learn's message for complex data instead.
            if holds_complex(X):
                raise complex_error(X) from exc
            raise
        if self._sampling_type == "over-sampling":
            X, y_out = native_byte_order(X), native_byte_order(y_out)
        if target is None or not _same_array(target.y, y_out):
            target = EncodedTarget.from_labels(y_out)
        return X, target.y, one_hot, target

    @abstractmethod
    def _fit_resample(self, X: Any, y: np.ndarray, **params: Any) -> tuple[Any, ...]:
        """Resample validated ``X`` (array or sparse matrix) and 1-D ``y``.

        Returns ``(X_resampled, y_resampled)`` as arrays / sparse matrices.
        """

    def _fit_resample_codes(
        self, X: Any, target: EncodedTarget, **params: Any
    ) -> tuple[Any, ...]:
        """Resample validated ``X`` given the encoded target.

        Implemented by samplers whose ``_fit_resample`` is
        :meth:`_fit_resample_via_codes`. Returns ``(X_resampled,
        codes_resampled, ...)``: the output rows' codes into
        ``target.classes``. ``self.sampling_strategy_`` holds the user's labels.
        """
        raise NotImplementedError

    def _fit_resample_via_codes(
        self, X: Any, y: np.ndarray, **params: Any
    ) -> tuple[Any, ...]:
        """``_fit_resample`` of a sampler that works on label codes: encode
        ``y`` (or reuse the enclosing ``fit_resample``'s encoding), resample,
        decode."""
        target = EncodedTarget.from_labels(y)
        output = self._fit_resample_codes(X, target, **params)
        return (output[0], target.decode(np.asarray(output[1])), *output[2:])


class BaseSampler(SamplerMixin, OneToOneFeatureMixin, BaseEstimator):
    """Base class of imbfast's samplers (imbalanced-learn's ``BaseSampler``).

    Subclasses set ``_sampling_type`` (``"over-sampling"``, ``"under-sampling"``
    or ``"clean-sampling"``), declare ``_parameter_constraints`` and implement
    ``_fit_resample``. Not meant to be instantiated directly.
    """

    _sampling_type: str = "bypass"
    # Whether the fitted sampler exposes ``sample_indices_`` (its sampler tag).
    _sample_indices: bool = False

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
            sampler_tags=SamplerTags(sample_indices=self._sample_indices),
        )
