"""imbalanced-learn 0.14.2's own ensemble tests, run against imbfast's classes.

Each module of ``imblearn/ensemble/tests/`` is read from the installed
imbalanced-learn, its ``from imblearn.ensemble import ...`` line is pointed at
``imbfast.ensemble`` and its fixtures are renamed per module (two modules define an
``imbalanced_dataset`` fixture with different data); the module is then executed
and its tests and fixtures collected here. Nothing else in the tests changes:
imbalanced-learn's samplers, pipelines and datasets are used as they are.
"""

from __future__ import annotations

import importlib.util
import re
import types
from pathlib import Path

import pytest

pytest.importorskip("imblearn")

_MODULES = ("test_bagging", "test_easy_ensemble", "test_forest", "test_weight_boosting")

# Tests that check imbalanced-learn's internals rather than behaviour: none so far.
_SKIP: dict[str, str] = {}


def _load(name: str) -> types.ModuleType:
    spec = importlib.util.find_spec(f"imblearn.ensemble.tests.{name}")
    path = Path(spec.origin)
    source = path.read_text()
    patched, n_imports = re.subn(
        r"^from imblearn\.ensemble import ",
        "from imbfast.ensemble import ",
        source,
        flags=re.MULTILINE,
    )
    assert n_imports == 1, f"{path}: expected one 'from imblearn.ensemble import' line"
    patched = re.sub(r"\bimbalanced_dataset\b", f"imbalanced_dataset_{name}", patched)
    module = types.ModuleType(f"imblearn_suite_{name}")
    module.__file__ = str(path)
    exec(compile(patched, str(path), "exec"), module.__dict__)  # noqa: S102 (trusted: installed imbalanced-learn)
    return module


def _collect() -> dict[str, object]:
    found: dict[str, object] = {}
    for name in _MODULES:
        module = _load(name)
        short = name.removeprefix("test_")
        for attr, value in vars(module).items():
            if attr.startswith("imbalanced_dataset_"):
                found[attr] = value  # the module's fixture, renamed
            elif attr.startswith("test_") and callable(value):
                key = f"{name}::{attr}"
                if key in _SKIP:
                    value = pytest.mark.skip(reason=_SKIP[key])(value)
                found[f"test_{short}__{attr.removeprefix('test_')}"] = value
    return found


globals().update(_collect())
