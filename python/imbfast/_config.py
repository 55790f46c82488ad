"""Global configuration of imbfast, in scikit-learn's ``set_config`` style.

One setting so far:

``neighbour_ties`` : {"imblearn", "index"}, default="imblearn"
    How neighbour lists are decided where distances tie. imbfast's engine is
    exact and orders equal distances by row index, and excludes a row from its
    own list by index. ``"imblearn"``: the rows whose list (its order, or the cut
    between the k-th and the (k+1)-th neighbour) is decided by a tie, or by a gap
    below the rounding error of the scikit-learn search imbalanced-learn runs, are
    answered by that same scikit-learn search (same algorithm choice, same fitted
    rows, same column-0 drop; see :mod:`imbfast._ties`), so the output equals
    imbalanced-learn's on any data; the other rows keep the engine's answer.
    Where imbalanced-learn's own answer changes with its OpenMP thread count
    (ties in scikit-learn's brute force over few query rows), the rule gives its
    one-thread answer, so the output never depends on the thread count.
    ``"index"``: the engine's answer everywhere (ties by index, self excluded by
    index), never calling scikit-learn.

The configuration is held per thread and per asyncio task (a
:class:`contextvars.ContextVar`), so :func:`config_context` in one thread does
not change another's.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

__all__ = ["config_context", "get_config", "set_config"]

_DEFAULTS: dict[str, Any] = {"neighbour_ties": "imblearn"}
_CHOICES: dict[str, tuple] = {"neighbour_ties": ("imblearn", "index")}

_config: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "imbfast_config", default=None
)


def get_config() -> dict[str, Any]:
    """The current configuration, as a new dict (see :func:`set_config`)."""
    current = _config.get()
    return dict(_DEFAULTS if current is None else current)


def _checked(name: str, value: Any) -> Any:
    if value not in _CHOICES[name]:
        raise ValueError(
            f"{name} must be one of {', '.join(map(repr, _CHOICES[name]))}; got {value!r}"
        )
    return value


def set_config(neighbour_ties: str | None = None) -> None:
    """Set imbfast's configuration for the current context.

    Parameters
    ----------
    neighbour_ties : {"imblearn", "index"}, default=None
        The tie rule of every neighbour list a sampler uses (see the module
        docstring). ``None`` leaves it unchanged.
    """
    config = get_config()
    if neighbour_ties is not None:
        config["neighbour_ties"] = _checked("neighbour_ties", neighbour_ties)
    _config.set(config)


@contextlib.contextmanager
def config_context(*, neighbour_ties: str | None = None) -> Iterator[None]:
    """Temporarily change the configuration (restored on exit, even on error).

    Examples
    --------
    >>> from imbfast._config import config_context, get_config
    >>> with config_context(neighbour_ties="index"):
    ...     get_config()["neighbour_ties"]
    'index'
    """
    config = get_config()
    if neighbour_ties is not None:
        config["neighbour_ties"] = _checked("neighbour_ties", neighbour_ties)
    token = _config.set(config)
    try:
        yield
    finally:
        _config.reset(token)


def neighbour_ties() -> str:
    """The tie rule in force: ``"imblearn"`` or ``"index"``."""
    current = _config.get()
    return (_DEFAULTS if current is None else current)["neighbour_ties"]
