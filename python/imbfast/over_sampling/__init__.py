"""Over-samplers: random over-sampling and the SMOTE family."""

from __future__ import annotations

from ._adasyn import ADASYN
from ._borderline import BorderlineSMOTE
from ._kmeans_smote import KMeansSMOTE
from ._random_over_sampler import RandomOverSampler
from ._smote import SMOTE
from ._smote_nc import SMOTENC
from ._smoten import SMOTEN
from ._svm_smote import SVMSMOTE

__all__ = [
    "ADASYN",
    "SMOTE",
    "SMOTEN",
    "SMOTENC",
    "SVMSMOTE",
    "BorderlineSMOTE",
    "KMeansSMOTE",
    "RandomOverSampler",
]
