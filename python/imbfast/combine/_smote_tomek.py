"""SMOTE over-sampling followed by Tomek-link cleaning."""

from __future__ import annotations

from typing import Any

from ..base import substitute
from ..under_sampling import TomekLinks
from ._base import _SAMPLER, _BaseCombine

__all__ = ["SMOTETomek"]


@substitute(**_BaseCombine._docstrings)
class SMOTETomek(_BaseCombine):
    """Over-sample with SMOTE, then remove Tomek links.

    A drop-in for :class:`imblearn.combine.SMOTETomek` (0.14.2): the same
    ``random_state`` gives the same rows. ``smote`` and ``tomek`` accept
    imbfast's or imbalanced-learn's samplers (any object with ``fit_resample``).

    Parameters
    ----------
    {smote_parameters}

    tomek : sampler object, default=None
        The cleaner; ``TomekLinks(sampling_strategy='all', n_jobs=n_jobs)`` when
        not given (both members of a link are removed).

    n_jobs : int, default=None
        Threads of the default TomekLinks.

    Attributes
    ----------
    {smote_attributes}
    tomek_ : sampler object
        The fitted cleaner.
    {feature_attributes}
    """

    _cleaner_param = "tomek"

    _parameter_constraints: dict = {
        **_BaseCombine._parameter_constraints,
        "tomek": [_SAMPLER, None],
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        smote: Any = None,
        tomek: Any = None,
        n_jobs: int | None = None,
    ) -> None:
        super().__init__()
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.smote = smote
        self.tomek = tomek
        self.n_jobs = n_jobs

    def _default_cleaner(self) -> TomekLinks:
        return TomekLinks(sampling_strategy="all", n_jobs=self.n_jobs)
