"""Under-samplers and cleaning samplers."""

from __future__ import annotations

from ._cluster_centroids import ClusterCentroids
from ._cnn import CondensedNearestNeighbour
from ._edited_nearest_neighbours import (
    AllKNN,
    EditedNearestNeighbours,
    RepeatedEditedNearestNeighbours,
)
from ._iht import InstanceHardnessThreshold
from ._ncr import NeighbourhoodCleaningRule
from ._nearmiss import NearMiss
from ._oss import OneSidedSelection
from ._random_under_sampler import RandomUnderSampler
from ._tomek_links import TomekLinks

__all__ = [
    "AllKNN",
    "ClusterCentroids",
    "CondensedNearestNeighbour",
    "EditedNearestNeighbours",
    "InstanceHardnessThreshold",
    "NearMiss",
    "NeighbourhoodCleaningRule",
    "OneSidedSelection",
    "RandomUnderSampler",
    "RepeatedEditedNearestNeighbours",
    "TomekLinks",
]
