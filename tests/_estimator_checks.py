"""imbalanced-learn's ``parametrize_with_checks`` with its checks in a list.

imbalanced-learn 0.14 hands pytest a generator, which pytest deprecates
(PytestRemovedIn10Warning); the same checks, materialised once, are collected the
same way.
"""

from __future__ import annotations

import pytest
from imblearn.utils.estimator_checks import parametrize_with_checks as _imblearn_checks


def parametrize_with_checks(estimators, **kwargs):
    mark = _imblearn_checks(estimators, **kwargs).mark
    argnames, argvalues = mark.args
    return pytest.mark.parametrize(argnames, list(argvalues), **mark.kwargs)
