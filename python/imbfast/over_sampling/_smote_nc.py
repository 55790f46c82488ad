"""SMOTE-NC: SMOTE for data with continuous and categorical features.

Follows imbalanced-learn 0.14.2's ``SMOTENC`` to the random draw (per-class
stream restarts, the second fresh stream of the categorical vote and its random
tie-break), without its memory: no sparse one-hot copy of the data set per
class, no dense ``n_new x k x n_one_hot`` array. Neighbours inside a class are
found in C++ on the continuous values plus a count of differing categories
(the same distance as imbalanced-learn's scaled one-hot encoding), and the
categorical vote over the ``k`` neighbours runs in C++ in memory proportional
to the output.
"""

from __future__ import annotations

import math
from numbers import Integral
from typing import Any

import numpy as np
from sklearn.base import clone
from sklearn.preprocessing import OneHotEncoder
from sklearn.utils import _safe_indexing, check_random_state
from sklearn.utils._indexing import _get_column_indices
from sklearn.utils._param_validation import HasMethods, StrOptions
from sklearn.utils.validation import (
    _num_features,
    check_array,
    check_consistent_length,
    validate_data,
)

from .. import _core
from .._config import neighbour_ties
from .._interpolation import interpolate
from .._neighbour_lists import check_class_size, estimator_k, neighbours_of
from .._validation import _is_pandas_df, check_target_type, check_X_no_conversion
from ..base import substitute
from ..neighbors import NearestNeighbors, _exponent_for, _max_abs, _scaled
from ._neighbours import integer_count
from ._smote import SMOTE, _n_threads

__all__ = ["SMOTENC"]


def _issparse(X: Any) -> bool:
    return hasattr(X, "tocsr") and not isinstance(X, np.ndarray)


@substitute()
class SMOTENC(SMOTE):
    """Over-sample with SMOTE-NC (continuous and categorical features).

    A drop-in for :class:`imblearn.over_sampling.SMOTENC` (0.14.2): continuous
    features are interpolated as in :class:`SMOTE`; each categorical feature of
    a new sample takes the most frequent category among the ``k_neighbors``
    neighbours of its seed sample (ties broken at random). Distances count each
    differing category as the median standard deviation of the class's
    continuous features. Given the same ``random_state`` the output equals
    imbalanced-learn's on data without exact distance ties.

    Parameters
    ----------
    categorical_features : "auto" or array-like of int, str or bool
        The categorical features: ``"auto"`` (the ``pandas.CategoricalDtype``
        columns of a DataFrame), column indices, column names (DataFrame) or a
        boolean mask of shape ``(n_features,)``.
    categorical_encoder : estimator, default=None
        One-hot encoder for the categorical features; ``None`` uses
        ``OneHotEncoder(handle_unknown='ignore')`` with the continuous dtype. A
        custom encoder must emit one column per category.
    sampling_strategy : float, str, dict or callable, default='auto'
        As in :class:`SMOTE`.
    random_state : int, RandomState instance or None, default=None
        An int seeds a fresh ``RandomState`` for every class and once more for
        every class's categorical vote, as imbalanced-learn does.
    k_neighbors : int or object, default=5
        Number of neighbours, or an estimator with ``kneighbors`` /
        ``kneighbors_graph`` (it is then fitted on the scaled one-hot encoding of
        each class, as in imbalanced-learn).

    Attributes
    ----------
    sampling_strategy_ : OrderedDict
    nn_k_ : estimator object
        ``imbfast.neighbors.NearestNeighbors(k_neighbors + 1)`` for an int
        (the search itself runs in the mixed-distance kernel and leaves it
        unfitted), else the clone of the given estimator, fitted on the last
        class.
    categorical_encoder_ : estimator
        The fitted encoder of the categorical features.
    categorical_features_ : ndarray of int
    continuous_features_ : ndarray of int
    median_std_ : dict
        Class -> median of the population standard deviations of its
        continuous features.
    n_features_ : int
    {feature_attributes}

    Notes
    -----
    Output: the original rows (continuous values in the continuous dtype,
    categories decoded by the encoder), then the new rows class by class; a
    DataFrame comes back with its column order and dtypes.
    """

    _required_parameters = ["categorical_features"]

    _parameter_constraints: dict = {
        **SMOTE._parameter_constraints,
        "categorical_features": ["array-like", StrOptions({"auto"})],
        "categorical_encoder": [
            HasMethods(["fit_transform", "inverse_transform"]),
            None,
        ],
    }

    def __init__(
        self,
        categorical_features: Any,
        *,
        categorical_encoder: Any = None,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        k_neighbors: Any = 5,
    ) -> None:
        super().__init__(
            sampling_strategy=sampling_strategy,
            random_state=random_state,
            k_neighbors=k_neighbors,
        )
        self.categorical_features = categorical_features
        self.categorical_encoder = categorical_encoder

    def _check_X_y(self, X: Any, y: Any, accept_sparse: Any = None):
        y, binarize_y = check_target_type(y, indicate_one_vs_all=True)
        X = check_X_no_conversion(X)
        # imbalanced-learn skips this check and returns X and y of different
        # lengths; scikit-learn's error instead, as SMOTE and SMOTEN give it.
        check_consistent_length(X, y)
        if isinstance(X, np.ndarray) and not X.dtype.isnative:
            # Big-endian data in native order: the kernels take native arrays,
            # and imbalanced-learn's arithmetic returns native order.
            X = X.astype(X.dtype.newbyteorder("="))
        validate_data(self, X=X, y=y, reset=True, skip_check_array=True)
        return X, y, binarize_y

    def _validate_column_types(self, X: Any) -> None:
        if (
            isinstance(self.categorical_features, str)
            and self.categorical_features == "auto"
        ):
            if not _is_pandas_df(X):
                raise ValueError(
                    "When `categorical_features='auto'`, the input data "
                    f"should be a pandas.DataFrame. Got {type(X)} instead."
                )
            import pandas as pd

            are_categorical = np.array(
                [isinstance(dtype, pd.CategoricalDtype) for dtype in X.dtypes]
            )
            self.categorical_features_ = np.flatnonzero(are_categorical)
            self.continuous_features_ = np.flatnonzero(~are_categorical)
        else:
            self.categorical_features_ = np.array(
                _get_column_indices(X, self.categorical_features)
            )
            self.continuous_features_ = np.setdiff1d(
                np.arange(self.n_features_), self.categorical_features_
            )

    def _validate_estimator(self, sparse_input: bool = False) -> None:
        super()._validate_estimator()
        if self.categorical_features_.size == self.n_features_in_:
            raise ValueError(
                "SMOTE-NC is not designed to work only with categorical "
                "features. It requires some numerical features."
            )
        if self.categorical_features_.size == 0:
            raise ValueError(
                "SMOTE-NC is not designed to work only with numerical "
                "features. It requires some categorical features."
            )

    # ----------------------------------------------------------------------------------

    def _fit_resample(self, X: Any, y: np.ndarray) -> tuple[Any, np.ndarray]:
        self.n_features_ = _num_features(X)
        self._validate_column_types(X)
        self._validate_estimator()
        sparse_input = _issparse(X)
        cont_idx = np.asarray(self.continuous_features_, dtype=np.int64)
        cat_idx = np.asarray(self.categorical_features_, dtype=np.int64)
        # A numeric ndarray with the default encoder is read in place: no copy of
        # its continuous block, no one-hot matrix; anything else goes through the
        # encoder as imbalanced-learn does.
        direct = (
            self.categorical_encoder is None
            and isinstance(X, np.ndarray)
            and X.ndim == 2
            and X.dtype.kind in "fiu"
        )
        if direct:
            data = _NumericData(self, X, cont_idx, cat_idx)
        else:
            data = _EncodedData(self, X, cont_idx, cat_idx)
        dtype_ohe, sizes = data.dtype_ohe, data.sizes

        n = _num_samples(X)
        # A non-integer count raises (TypeError) where imbalanced-learn's draw
        # does, after that class's neighbour search; it takes no output rows.
        plan = [(c, m) for c, m in self.sampling_strategy_.items() if m != 0]
        n_total = n + sum(int(m) for _, m in plan if isinstance(m, Integral))
        y_res = np.empty(n_total, dtype=y.dtype)
        y_res[:n] = y

        cats = None
        if self.categorical_encoder is None:
            # Everything is written straight into the output: continuous columns,
            # then the categories decoded from their codes.
            cats = self.categorical_encoder_.categories_
            decoded_dtype = np.result_type(*[c.dtype for c in cats])
            out = np.empty(
                (n_total, self.n_features_),
                dtype=np.result_type(dtype_ohe, decoded_dtype),
            )
            cont_target, cont_cols = out, cont_idx

            def put_codes(start: int, stop: int, f: int, codes_f: np.ndarray) -> None:
                out[start:stop, cat_idx[f]] = cats[f][codes_f]

        else:
            # A custom encoder decodes at the end (its inverse_transform decides
            # the dtype); codes and continuous values are kept until then.
            cont_target = np.empty((n_total, cont_idx.size), dtype=dtype_ohe)
            cont_cols = np.arange(cont_idx.size, dtype=np.int64)
            codes_res = np.empty((n_total, cat_idx.size), dtype=np.int32)

            def put_codes(start: int, stop: int, f: int, codes_f: np.ndarray) -> None:
                codes_res[start:stop, f] = codes_f

        for start in range(0, n, _CHUNK_ROWS):
            stop = min(n, start + _CHUNK_ROWS)
            cont_target[start:stop, cont_cols] = data.cont_rows(slice(start, stop))
            same = data.original_rows(slice(start, stop)) if cats is not None else None
            if same is not None:
                out[start:stop, cat_idx] = same
                continue
            codes = data.codes_rows(slice(start, stop))
            for f in range(cat_idx.size):
                put_codes(start, stop, f, codes[:, f])
            del codes

        self.median_std_ = {}
        start = n
        for label, m in plan:
            idx = np.flatnonzero(y == label)
            cont_c = data.cont_rows(idx)
            codes_c = data.codes_rows(idx)
            median_std = self._median_std(cont_c)
            self.median_std_[label] = median_std
            # the value imbalanced-learn writes in the one-hot entries (cast to the dtype)
            v_nn = np.array(median_std / np.sqrt(2)).astype(dtype_ohe)[()]
            nns = self._mixed_neighbours(cont_c, codes_c, sizes, v_nn, label)
            m = integer_count(m, label, "SMOTENC")
            rows, nbr_rows, steps = self._draw(nns, m)
            interpolate(
                cont_target,
                cont_c,
                None,
                rows,
                nbr_rows,
                steps,
                out_cols=cont_cols,
                out_start=start,
                n_threads=_n_threads(),
            )
            del nbr_rows, steps
            v_vote = 1.0 if math.isclose(median_std, 0) else float(v_nn)
            self._vote(
                codes_c,
                sizes,
                nns,
                rows,
                v_vote,
                dtype_ohe,
                lambda f, codes_f, _a=start, _b=start + m: put_codes(
                    _a, _b, f, codes_f
                ),
            )
            del rows
            y_res[start : start + m] = label
            start += m

        if self.categorical_encoder is None:
            X_res = out
        else:
            X_res = self._decode(cont_target, codes_res, dtype_ohe, sizes)
        if sparse_input:
            from scipy import sparse

            # CSR in the input's kind: csr_array for scipy's sparse arrays.
            sparray = getattr(sparse, "sparray", ())
            X_res = (sparse.csr_array if isinstance(X, sparray) else sparse.csr_matrix)(
                X_res
            )
        return X_res, y_res

    def _median_std(self, cont_c: np.ndarray) -> Any:
        """``np.median(np.sqrt(var))`` with scikit-learn's sparse variance."""
        if cont_c.dtype in (np.float32, np.float64):
            var = _core.csr_like_variance(np.ascontiguousarray(cont_c))
            if cont_c.dtype == np.float32:
                var = var.astype(np.float32)
        else:
            var = _core.csr_like_variance(
                np.ascontiguousarray(cont_c, dtype=np.float64)
            )
        return np.median(np.sqrt(var))

    def _mixed_neighbours(self, cont_c, codes_c, sizes, v_nn, label) -> np.ndarray:
        nn = self.nn_k_
        if isinstance(self.k_neighbors, Integral) or type(nn) is NearestNeighbors:
            # The mixed (continuous + weighted category mismatch) distance has its
            # own compiled tree; self excluded by index, ties by index.
            k = estimator_k(nn, "k_neighbors")
            check_class_size(label, cont_c.shape[0], k)
            data = (
                cont_c
                if cont_c.dtype in (np.float32, np.float64)
                else cont_c.astype(np.float64)
            )
            v = float(v_nn)
            if data.dtype == np.float64:
                # Extreme magnitudes: continuous values and the categorical weight
                # times one power of two (the same neighbours, no overflow; see
                # imbfast.neighbors._scaled).
                exponent = _exponent_for(max(_max_abs(data), abs(v)))
                data, v = _scaled(data, exponent), math.ldexp(v, -exponent)
            w = 2.0 * v * v
            # float16: imbalanced-learn fails (scipy.sparse has no float16), so
            # there is no answer of its to follow; the engine's stands.
            if (
                neighbour_ties() == "imblearn"
                and isinstance(self.k_neighbors, Integral)
                and cont_c.dtype != np.float16
            ):
                return self._tied_neighbours(cont_c, codes_c, sizes, v_nn, data, w, k)
            return _core.mixed_knn_self(
                np.ascontiguousarray(data), codes_c, w, k, _n_threads()
            )
        # Any other estimator sees imbalanced-learn's scaled one-hot encoding.
        return neighbours_of(nn, _encoded_class(cont_c, codes_c, sizes, v_nn))

    def _tied_neighbours(self, cont_c, codes_c, sizes, v_nn, data, w, k):
        """Under ``neighbour_ties="imblearn"``: the mixed kernel's lists (one
        more column, distances recomputed from the values) with the rows a tie
        or rounding decides answered by imbalanced-learn's search on its scaled
        one-hot encoding (:mod:`imbfast._ties`; a CSR matrix: scikit-learn's
        brute force, which answers the class's rows together)."""
        from .._ties import TieResolver

        n_c = cont_c.shape[0]
        width = min(k + 1, n_c - 1)
        ind = _core.mixed_knn_self(
            np.ascontiguousarray(data), codes_c, w, width, _n_threads()
        )
        x = cont_c.astype(np.float64, copy=False)
        v = float(v_nn)
        d2 = np.zeros(ind.shape, dtype=np.float64)
        for j in range(x.shape[1]):  # over features, not samples
            diff = x[:, j, np.newaxis] - x[ind, j]
            d2 += diff * diff
        mismatches = (codes_c[:, np.newaxis, :] != codes_c[ind]).sum(axis=2)
        d2 += mismatches * (2.0 * v * v)
        # the engine's order by these distances (ties by index)
        order = np.lexsort((ind, d2))
        d2 = np.take_along_axis(d2, order, 1)
        ind = np.take_along_axis(ind, order, 1)
        resolver = TieResolver(
            _encoded_class(cont_c, codes_c, sizes, v_nn), {"n_neighbors": k + 1}
        )
        return resolver.resolve(d2, ind, k, squared=True)

    def _vote(self, codes_c, sizes, nns, rows, v, dtype, put) -> None:
        """The categorical value of each new sample: imbalanced-learn's mode of
        the seed's neighbours with its random tie-break (a fresh stream for an int
        seed, one permutation of all tied (sample, category) pairs per feature).
        ``put(f, codes)`` receives each feature's chosen category codes."""
        rng = check_random_state(self.random_state)
        score_kind = {np.dtype(np.float32): 0, np.dtype(np.float64): 1}.get(
            np.dtype(dtype), 2
        )
        codes_c = np.ascontiguousarray(codes_c)
        rows = np.ascontiguousarray(rows, dtype=np.int64)
        threads = _n_threads()
        for f, size in enumerate(sizes):
            n_cand = _core.vote_count(
                codes_c, f, int(size), nns, rows, v, score_kind, threads
            )
            offsets = np.empty(rows.shape[0] + 1, dtype=np.int64)
            offsets[0] = 0
            np.cumsum(n_cand, out=offsets[1:])
            del n_cand
            perm = rng.permutation(int(offsets[-1])).astype(np.int64, copy=False)
            # vote_choose uses perm as scratch (no second array of that size)
            choice = _core.vote_choose(
                codes_c, f, int(size), nns, rows, v, score_kind, offsets, perm, threads
            )
            del perm, offsets
            put(f, choice)

    def _decode(self, cont_res, codes_res, dtype_ohe, sizes):
        """Stack continuous and decoded categorical columns in the input's order."""
        n_total = cont_res.shape[0]
        if self.categorical_encoder is None:
            cats = self.categorical_encoder_.categories_
            decoded_dtype = np.result_type(*[c.dtype for c in cats])
            decoded = None
        else:
            from scipy import sparse

            q = codes_res.shape[1]
            offsets = np.r_[0, np.cumsum(sizes)[:-1]]
            one_hot = sparse.csr_matrix(
                (
                    np.ones(n_total * q, dtype=dtype_ohe),
                    (codes_res + offsets).ravel(),
                    np.arange(0, n_total * q + 1, q),
                ),
                shape=(n_total, int(sizes.sum())),
            )
            decoded = np.asarray(self.categorical_encoder_.inverse_transform(one_hot))
            decoded_dtype = decoded.dtype
        out = np.empty(
            (n_total, self.n_features_), dtype=np.result_type(dtype_ohe, decoded_dtype)
        )
        out[:, self.continuous_features_] = cont_res
        for f, col in enumerate(self.categorical_features_):
            if decoded is None:
                out[:, col] = cats[f][codes_res[:, f]]
            else:
                out[:, col] = decoded[:, f]
        return out

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = False
        tags.input_tags.string = True
        return tags


def _codes_from_one_hot(X_ohe: Any, sizes: np.ndarray) -> np.ndarray:
    """Category codes ``(n, n_categorical)`` int32 from a one-hot matrix with one
    active column per categorical feature."""
    q = sizes.shape[0]
    if _issparse(X_ohe):
        X_ohe = X_ohe.tocsr()
        if not X_ohe.has_sorted_indices:
            X_ohe = X_ohe.sorted_indices()
        indptr, indices = X_ohe.indptr, X_ohe.indices
        n = X_ohe.shape[0]
        valid = np.array_equal(np.diff(indptr), np.full(n, q)) and indices.size == n * q
        flat = indices.reshape(n, q).astype(np.int64) if valid else None
    else:
        X_ohe = np.asarray(X_ohe)
        n = X_ohe.shape[0]
        nz_rows, nz_cols = np.nonzero(X_ohe)
        valid = nz_rows.size == n * q
        flat = nz_cols.reshape(n, q).astype(np.int64) if valid else None
    if valid:
        offsets = np.r_[0, np.cumsum(sizes)[:-1]]
        codes = flat - offsets
        valid = bool(np.all((codes >= 0) & (codes < sizes)))
    if not valid:
        raise ValueError(
            "SMOTENC needs the categorical encoding to have exactly one active column "
            "per categorical feature in every row."
        )
    return np.ascontiguousarray(codes, dtype=np.int32)


# Rows per block when copying the original samples into the output.
_CHUNK_ROWS = 65536


def _num_samples(X: Any) -> int:
    return int(X.shape[0])


class _NumericData:
    """A numeric ndarray with the default encoder: continuous values and category
    codes read from ``X`` on demand, a block of rows at a time. Fits
    ``categorical_encoder_`` on the categorical columns."""

    def __init__(self, sampler: SMOTENC, X: np.ndarray, cont_idx, cat_idx) -> None:
        self.X, self.cont_idx, self.cat_idx = X, cont_idx, cat_idx
        # check_array keeps a numeric array's dtype: imbalanced-learn's X_cont dtype
        self.dtype_ohe = X.dtype
        if X.dtype.kind == "f":  # imbalanced-learn checks the continuous block first
            for start in range(0, X.shape[0], _CHUNK_ROWS):
                check_array(X[start : start + _CHUNK_ROWS, cont_idx], copy=False)
        sampler.categorical_encoder_ = OneHotEncoder(
            handle_unknown="ignore", dtype=X.dtype
        )
        sampler.categorical_encoder_.fit(X[:, cat_idx])
        self.cats = sampler.categorical_encoder_.categories_
        self.sizes = np.array([c.size for c in self.cats], dtype=np.int64)
        self._identity = X.dtype.kind in "iu" or not any(
            bool(np.any(c == 0) or np.any(np.isnan(c))) for c in self.cats
        )

    def cont_rows(self, rows) -> np.ndarray:
        # the finiteness check imbalanced-learn's check_array makes, block by block
        block = self.X[rows][:, self.cont_idx]
        return np.ascontiguousarray(check_array(block, copy=False))

    def original_rows(self, rows) -> np.ndarray | None:
        """The decoded categorical columns of a block of original rows, when that
        is the block itself: every value is a category, and decoding returns the
        same bits unless the categories hold a zero (0.0 / -0.0) or a NaN."""
        if not self._identity:
            return None
        return self.X[rows][:, self.cat_idx]

    def codes_rows(self, rows) -> np.ndarray:
        block = self.X[rows]
        codes = np.empty((block.shape[0], self.cat_idx.size), dtype=np.int32)
        for f, col in enumerate(self.cat_idx):
            # OneHotEncoder's own encoding of numeric values (categories sorted;
            # every value is known, the encoder was fitted on these columns)
            codes[:, f] = np.searchsorted(self.cats[f], block[:, col])
        return codes


class _EncodedData:
    """Any other input (DataFrame, object or sparse array, custom encoder): the
    continuous block checked as imbalanced-learn checks it and the codes read off
    the encoder's one-hot output."""

    def __init__(self, sampler: SMOTENC, X: Any, cont_idx, cat_idx) -> None:
        X_cont = check_array(
            _safe_indexing(X, cont_idx, axis=1), accept_sparse=["csr", "csc"]
        )
        X_cat = _safe_indexing(X, cat_idx, axis=1)
        dtype_ohe = (
            X_cont.dtype if X_cont.dtype.name != "object" else np.dtype(np.float64)
        )
        dtype_ohe = dtype_ohe.newbyteorder("=")  # big-endian DataFrame columns
        if sampler.categorical_encoder is None:
            sampler.categorical_encoder_ = OneHotEncoder(
                handle_unknown="ignore", dtype=dtype_ohe
            )
        else:
            sampler.categorical_encoder_ = clone(sampler.categorical_encoder)
        X_ohe = sampler.categorical_encoder_.fit_transform(
            X_cat.toarray() if _issparse(X_cat) else X_cat
        )
        del X_cat
        sizes = np.array(
            [c.size for c in sampler.categorical_encoder_.categories_], dtype=np.int64
        )
        if X_ohe.shape[1] != sizes.sum():
            raise ValueError(
                "SMOTENC requires a one-hot encoding with one column per category "
                "for the categorical features. The provided `categorical_encoder` "
                f"produced {X_ohe.shape[1]} columns for {int(sizes.sum())} categories. "
                "This happens when the encoder drops columns (e.g. "
                "`OneHotEncoder(drop=...)`) or merges infrequent categories, which "
                "is not supported. Pass an encoder that keeps all categories, such "
                "as `OneHotEncoder(handle_unknown='ignore')`."
            )
        self.codes = _codes_from_one_hot(X_ohe, sizes)
        del X_ohe
        if _issparse(X_cont):
            X_cont = X_cont.toarray()
        self.X_cont = np.ascontiguousarray(X_cont, dtype=dtype_ohe)
        self.dtype_ohe, self.sizes = np.dtype(dtype_ohe), sizes

    def cont_rows(self, rows) -> np.ndarray:
        if isinstance(rows, slice):
            return self.X_cont[rows]
        return np.take(self.X_cont, rows, axis=0)

    def original_rows(self, rows) -> None:
        return None

    def codes_rows(self, rows) -> np.ndarray:
        if isinstance(rows, slice):
            return self.codes[rows]
        return np.take(self.codes, rows, axis=0)


def _encoded_class(cont_c, codes_c, sizes, v_nn):
    """imbalanced-learn's scaled one-hot encoding of one class (CSR): the
    continuous columns, then ``v_nn`` in each category's one-hot column."""
    from scipy import sparse

    n_c, q = codes_c.shape
    offsets = np.r_[0, np.cumsum(sizes)[:-1]]
    one_hot = sparse.csr_matrix(
        (
            np.full(n_c * q, v_nn, dtype=cont_c.dtype),
            (codes_c + offsets).ravel(),
            np.arange(0, n_c * q + 1, q),
        ),
        shape=(n_c, int(sizes.sum())),
    )
    return sparse.hstack((sparse.csr_matrix(cont_c), one_hot), format="csr")
