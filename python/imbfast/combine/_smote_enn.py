"""SMOTE over-sampling followed by edited-nearest-neighbours cleaning."""

from __future__ import annotations

from typing import Any

from ..base import substitute
from ..under_sampling import EditedNearestNeighbours
from ._base import _SAMPLER, _BaseCombine

__all__ = ["SMOTEENN"]


@substitute(**_BaseCombine._docstrings)
class SMOTEENN(_BaseCombine):
    """Over-sample with SMOTE, then clean with edited nearest neighbours.

    A drop-in for :class:`imblearn.combine.SMOTEENN` (0.14.2): the same
    ``random_state`` gives the same rows. ``smote`` and ``enn`` accept imbfast's
    or imbalanced-learn's samplers (any object with ``fit_resample``).

    Parameters
    ----------
    {smote_parameters}

    enn : sampler object, default=None
        The cleaner; ``EditedNearestNeighbours(sampling_strategy='all',
        n_jobs=n_jobs)`` when not given.

    n_jobs : int, default=None
        Threads of the default ENN.

    Attributes
    ----------
    {smote_attributes}
    enn_ : sampler object
        The fitted cleaner.
    {feature_attributes}
    """

    _cleaner_param = "enn"

    _parameter_constraints: dict = {
        **_BaseCombine._parameter_constraints,
        "enn": [_SAMPLER, None],
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        smote: Any = None,
        enn: Any = None,
        n_jobs: int | None = None,
    ) -> None:
        super().__init__()
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.smote = smote
        self.enn = enn
        self.n_jobs = n_jobs

    def _default_cleaner(self) -> EditedNearestNeighbours:
        return EditedNearestNeighbours(sampling_strategy="all", n_jobs=self.n_jobs)
