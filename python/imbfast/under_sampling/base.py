"""Base classes of the under-samplers and cleaning samplers."""

from __future__ import annotations

from collections.abc import Mapping
from numbers import Real

from sklearn.utils._param_validation import Interval, StrOptions

from ..base import BaseSampler

__all__ = ["BaseCleaningSampler", "BaseUnderSampler"]


class BaseUnderSampler(BaseSampler):
    """Base class for under-sampling algorithms (imbalanced-learn's
    ``BaseUnderSampler``). Not meant to be instantiated directly.

    ``sampling_strategy_`` maps each targeted class to the number of samples
    to *keep*.
    """

    _sampling_type = "under-sampling"

    _sampling_strategy_docstring = """sampling_strategy : float, str, dict, callable, default='auto'
        Sampling information to sample the data set.

        - ``float``: the wanted ratio ``N_m / N_rM`` of minority samples over
          majority samples after resampling (binary targets only); the
          majority keeps ``int(N_m / ratio)`` samples.
        - ``str``: which classes to resample, down to the size of the
          minority: ``'majority'``, ``'not minority'``, ``'not majority'``,
          ``'all'``, ``'auto'`` (= ``'not minority'``).
        - ``dict``: ``{class: wanted number of samples after resampling}``.
        - callable: ``f(y) -> dict`` as above.
        """.rstrip()

    _parameter_constraints: dict = {
        "sampling_strategy": [
            Interval(Real, 0, 1, closed="right"),
            StrOptions({"auto", "majority", "not minority", "not majority", "all"}),
            Mapping,
            callable,
        ],
    }


class BaseCleaningSampler(BaseSampler):
    """Base class for cleaning samplers (imbalanced-learn's
    ``BaseCleaningSampler``). Not meant to be instantiated directly.

    ``sampling_strategy_`` holds the targeted classes as keys.
    """

    _sampling_type = "clean-sampling"

    _sampling_strategy_docstring = """sampling_strategy : str, list or callable, default='auto'
        Which classes are cleaned (the classes do not end up equal).

        - ``str``: ``'majority'``, ``'not minority'``, ``'not majority'``,
          ``'all'``, ``'auto'`` (= ``'not minority'``).
        - ``list``: the class labels to clean.
        - callable: ``f(y) -> dict`` whose keys are the classes to clean.
        """.rstrip()

    _parameter_constraints: dict = {
        "sampling_strategy": [
            Interval(Real, 0, 1, closed="right"),
            StrOptions({"auto", "majority", "not minority", "not majority", "all"}),
            list,
            callable,
        ],
    }
