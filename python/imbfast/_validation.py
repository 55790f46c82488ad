"""Input and parameter validation shared by the samplers.

Re-implements the semantics of ``imblearn.utils._validation`` 0.14.2 (same
results, same error types and messages) without importing imbalanced-learn.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from numbers import Integral, Real
from typing import Any, Callable

import numpy as np
from sklearn.base import clone
from sklearn.utils import column_or_1d
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import _num_samples, check_array

__all__ = [
    "SAMPLING_KIND",
    "ArraysTransformer",
    "check_neighbors_object",
    "check_sampling_strategy",
    "check_target_type",
]

SAMPLING_KIND = ("over-sampling", "under-sampling", "clean-sampling", "ensemble", "bypass")
_BALANCING = ("over-sampling", "under-sampling")


# --------------------------------------------------------------------------------------
# output containers


def _is_pandas_df(obj: Any) -> bool:
    # Look pandas up only if the caller already imported it (as sklearn does).
    import sys

    pd = sys.modules.get("pandas")
    return pd is not None and isinstance(obj, pd.DataFrame)


class ArraysTransformer:
    """Remember the containers of ``X`` and ``y`` and give results back in them.

    A list comes back as a list; a DataFrame as a DataFrame with the same
    columns and column dtypes (the row index is whatever the sampler output
    carries: a new ``RangeIndex`` for arrays); a Series as a Series with the same
    name and dtype. ``y`` takes ``X``'s index when both are pandas objects.
    """

    def __init__(self, X: Any, y: Any) -> None:
        self.x_props = self._props(X)
        self.y_props = self._props(y)

    @staticmethod
    def _props(obj: Any) -> dict[str, Any]:
        return {
            "type": type(obj).__name__.lower(),
            "columns": getattr(obj, "columns", None),
            "name": getattr(obj, "name", None),
            "dtypes": getattr(obj, "dtypes", None),
        }

    def transform(self, X: Any, y: Any) -> tuple[Any, Any]:
        X = self._restore(X, self.x_props)
        y = self._restore(y, self.y_props)
        if self.x_props["type"] == "dataframe" and self.y_props["type"] in {
            "series",
            "dataframe",
        }:
            y.index = X.index
        return X, y

    @staticmethod
    def _restore(arr: Any, props: dict[str, Any]) -> Any:
        kind = props["type"]
        if kind == "list":
            return arr.tolist()
        if kind == "dataframe":
            import pandas as pd
            from scipy import sparse

            if sparse.issparse(arr):
                out = pd.DataFrame.sparse.from_spmatrix(arr, columns=props["columns"])
            else:
                out = pd.DataFrame(arr, columns=props["columns"])
            try:
                return out.astype(props["dtypes"])
            except TypeError:
                # An all-NaT column that numpy stacked as datetime64 while the
                # original column was timedelta64 (imbalanced-learn issue 1055).
                for col in out.columns:
                    if (
                        out[col].isnull().all()
                        and out[col].dtype.kind == "M"
                        and props["dtypes"][col].kind == "m"
                    ):
                        out[col] = pd.to_timedelta(["NaT"] * len(out[col]))
                return out.astype(props["dtypes"])
        if kind == "series":
            import pandas as pd

            return pd.Series(arr, dtype=props["dtypes"], name=props["name"])
        return arr


def check_X_no_conversion(X: Any) -> Any:
    """Light check used by samplers that only index rows (no arithmetic).

    DataFrames pass through untouched; anything else becomes a 2-D array (or
    CSR/CSC matrix) of its own dtype, NaN/inf and strings allowed.
    """
    n_samples = _num_samples(X)
    if n_samples < 1:
        raise ValueError(
            f"Found array with {n_samples} sample(s) while a minimum of 1 is required."
        )
    if _is_pandas_df(X):
        return X
    return check_array(X, dtype=None, accept_sparse=["csr", "csc"], ensure_all_finite=False)


# --------------------------------------------------------------------------------------
# targets


def check_target_type(y: Any, indicate_one_vs_all: bool = False) -> Any:
    """Return ``y`` as a 1-D label array.

    A one-hot ``multilabel-indicator`` target (one 1 per row) is turned into
    ``argmax`` labels; with ``indicate_one_vs_all=True`` a flag saying so is
    returned too. True multilabel / multioutput targets raise ``ValueError``.
    """
    kind = type_of_target(y)
    one_vs_all = kind == "multilabel-indicator"
    if one_vs_all:
        if np.any(y.sum(axis=1) > 1):
            raise ValueError(
                "Imbalanced-learn currently supports binary, multiclass and "
                "binarized encoded multiclasss targets. Multilabel and "
                "multioutput targets are not supported."
            )
        y = y.argmax(axis=1)
    else:
        y = column_or_1d(y)
    return (y, one_vs_all) if indicate_one_vs_all else y


# --------------------------------------------------------------------------------------
# kNN objects


def check_neighbors_object(nn_name: str, nn_object: Any, additional_neighbor: int = 0) -> Any:
    """An int ``k`` becomes ``imbfast.neighbors.NearestNeighbors(k + additional_neighbor)``;
    any other object (anything with ``kneighbors`` / ``kneighbors_graph``) is cloned
    and used as given.
    """
    if isinstance(nn_object, Integral):
        from .neighbors import NearestNeighbors

        return NearestNeighbors(n_neighbors=int(nn_object) + additional_neighbor)
    return clone(nn_object)


# --------------------------------------------------------------------------------------
# sampling_strategy


def _class_counts(y: np.ndarray) -> dict[Any, int]:
    """Label -> count, labels in sorted order."""
    labels, counts = np.unique(y, return_counts=True)
    return dict(zip(labels, counts))


def _majority(stats: dict[Any, int]) -> Any:
    # max() keeps the first of equal counts; labels are sorted, so ties go to the
    # smallest label.
    return max(stats, key=stats.get)


def _minority(stats: dict[Any, int]) -> Any:
    return min(stats, key=stats.get)


def _targets(y: np.ndarray, sampling_type: str, keep: Callable[[Any, Any, Any], bool]) -> dict:
    """Shared body of the string strategies.

    ``keep(label, majority_label, minority_label)`` says which classes are
    targeted. Over-sampling asks for ``n_majority - n_c`` new samples; under- and
    cleaning-sampling keep ``n_minority`` samples.
    """
    stats = _class_counts(y)
    maj, mino = _majority(stats), _minority(stats)
    if sampling_type == "over-sampling":
        n_maj = max(stats.values())
        return {c: n_maj - n for c, n in stats.items() if keep(c, maj, mino)}
    if sampling_type in ("under-sampling", "clean-sampling"):
        n_min = min(stats.values())
        return {c: n_min for c in stats if keep(c, maj, mino)}
    raise NotImplementedError


def _strategy_minority(y: np.ndarray, sampling_type: str) -> dict:
    if sampling_type in ("under-sampling", "clean-sampling"):
        raise ValueError(
            "'sampling_strategy'='minority' cannot be used with"
            " under-sampler and clean-sampler."
        )
    return _targets(y, sampling_type, lambda c, maj, mino: c == mino)


def _strategy_majority(y: np.ndarray, sampling_type: str) -> dict:
    if sampling_type == "over-sampling":
        raise ValueError("'sampling_strategy'='majority' cannot be used with over-sampler.")
    return _targets(y, sampling_type, lambda c, maj, mino: c == maj)


def _strategy_not_minority(y: np.ndarray, sampling_type: str) -> dict:
    return _targets(y, sampling_type, lambda c, maj, mino: c != mino)


def _strategy_not_majority(y: np.ndarray, sampling_type: str) -> dict:
    return _targets(y, sampling_type, lambda c, maj, mino: c != maj)


def _strategy_all(y: np.ndarray, sampling_type: str) -> dict:
    return _targets(y, sampling_type, lambda c, maj, mino: True)


def _strategy_auto(y: np.ndarray, sampling_type: str) -> dict:
    if sampling_type == "over-sampling":
        return _strategy_not_majority(y, sampling_type)
    return _strategy_not_minority(y, sampling_type)


_STRING_STRATEGIES: dict[str, Callable[[np.ndarray, str], dict]] = {
    "minority": _strategy_minority,
    "majority": _strategy_majority,
    "not minority": _strategy_not_minority,
    "not majority": _strategy_not_majority,
    "all": _strategy_all,
    "auto": _strategy_auto,
}


def _check_known_classes(requested: Any, stats: dict[Any, int]) -> None:
    unknown = set(requested) - set(stats)
    if unknown:
        raise ValueError(f"The {unknown} target class is/are not present in the data.")


def _strategy_dict(strategy: dict, y: np.ndarray, sampling_type: str) -> dict:
    stats = _class_counts(y)
    _check_known_classes(strategy.keys(), stats)
    if any(n < 0 for n in strategy.values()):
        raise ValueError(
            "The number of samples in a class cannot be negative."
            f"'sampling_strategy' contains some negative value: {strategy}"
        )
    if sampling_type == "over-sampling":
        out = {}
        for c, n in strategy.items():
            if n < stats[c]:
                raise ValueError(
                    "With over-sampling methods, the number"
                    " of samples in a class should be greater"
                    " or equal to the original number of samples."
                    f" Originally, there is {stats[c]} "
                    f"samples and {n} samples are asked."
                )
            out[c] = n - stats[c]
        return out
    if sampling_type == "under-sampling":
        out = {}
        for c, n in strategy.items():
            if n > stats[c]:
                raise ValueError(
                    "With under-sampling methods, the number of"
                    " samples in a class should be less or equal"
                    " to the original number of samples."
                    f" Originally, there is {stats[c]} "
                    f"samples and {n} samples are asked."
                )
            out[c] = n
        return out
    if sampling_type == "clean-sampling":
        raise ValueError(
            "'sampling_strategy' as a dict for cleaning methods is "
            "not supported. Please give a list of the classes to be "
            "targeted by the sampling."
        )
    raise NotImplementedError


def _strategy_list(strategy: list, y: np.ndarray, sampling_type: str) -> dict:
    if sampling_type != "clean-sampling":
        raise ValueError(
            "'sampling_strategy' cannot be a list for samplers "
            "which are not cleaning methods."
        )
    stats = _class_counts(y)
    _check_known_classes(strategy, stats)
    n_min = min(stats.values())
    return {c: n_min for c in strategy}


def _strategy_float(ratio: float, y: np.ndarray, sampling_type: str) -> dict:
    if type_of_target(y) != "binary":
        raise ValueError(
            '"sampling_strategy" can be a float only when the type '
            "of target is binary. For multi-class, use a dict."
        )
    stats = _class_counts(y)
    if sampling_type == "over-sampling":
        n_maj, maj = max(stats.values()), _majority(stats)
        # Python int() truncation, as imbalanced-learn: 100 * 0.29 - 10 -> 18.
        out = {c: int(n_maj * ratio - n) for c, n in stats.items() if c != maj}
        if any(n <= 0 for n in out.values()):
            raise ValueError(
                "The specified ratio required to remove samples "
                "from the minority class while trying to "
                "generate new samples. Please increase the "
                "ratio."
            )
        return out
    if sampling_type == "under-sampling":
        n_min, mino = min(stats.values()), _minority(stats)
        out = {c: int(n_min / ratio) for c in stats if c != mino}
        if any(n > stats[c] for c, n in out.items()):
            raise ValueError(
                "The specified ratio required to generate new "
                "sample in the majority class while trying to "
                "remove samples. Please increase the ratio."
            )
        return out
    raise ValueError("'clean-sampling' methods do let the user specify the sampling ratio.")


def _sorted(d: dict) -> OrderedDict:
    return OrderedDict(sorted(d.items()))


def check_sampling_strategy(
    sampling_strategy: Any, y: np.ndarray, sampling_type: str, **kwargs: Any
) -> Any:
    """Turn ``sampling_strategy`` into ``OrderedDict(label -> count)`` sorted by label.

    Over-sampling: the count is the number of samples to *generate*;
    under-sampling: the number to *keep*; cleaning: the keys are the targeted
    classes. Same forms, results and errors as imbalanced-learn 0.14.2:
    a float ratio (binary only), one of the strings ``'auto'``, ``'minority'``,
    ``'majority'``, ``'not minority'``, ``'not majority'``, ``'all'``, a dict
    ``{label: wanted final count}``, a list of labels (cleaning only) or a
    callable ``f(y, **kwargs) -> dict``.
    """
    if sampling_type not in SAMPLING_KIND:
        raise ValueError(
            f"'sampling_type' should be one of {SAMPLING_KIND}. "
            f"Got '{sampling_type}' instead."
        )
    n_classes = np.unique(y).size
    if n_classes <= 1:
        raise ValueError(
            "The target 'y' needs to have more than 1 class. "
            f"Got {n_classes} class instead"
        )
    if sampling_type in ("ensemble", "bypass"):
        return sampling_strategy

    if isinstance(sampling_strategy, str):
        if sampling_strategy not in _STRING_STRATEGIES:
            raise ValueError(
                "When 'sampling_strategy' is a string, it needs"
                f" to be one of {list(_STRING_STRATEGIES)}. Got '{sampling_strategy}' "
                "instead."
            )
        return _sorted(_STRING_STRATEGIES[sampling_strategy](y, sampling_type))
    if isinstance(sampling_strategy, Mapping):
        return _sorted(_strategy_dict(dict(sampling_strategy), y, sampling_type))
    if isinstance(sampling_strategy, list):
        return _sorted(_strategy_list(sampling_strategy, y, sampling_type))
    if isinstance(sampling_strategy, Real):
        if sampling_strategy <= 0 or sampling_strategy > 1:
            raise ValueError(
                "When 'sampling_strategy' is a float, it should be "
                f"in the range (0, 1]. Got {sampling_strategy} instead."
            )
        return _sorted(_strategy_float(sampling_strategy, y, sampling_type))
    if callable(sampling_strategy):
        return _sorted(_strategy_dict(sampling_strategy(y, **kwargs), y, sampling_type))
    return None
