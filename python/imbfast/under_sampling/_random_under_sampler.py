"""Random under-sampling: keep a random subset of each targeted class."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.utils import _safe_indexing, check_random_state
from sklearn.utils.validation import check_consistent_length, validate_data

from .._validation import EncodedTarget, check_target_type, check_X_no_conversion
from ..base import substitute
from .base import BaseUnderSampler

__all__ = ["RandomUnderSampler"]


@substitute(sampling_strategy=BaseUnderSampler._sampling_strategy_docstring)
class RandomUnderSampler(BaseUnderSampler):
    """Under-sample by keeping randomly picked rows of the targeted classes.

    A drop-in for :class:`imblearn.under_sampling.RandomUnderSampler` (0.14.2):
    the same ``random_state`` keeps the same rows in the same order. Rows are
    only selected, so any data works: strings, NaN, object columns, datetimes.

    Parameters
    ----------
    {sampling_strategy}

    random_state : int, RandomState instance or None, default=None
        ``None`` uses numpy's global random stream; an int seeds one fresh
        ``RandomState`` per call; an instance is drawn from and left advanced.

    replacement : bool, default=False
        Whether rows are drawn with replacement.

    Attributes
    ----------
    sampling_strategy_ : OrderedDict
        Class label -> number of samples to keep, sorted by label.
    sample_indices_ : ndarray of shape (n_new_samples,)
        Input rows kept, grouped by class in sorted label order.
    {feature_attributes}

    Notes
    -----
    Output rows are grouped by class (sorted labels); inside a targeted class
    they come in random order, untargeted classes keep their original order.
    A pandas DataFrame keeps the original index labels of the kept rows.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbfast.under_sampling import RandomUnderSampler
    >>> X, y = make_classification(n_classes=2, class_sep=2,
    ...     weights=[0.1, 0.9], n_informative=3, n_redundant=1, flip_y=0,
    ...     n_features=20, n_clusters_per_class=1, n_samples=1000, random_state=10)
    >>> X_res, y_res = RandomUnderSampler(random_state=42).fit_resample(X, y)
    >>> sorted(Counter(y_res).items())
    [(np.int64(0), 100), (np.int64(1), 100)]
    """

    _parameter_constraints: dict = {
        **BaseUnderSampler._parameter_constraints,
        "replacement": ["boolean"],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        replacement: bool = False,
    ) -> None:
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state
        self.replacement = replacement

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

    # Runs on label codes (the labels are put back by the base class).
    _fit_resample = BaseUnderSampler._fit_resample_via_codes

    def _fit_resample_codes(
        self, X: Any, target: EncodedTarget
    ) -> tuple[Any, np.ndarray]:
        rs = check_random_state(self.random_state)
        codes = target.codes
        kept = []
        for code, label in enumerate(target.classes):
            class_rows = np.flatnonzero(codes == code)
            if label in self.sampling_strategy_:
                # choice(replace=False) permutes the whole class (even for 0
                # kept rows); choice(replace=True) draws randint. Both as
                # imbalanced-learn, so the random stream stays in step.
                pick = rs.choice(
                    class_rows.shape[0],
                    size=self.sampling_strategy_[label],
                    replace=self.replacement,
                )
                class_rows = class_rows[pick]
            kept.append(class_rows)
        indices = np.concatenate(kept).astype(np.intp, copy=False)
        self.sample_indices_ = indices
        if isinstance(X, np.ndarray):
            X_res = np.take(X, indices, axis=0)
        else:  # DataFrame (index labels kept) or sparse matrix
            X_res = _safe_indexing(X, indices)
        return X_res, np.take(codes, indices)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.input_tags.string = True
        tags.sampler_tags.sample_indices = True
        return tags
