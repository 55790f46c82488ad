"""Under-samplers: :class:`RandomUnderSampler`."""

from __future__ import annotations

from ._random_under_sampler import RandomUnderSampler

__all__ = ["RandomUnderSampler"]
