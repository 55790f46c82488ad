"""Over-sampling followed by cleaning: :class:`SMOTEENN`, :class:`SMOTETomek`."""

from __future__ import annotations

from ._smote_enn import SMOTEENN
from ._smote_tomek import SMOTETomek

__all__ = ["SMOTEENN", "SMOTETomek"]
