"""Fixtures shared by several test modules (plain helpers live in _helpers.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def client():
    """A 2-process ``distributed.LocalCluster`` client, one per test module."""
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2,
            processes=True,
            threads_per_worker=1,
            dashboard_address=None,
            worker_dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c
