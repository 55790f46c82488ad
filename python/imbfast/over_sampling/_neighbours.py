"""Small helpers of the over-samplers. Their neighbour lists come from the
neighbour layer, :mod:`imbfast._neighbour_lists`."""

from __future__ import annotations

from numbers import Integral
from typing import Any

from .._threads import effective_n_threads

__all__ = ["integer_count"]

# The kernels' thread count under the name tests/test_svm_kmeans_smote.py patches
# (results never depend on it); the neighbour layer calls effective_n_threads.
_n_threads = effective_n_threads


def integer_count(n: Any, label: Any, sampler: str) -> int:
    """``n`` new samples of class ``label`` as an int, or the ``TypeError``
    imbalanced-learn's draw raises on a non-integer count (a float in a
    ``sampling_strategy`` dict or returned by a callable), with a clear message.
    """
    if isinstance(n, Integral):
        return int(n)
    raise TypeError(
        f"{sampler} needs an integer number of samples to generate: "
        f"sampling_strategy asks for {n} new samples of class {label!r}."
    )
