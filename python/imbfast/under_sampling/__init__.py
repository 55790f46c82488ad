"""Under-samplers and cleaning samplers."""

from __future__ import annotations

from ._cnn import CondensedNearestNeighbour
from ._edited_nearest_neighbours import (
    AllKNN,
    EditedNearestNeighbours,
    RepeatedEditedNearestNeighbours,
)
from ._ncr import NeighbourhoodCleaningRule
from ._nearmiss import NearMiss
from ._oss import OneSidedSelection
from ._random_under_sampler import RandomUnderSampler
from ._tomek_links import TomekLinks

__all__ = [
    "AllKNN",
    "CondensedNearestNeighbour",
    "EditedNearestNeighbours",
    "NearMiss",
    "NeighbourhoodCleaningRule",
    "OneSidedSelection",
    "RandomUnderSampler",
    "RepeatedEditedNearestNeighbours",
    "TomekLinks",
]
