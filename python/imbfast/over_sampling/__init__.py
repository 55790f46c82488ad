"""Over-samplers: :class:`SMOTE` and :class:`RandomOverSampler`."""

from __future__ import annotations

from ._random_over_sampler import RandomOverSampler
from ._smote import SMOTE

__all__ = ["SMOTE", "RandomOverSampler"]
