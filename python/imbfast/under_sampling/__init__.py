"""Under-samplers and cleaning samplers."""

from __future__ import annotations

from ._edited_nearest_neighbours import (
    AllKNN,
    EditedNearestNeighbours,
    RepeatedEditedNearestNeighbours,
)
from ._random_under_sampler import RandomUnderSampler
from ._tomek_links import TomekLinks

__all__ = [
    "AllKNN",
    "EditedNearestNeighbours",
    "RandomUnderSampler",
    "RepeatedEditedNearestNeighbours",
    "TomekLinks",
]
