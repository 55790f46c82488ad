"""Type stubs for imbfast._core, the compiled kernels (checked against the module
by tests/test_core_stub.py: names, parameter names, defaults)."""

from typing import overload

import numpy as np
import numpy.typing as npt

class KDTree32:
    def __init__(
        self,
        X: npt.NDArray[np.float32],
        leaf_size: int = ...,
        flat: bool = ...,
        n_threads: int = ...,
        X_exact: npt.NDArray[np.float32] | npt.NDArray[np.float64] | None = ...,
        center: npt.NDArray[np.float64] | None = ...,
    ) -> None: ...
    @overload
    def query(
        self,
        X: npt.NDArray[np.float32],
        k: int,
        n_threads: int = ...,
        X_exact: npt.NDArray[np.float64] | None = ...,
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]: ...
    @overload
    def query(
        self,
        X: npt.NDArray[np.float64],
        k: int,
        n_threads: int = ...,
        X_exact: npt.NDArray[np.float64] | None = ...,
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]: ...
    def query_self(
        self, k: int, n_threads: int = ...
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]: ...
    @property
    def projected(self) -> bool: ...
    @property
    def n_samples(self) -> int: ...
    @property
    def n_features(self) -> int: ...
    @property
    def leaf_size(self) -> int: ...
    @property
    def n_nodes(self) -> int: ...
    @property
    def flat(self) -> bool: ...

class KDTree64:
    def __init__(
        self,
        X: npt.NDArray[np.float64],
        leaf_size: int = ...,
        flat: bool = ...,
        n_threads: int = ...,
        X_exact: npt.NDArray[np.float32] | npt.NDArray[np.float64] | None = ...,
        center: npt.NDArray[np.float64] | None = ...,
    ) -> None: ...
    @overload
    def query(
        self,
        X: npt.NDArray[np.float32],
        k: int,
        n_threads: int = ...,
        X_exact: npt.NDArray[np.float64] | None = ...,
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]: ...
    @overload
    def query(
        self,
        X: npt.NDArray[np.float64],
        k: int,
        n_threads: int = ...,
        X_exact: npt.NDArray[np.float64] | None = ...,
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]: ...
    def query_self(
        self, k: int, n_threads: int = ...
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]: ...
    @property
    def projected(self) -> bool: ...
    @property
    def n_samples(self) -> int: ...
    @property
    def n_features(self) -> int: ...
    @property
    def leaf_size(self) -> int: ...
    @property
    def n_nodes(self) -> int: ...
    @property
    def flat(self) -> bool: ...

_openmp_enabled: bool

def _work_per_thread(units: float | None = ...) -> float: ...
@overload
def brute_query(
    data: npt.NDArray[np.float32],
    X: npt.NDArray[np.float32],
    k: int,
    n_threads: int = ...,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]: ...
@overload
def brute_query(
    data: npt.NDArray[np.float32],
    X: npt.NDArray[np.float64],
    k: int,
    n_threads: int = ...,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]: ...
@overload
def brute_query(
    data: npt.NDArray[np.float64],
    X: npt.NDArray[np.float32],
    k: int,
    n_threads: int = ...,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]: ...
@overload
def brute_query(
    data: npt.NDArray[np.float64],
    X: npt.NDArray[np.float64],
    k: int,
    n_threads: int = ...,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]: ...
@overload
def brute_query_self(
    data: npt.NDArray[np.float32], k: int, n_threads: int = ...
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]: ...
@overload
def brute_query_self(
    data: npt.NDArray[np.float64], k: int, n_threads: int = ...
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]: ...
@overload
def cnn_select(
    S: npt.NDArray[np.float32],
    s_global: npt.NDArray[np.int64],
    best_d2: npt.NDArray[np.float64],
    best_code: npt.NDArray[np.int64],
    target: int,
    n_classes: int,
    skip: npt.NDArray[np.uint8],
    n_threads: int = ...,
) -> npt.NDArray[np.int64]: ...
@overload
def cnn_select(
    S: npt.NDArray[np.float64],
    s_global: npt.NDArray[np.int64],
    best_d2: npt.NDArray[np.float64],
    best_code: npt.NDArray[np.int64],
    target: int,
    n_classes: int,
    skip: npt.NDArray[np.uint8],
    n_threads: int = ...,
) -> npt.NDArray[np.int64]: ...
def count_other_class(
    nbr: npt.NDArray[np.int64], is_target: npt.NDArray[np.uint8], n_threads: int = ...
) -> npt.NDArray[np.int64]: ...
@overload
def csr_like_variance(X: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]: ...
@overload
def csr_like_variance(X: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]: ...
def enn_vote(
    nbrs: npt.NDArray[np.int64],
    rows: npt.NDArray[np.int64],
    alive: npt.NDArray[np.uint8] | None,
    codes: npt.NDArray[np.int64],
    n_classes: int,
    k: int,
    kind: str,
    compact: bool = ...,
    n_threads: int = ...,
) -> npt.NDArray[np.int8]: ...
def max_threads() -> int: ...
@overload
def mixed_knn_self(
    cont: npt.NDArray[np.float32],
    codes: npt.NDArray[np.int32],
    w: float,
    k: int,
    n_threads: int = ...,
    algorithm: int = ...,
) -> npt.NDArray[np.int64]: ...
@overload
def mixed_knn_self(
    cont: npt.NDArray[np.float64],
    codes: npt.NDArray[np.int32],
    w: float,
    k: int,
    n_threads: int = ...,
    algorithm: int = ...,
) -> npt.NDArray[np.int64]: ...
def nearmiss_scores(
    dist: npt.NDArray[np.float64], take: int, n_threads: int = ...
) -> npt.NDArray[np.float64]: ...
def neighbour_mode(
    codes: npt.NDArray[np.int32], nbrs: npt.NDArray[np.int64], n_threads: int = ...
) -> npt.NDArray[np.int32]: ...
@overload
def refine_candidates(
    prod: npt.NDArray[np.float32],
    xn: npt.NDArray[np.float64],
    margin: npt.NDArray[np.float64],
    queries: npt.NDArray[np.float32],
    X: npt.NDArray[np.float32],
    k: int,
    max_candidates: int,
    self_index: npt.NDArray[np.int64] | None = ...,
    n_threads: int = ...,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64], npt.NDArray[np.int64]]: ...
@overload
def refine_candidates(
    prod: npt.NDArray[np.float32],
    xn: npt.NDArray[np.float64],
    margin: npt.NDArray[np.float64],
    queries: npt.NDArray[np.float64],
    X: npt.NDArray[np.float64],
    k: int,
    max_candidates: int,
    self_index: npt.NDArray[np.int64] | None = ...,
    n_threads: int = ...,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64], npt.NDArray[np.int64]]: ...
@overload
def refine_candidates(
    prod: npt.NDArray[np.float64],
    xn: npt.NDArray[np.float64],
    margin: npt.NDArray[np.float64],
    queries: npt.NDArray[np.float32],
    X: npt.NDArray[np.float32],
    k: int,
    max_candidates: int,
    self_index: npt.NDArray[np.int64] | None = ...,
    n_threads: int = ...,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64], npt.NDArray[np.int64]]: ...
@overload
def refine_candidates(
    prod: npt.NDArray[np.float64],
    xn: npt.NDArray[np.float64],
    margin: npt.NDArray[np.float64],
    queries: npt.NDArray[np.float64],
    X: npt.NDArray[np.float64],
    k: int,
    max_candidates: int,
    self_index: npt.NDArray[np.int64] | None = ...,
    n_threads: int = ...,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64], npt.NDArray[np.int64]]: ...
@overload
def smote_interpolate(
    base: npt.NDArray[np.float32],
    nbr: npt.NDArray[np.float32],
    rows: npt.NDArray[np.int64],
    nbr_rows: npt.NDArray[np.int64],
    steps: npt.NDArray[np.float64],
    out: npt.NDArray[np.float32],
    *,
    scale: npt.NDArray[np.float64] | None = ...,
    out_cols: npt.NDArray[np.int64] | None = ...,
    start: int = ...,
    n_threads: int = ...,
) -> None: ...
@overload
def smote_interpolate(
    base: npt.NDArray[np.float64],
    nbr: npt.NDArray[np.float64],
    rows: npt.NDArray[np.int64],
    nbr_rows: npt.NDArray[np.int64],
    steps: npt.NDArray[np.float64],
    out: npt.NDArray[np.float64],
    *,
    scale: npt.NDArray[np.float64] | None = ...,
    out_cols: npt.NDArray[np.int64] | None = ...,
    start: int = ...,
    n_threads: int = ...,
) -> None: ...
@overload
def smote_interpolate(
    base: npt.NDArray[np.float32],
    nbr: npt.NDArray[np.float32],
    rows: npt.NDArray[np.int64],
    nbr_rows: npt.NDArray[np.int64],
    steps: npt.NDArray[np.float64],
    out: npt.NDArray[np.float64],
    *,
    scale: npt.NDArray[np.float64] | None = ...,
    out_cols: npt.NDArray[np.int64] | None = ...,
    start: int = ...,
    n_threads: int = ...,
) -> None: ...
def strip_self(
    ind: npt.NDArray[np.int64], self_idx: npt.NDArray[np.int64], n_threads: int = ...
) -> npt.NDArray[np.int64]: ...
def tomek_links(
    nn1: npt.NDArray[np.int64],
    codes: npt.NDArray[np.int64],
    targeted: npt.NDArray[np.uint8],
    n_threads: int = ...,
) -> npt.NDArray[np.uint8]: ...
def vdm_class_probabilities(
    codes: npt.NDArray[np.int32],
    labels: npt.NDArray[np.int64],
    cat_offsets: npt.NDArray[np.int64],
    n_classes: int,
) -> npt.NDArray[np.float64]: ...
def vdm_kneighbors(
    codes: npt.NDArray[np.int32],
    proba: npt.NDArray[np.float64],
    cat_offsets: npt.NDArray[np.int64],
    rows: npt.NDArray[np.int64],
    n_neighbors: int,
    n_threads: int = ...,
) -> npt.NDArray[np.int64]: ...
def vdm_pairwise(
    codes: npt.NDArray[np.int32],
    proba: npt.NDArray[np.float64],
    cat_offsets: npt.NDArray[np.int64],
    n_threads: int = ...,
) -> npt.NDArray[np.float64]: ...
def vote_choose(
    codes: npt.NDArray[np.int32],
    f: int,
    n_categories: int,
    nns: npt.NDArray[np.int64],
    rows: npt.NDArray[np.int64],
    v: float,
    score_kind: int,
    offsets: npt.NDArray[np.int64],
    perm: npt.NDArray[np.int64],
    n_threads: int = ...,
) -> npt.NDArray[np.int32]: ...
def vote_count(
    codes: npt.NDArray[np.int32],
    f: int,
    n_categories: int,
    nns: npt.NDArray[np.int64],
    rows: npt.NDArray[np.int64],
    v: float,
    score_kind: int,
    n_threads: int = ...,
) -> npt.NDArray[np.int64]: ...
