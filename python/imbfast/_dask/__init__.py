"""Exact resampling of Dask collections (the ``imbfast[dask]`` extra).

``fit_resample`` of the samplers listed in :data:`SUPPORTED` accepts a
``dask.array.Array`` or a ``dask.dataframe.DataFrame`` as ``X`` (and a Dask
array or Series as ``y``) and returns lazy Dask collections of the same kinds.
The computed result (rows and their order) equals single-machine imbfast on the
computed arrays, for any chunking and any number of workers: the random draws
are made in the single-machine sampler's order, from quantities that do not
depend on where rows live (class counts, the rows of the classes being
interpolated, neighbour lists) -- by the sampler itself on stand-in data
(random over- and under-sampling) or by one chain of small tasks per random
stream (the SMOTE family, :mod:`imbfast._dask._smote_blocks`).

Nothing here imports dask or distributed until a Dask collection arrives:
:func:`is_dask_collection` looks at the type only.
"""

from __future__ import annotations

from typing import Any

__all__ = ["SUPPORTED", "fit_resample", "is_dask_collection"]

#: Samplers whose ``fit_resample`` accepts Dask collections.
SUPPORTED = (
    "RandomOverSampler",
    "RandomUnderSampler",
    "SMOTE",
    "BorderlineSMOTE",
    "ADASYN",
    "EditedNearestNeighbours",
    "RepeatedEditedNearestNeighbours",
    "AllKNN",
    "TomekLinks",
)


def is_dask_collection(obj: Any) -> bool:
    """Whether ``obj`` is a Dask collection (array, DataFrame, Series), checked
    without importing dask."""
    module = type(obj).__module__ or ""
    return module.split(".", 1)[0] == "dask" and hasattr(obj, "__dask_graph__")


def fit_resample(sampler: Any, X: Any, y: Any, **params: Any) -> tuple[Any, Any]:
    """Resample Dask ``X`` and ``y`` with ``sampler``; see the module docstring.

    Called by :meth:`imbfast.base.SamplerMixin.fit_resample` when ``X`` or ``y``
    is a Dask collection.
    """
    from ._samplers import dask_fit_resample

    return dask_fit_resample(sampler, X, y, **params)
