"""Base class of the over-samplers."""

from __future__ import annotations

from collections.abc import Mapping
from numbers import Real

import numpy as np
from sklearn.utils._param_validation import Interval, StrOptions

from ..base import BaseSampler

__all__ = ["BaseOverSampler", "output_block"]


def output_block(
    X: np.ndarray, y: np.ndarray, n_new: int
) -> tuple[np.ndarray, np.ndarray]:
    """The over-samplers' one dense output: ``X`` and ``y`` on top (this is also
    the one C-order copy of ``X``), room for ``n_new`` new rows and labels below,
    which each class then writes in place."""
    n = X.shape[0]
    X_res = np.empty((n + n_new, X.shape[1]), dtype=X.dtype)
    X_res[:n] = X
    y_res = np.empty(n + n_new, dtype=y.dtype)
    y_res[:n] = y
    return X_res, y_res


class BaseOverSampler(BaseSampler):
    """Base class for over-sampling algorithms (imbalanced-learn's
    ``BaseOverSampler``). Not meant to be instantiated directly.

    ``sampling_strategy_`` maps each targeted class to the number of samples
    to *generate*.
    """

    _sampling_type = "over-sampling"

    _sampling_strategy_docstring = """\
    sampling_strategy : float, str, dict or callable, default='auto'
        Sampling information to resample the data set.

        - ``float``: the wanted ratio ``N_rm / N_M`` of minority samples after
          resampling over majority samples (binary targets only). The number
          of new samples is ``int(N_M * ratio - N_m)``; it must be positive.
        - ``str``: which classes to resample, to the size of the majority:
          ``'minority'``, ``'not minority'``, ``'not majority'``, ``'all'``,
          ``'auto'`` (= ``'not majority'``).
        - ``dict``: ``{class: wanted number of samples after resampling}``.
        - callable: ``f(y) -> dict`` as above.
        """.strip()

    _parameter_constraints: dict = {
        "sampling_strategy": [
            Interval(Real, 0, 1, closed="right"),
            StrOptions({"auto", "minority", "not minority", "not majority", "all"}),
            Mapping,
            callable,
        ],
        "random_state": ["random_state"],
    }
