"""Random over-sampling: bootstrap (optionally smoothed) copies of existing rows."""

from __future__ import annotations

from numbers import Real
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.utils import check_array, check_random_state
from sklearn.utils._param_validation import Interval
from sklearn.utils.sparsefuncs import mean_variance_axis
from sklearn.utils.validation import check_consistent_length, validate_data

from .._validation import (
    EncodedTarget,
    _is_pandas_df,
    check_target_type,
    check_X_no_conversion,
    complex_error,
    holds_complex,
)
from ..base import substitute
from ..neighbors import _exponent_for
from .base import BaseOverSampler

__all__ = ["RandomOverSampler"]


def _std(A: np.ndarray) -> np.ndarray:
    """``np.std(A, axis=0)``, computed on ``A`` times a power of two when its
    squares would overflow (or underflow) float64 (the engine's exponent rule,
    :func:`imbfast.neighbors._exponent_for`): the same bits wherever the plain
    computation is finite, a finite spread where it would be inf."""
    if A.dtype != np.float64 or A.size == 0:
        return np.std(A, axis=0)
    with np.errstate(invalid="ignore"):
        amax = float(np.nanmax(np.abs(A))) if not np.isnan(A).all() else 0.0
    e = _exponent_for(amax) if np.isfinite(amax) else 0
    if e == 0:
        return np.std(A, axis=0)
    return np.ldexp(np.std(np.ldexp(A, -e), axis=0), e)


@substitute(sampling_strategy=BaseOverSampler._sampling_strategy_docstring)
class RandomOverSampler(BaseOverSampler):
    """Over-sample by picking rows of each class at random, with replacement.

    A drop-in for :class:`imblearn.over_sampling.RandomOverSampler` (0.14.2): the
    same ``random_state`` gives the same rows. Rows are only copied (no
    arithmetic) unless ``shrinkage`` is set, so any data works: strings, NaN,
    object columns, datetimes.

    Parameters
    ----------
    {sampling_strategy}

    random_state : int, RandomState instance or None, default=None
        ``None`` uses numpy's global random stream; an int seeds one fresh
        ``RandomState`` per call; an instance is drawn from and left advanced.

    shrinkage : float or dict, default=None
        ``None``: plain bootstrap. A float >= 0 (or ``{class: float}`` covering
        every resampled class): smoothed bootstrap, adding Gaussian noise of
        per-feature scale ``shrinkage * h * std(class)`` with
        ``h = (4 / ((n_features + 2) * n_samples)) ** (1 / (n_features + 4))``.
        X must then be numeric, and dense output is float64.

    Attributes
    ----------
    sampling_strategy_ : OrderedDict
        Class label -> number of samples to generate, sorted by label.
    sample_indices_ : ndarray of shape (n_new_samples,)
        Row of the input behind each output row: ``arange(n_samples)`` followed
        by the drawn rows.
    shrinkage_ : dict or None
        Class label -> shrinkage factor used.
    {feature_attributes}

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbfast.over_sampling import RandomOverSampler
    >>> X, y = make_classification(n_classes=2, class_sep=2,
    ...     weights=[0.1, 0.9], n_informative=3, n_redundant=1, flip_y=0,
    ...     n_features=20, n_clusters_per_class=1, n_samples=1000, random_state=10)
    >>> X_res, y_res = RandomOverSampler(random_state=42).fit_resample(X, y)
    >>> sorted(Counter(y_res).items())
    [(np.int64(0), 900), (np.int64(1), 900)]
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "shrinkage": [Interval(Real, 0, None, closed="left"), dict, None],
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        shrinkage: Any = None,
    ) -> None:
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state
        self.shrinkage = shrinkage

    def _check_X_y(
        self, X: Any, y: Any, accept_sparse: Any = None
    ) -> tuple[Any, Any, bool]:
        y, one_hot = check_target_type(y, indicate_one_vs_all=True)
        X = check_X_no_conversion(X)
        validate_data(self, X=X, y=y, reset=True, skip_check_array=True)
        # imbalanced-learn skips this check and fails later with an IndexError
        # (or silently misaligns rows); a clear ValueError is better.
        check_consistent_length(X, y)
        return X, y, one_hot

    def _resolve_shrinkage(self) -> dict | None:
        if isinstance(self.shrinkage, Real):
            shrinkage = {label: self.shrinkage for label in self.sampling_strategy_}
        else:
            shrinkage = self.shrinkage  # None or a mapping
        if shrinkage is not None:
            missing = self.sampling_strategy_.keys() - shrinkage.keys()
            if missing:
                raise ValueError(
                    "`shrinkage` should contain a shrinkage factor for "
                    "each class that will be resampled. The missing "
                    f"classes are: {missing!r}"
                )
            for label, factor in shrinkage.items():
                if factor < 0:
                    raise ValueError(
                        f"The shrinkage factor needs to be >= 0. Got {factor} for class {label}."
                    )
        return shrinkage

    # Runs on label codes (the labels are put back by the base class).
    _fit_resample = BaseOverSampler._fit_resample_via_codes

    def _fit_resample_codes(
        self, X: Any, target: EncodedTarget
    ) -> tuple[Any, np.ndarray]:
        rs = check_random_state(self.random_state)
        self.shrinkage_ = self._resolve_shrinkage()
        if self.shrinkage_ is not None:
            # The smoothed bootstrap does arithmetic: X must be numeric.
            try:
                X = check_array(X, accept_sparse=["csr", "csc"], dtype="numeric")
            except ValueError as exc:
                raise ValueError(
                    "When shrinkage is not None, X needs to contain only "
                    "numerical data to later generate a smoothed bootstrap "
                    "sample."
                ) from exc
            except TypeError as exc:
                if holds_complex(X):
                    raise complex_error(X) from exc
                raise
            return self._smoothed_bootstrap(X, target, rs)

        # Plain bootstrap: one draw per class in label order (a class asking
        # for 0 samples draws nothing), then a single gather.
        codes = target.codes
        picks = [np.arange(X.shape[0])]
        for label, m in self.sampling_strategy_.items():
            class_rows = np.flatnonzero(codes == target.code_of(label))
            picks.append(rs.choice(class_rows, size=m, replace=True))
        indices = np.concatenate(picks).astype(np.intp, copy=False)
        self.sample_indices_ = indices
        codes_res = np.take(codes, indices)
        if _is_pandas_df(X):
            # As imbalanced-learn: stacked through numpy (common dtype), the
            # caller's column dtypes are restored on the way out.
            X_res = np.vstack([X] + [X.iloc[p] for p in picks[1:]])
        elif sparse.issparse(X):
            X_res = sparse.vstack([X] + [X[p] for p in picks[1:]], format=X.format)
        else:
            X_res = np.take(X, indices, axis=0)
        return X_res, codes_res

    def _smoothed_bootstrap(
        self, X: Any, target: EncodedTarget, rs: Any
    ) -> tuple[Any, np.ndarray]:
        n_samples, n_features = X.shape
        h = (4 / ((n_features + 2) * n_samples)) ** (1 / (n_features + 4))
        X_parts, picks = [X], [np.arange(n_samples)]
        for label, m in self.sampling_strategy_.items():
            class_rows = np.flatnonzero(target.codes == target.code_of(label))
            pick = rs.choice(class_rows, size=m, replace=True)
            picks.append(pick)
            if sparse.issparse(X):
                _, var = mean_variance_axis(X[class_rows, :], axis=0)
                scale = np.sqrt(var, out=var)
            else:
                scale = _std(X[class_rows, :])
            # Same dtype rules as imbalanced-learn's (randn @ diag(f)): f keeps
            # the scale's dtype; noise * f is exact per element.
            factor = self.shrinkage_[label] * h * scale
            X_new = rs.randn(m, n_features) * factor + X[pick, :]
            if sparse.issparse(X):
                X_new = sparse.csr_matrix(X_new, dtype=X.dtype)
            X_parts.append(X_new)
        self.sample_indices_ = np.concatenate(picks).astype(np.intp, copy=False)
        codes_res = np.take(target.codes, self.sample_indices_)
        if sparse.issparse(X):
            return sparse.vstack(X_parts, format=X.format), codes_res
        return np.vstack(X_parts), codes_res

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.input_tags.string = True
        tags.sampler_tags.sample_indices = True
        return tags
