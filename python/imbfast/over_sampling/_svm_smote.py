"""SVM-SMOTE: SMOTE seeded by the support vectors of an SVM.

Follows imbalanced-learn 0.14.2's ``SVMSMOTE`` to the random draw: the same SVC
(or user estimator) fitted as imbalanced-learn fits it, the same noise and
danger tests on the support vectors, the same ``beta(10, 10)`` split between
interpolation and extrapolation, the same random-stream restarts. The
neighbour searches run on imbfast's exact kNN engine and the new rows are
computed by the C++ interpolation kernel.
"""

from __future__ import annotations

from numbers import Integral, Real
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import clone
from sklearn.svm import SVC, NuSVC
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods, Interval

from .._config import neighbour_ties
from .._neighbour_lists import (
    check_class_size,
    imblearn_params,
    make_neighbors,
    neighbours_param,
)
from ..base import substitute
from ..neighbors import NearestNeighbors
from ._smote import BaseSMOTE, _stack_new_rows

__all__ = ["SVMSMOTE"]


def _refit_gives_same_model(estimator: Any) -> bool:
    """Whether fitting ``estimator`` again on the same data changes nothing.

    True for scikit-learn's ``SVC`` / ``NuSVC`` with an int ``random_state``:
    libsvm is deterministic and its seed comes from a fresh
    ``RandomState(random_state)`` at every fit. With ``None`` or a
    ``RandomState`` every fit draws from a shared stream, so it must be repeated
    as imbalanced-learn repeats it; an unknown estimator is always refitted.
    """
    return type(estimator) in (SVC, NuSVC) and isinstance(
        estimator.get_params().get("random_state"), Integral
    )


@substitute(sampling_strategy=BaseSMOTE._sampling_strategy_docstring)
class SVMSMOTE(BaseSMOTE):
    """Over-sample with SVM-SMOTE.

    A drop-in for :class:`imblearn.over_sampling.SVMSMOTE` (0.14.2). For every
    class to over-sample, an SVM is fitted on the whole data set; the class's
    support vectors that are not noise (all their ``m_neighbors`` nearest
    neighbours in the whole data set from other classes) seed the new samples.
    Support vectors "in danger" (at least half of those neighbours from other
    classes) *interpolate* towards one of their ``k_neighbors`` nearest
    neighbours in the class; the other ("safe") support vectors *extrapolate*
    away from it by up to ``out_step`` times the distance. Given the same
    ``random_state`` the output equals imbalanced-learn's on data without exact
    distance ties.

    Parameters
    ----------
    {sampling_strategy}

    random_state : int, RandomState instance or None, default=None
        Drawn from as imbalanced-learn does: one stream (``check_random_state``
        once per call) gives each class's ``beta(10, 10)`` fraction, and the
        seed/neighbour/step draws of each block of new samples call
        ``check_random_state`` afresh, so an int seed restarts its stream for
        every block while a ``RandomState`` (or ``None``, numpy's global stream)
        is drawn from in turn and left advanced. Also handed to the default
        ``SVC``.

    k_neighbors : int or object, default=5
        Neighbours (in the class) used to build synthetic samples: an int, or an
        estimator with ``kneighbors`` / ``kneighbors_graph`` whose
        ``n_neighbors`` counts the sample itself.

    m_neighbors : int or object, default=10
        Neighbours (in the whole data set) used to decide whether a support
        vector is noise or in danger; int or estimator as for ``k_neighbors``.

    svm_estimator : estimator object, default=None
        The classifier whose ``support_`` gives the seeds. ``None`` uses
        ``sklearn.svm.SVC(gamma="scale", random_state=random_state)``; an
        estimator passed in is cloned. It must expose ``support_`` after
        fitting (``RuntimeError`` otherwise).

    out_step : float, default=0.5
        Step size when extrapolating, in ``[0, 1]``.

    Attributes
    ----------
    sampling_strategy_ : OrderedDict
        Class label -> number of samples to generate, sorted by label.
    nn_k_ : estimator object
        Neighbours estimator from ``k_neighbors``, fitted on the last
        resampled class. ``imbfast.neighbors.NearestNeighbors(k_neighbors + 1)``
        for an int (scikit-learn's for sparse input).
    nn_m_ : estimator object
        Neighbours estimator from ``m_neighbors``, fitted on the whole data.
    svm_estimator_ : estimator object
        The fitted SVM (fitted on the whole data, as in imbalanced-learn).
    {feature_attributes}

    Notes
    -----
    Kept from imbalanced-learn on purpose, so that results are identical:

    - A class gets ``int(beta(10, 10) * (n + 1))`` interpolated samples from its
      danger support vectors and the rest of its ``n`` from its safe ones. When
      it has no danger (or no safe) support vector, only the other share is
      generated, so the class ends up **smaller than requested** (no warning;
      imbalanced-learn issue #1130).
    - ``ValueError`` when every support vector of a class is noise;
      ``RuntimeError`` when ``svm_estimator`` has no ``support_``.
    - Integer ``X`` gives truncated integer synthetic samples.

    Differences: the SVM is fitted once instead of once per resampled class
    when refitting cannot change it (scikit-learn's ``SVC`` / ``NuSVC`` with an
    int ``random_state``, including the default); otherwise it is refitted per
    class exactly as imbalanced-learn does, consuming the same random numbers.
    The m-neighbour search is done once and reused for the danger test (the
    engine is exact). Neighbours exclude each query by index, so on data with
    exact duplicates the output can differ from imbalanced-learn's (see the
    README). Sparse input uses scikit-learn's neighbour search.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbfast.over_sampling._svm_smote import SVMSMOTE
    >>> X, y = make_classification(n_classes=2, class_sep=2,
    ...     weights=[0.1, 0.9], n_informative=3, n_redundant=1, flip_y=0,
    ...     n_features=20, n_clusters_per_class=1, n_samples=1000, random_state=10)
    >>> X_res, y_res = SVMSMOTE(random_state=42).fit_resample(X, y)
    >>> sorted(Counter(y_res).items())
    [(np.int64(0), 900), (np.int64(1), 900)]
    """

    _parameter_constraints: dict = {
        **BaseSMOTE._parameter_constraints,
        "m_neighbors": [*neighbours_param()],
        "svm_estimator": [HasMethods(["fit", "predict"]), None],
        "out_step": [Interval(Real, 0, 1, closed="both")],
    }

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        k_neighbors: Any = 5,
        m_neighbors: Any = 10,
        svm_estimator: Any = None,
        out_step: float = 0.5,
    ) -> None:
        super().__init__(
            sampling_strategy=sampling_strategy,
            random_state=random_state,
            k_neighbors=k_neighbors,
        )
        self.m_neighbors = m_neighbors
        self.svm_estimator = svm_estimator
        self.out_step = out_step

    def _validate_estimator(self, sparse_input: bool = False) -> None:
        super()._validate_estimator(sparse_input=sparse_input)
        self.nn_m_ = make_neighbors("m_neighbors", self.m_neighbors, sparse_input)
        if self.svm_estimator is None:
            self.svm_estimator_ = SVC(gamma="scale", random_state=self.random_state)
        else:
            self.svm_estimator_ = clone(self.svm_estimator)

    def _fit_svm(self, X: Any, y: np.ndarray) -> np.ndarray:
        self.svm_estimator_.fit(X, y)
        if not hasattr(self.svm_estimator_, "support_"):
            raise RuntimeError(
                "`svm_estimator` is required to exposed a `support_` fitted "
                "attribute. Such estimator belongs to the familly of Support "
                "Vector Machine."
            )
        return np.asarray(self.svm_estimator_.support_)

    def _fit_resample(self, X: Any, y: np.ndarray) -> tuple[Any, np.ndarray]:
        sparse_input = sparse.issparse(X)
        self._validate_estimator(sparse_input=sparse_input)
        random_state = check_random_state(self.random_state)
        # The counts are checked where imbalanced-learn's draw would fail on them:
        # a non-integer count only gets as far as the safe support vectors' share.
        plan = [(c, n) for c, n in self.sampling_strategy_.items() if n != 0]
        X_fit = X if sparse_input else np.ascontiguousarray(X)
        take = (
            (lambda A, idx: A[idx])
            if sparse_input
            else (lambda A, idx: np.take(A, idx, axis=0))
        )
        refit = not _refit_gives_same_model(self.svm_estimator_)
        support = None
        m_fitted = False
        blocks: list[tuple[Any, Any]] = []
        for label, n_samples in plan:
            class_index = np.flatnonzero(y == label)
            is_target = y == label
            if support is None or refit:
                # imbalanced-learn fits the SVM on the whole data for every class.
                support = self._fit_svm(X, y)
            sv_index = support[y[support] == label]
            if not m_fitted:
                self.nn_m_.fit(X_fit)
                m_fitted = True
            m_params = imblearn_params(self.m_neighbors)
            noise, nbr_sv = self._in_danger_noise(
                self.nn_m_, X_fit, sv_index, is_target, "noise", imblearn=m_params
            )
            sv_index = sv_index[~noise]
            if sv_index.shape[0] == 0:
                raise ValueError(
                    "All support vectors are considered as noise. SVM-SMOTE is not "
                    "adapted to your dataset. Try another SMOTE variant."
                )
            # imbalanced-learn queries the kept support vectors again; the exact
            # engine gives the same lists (ties by index), so only a foreign
            # estimator, or imbalanced-learn's tie order, needs the second search.
            if isinstance(self.nn_m_, NearestNeighbors) and neighbour_ties() == "index":
                danger = self._danger_noise_of(nbr_sv[~noise], is_target, "danger")
            else:
                danger, _ = self._in_danger_noise(
                    self.nn_m_, X_fit, sv_index, is_target, "danger", imblearn=m_params
                )

            X_class = take(X_fit, class_index)
            if isinstance(self.k_neighbors, Integral):
                check_class_size(label, X_class.shape[0], int(self.k_neighbors))
            fraction = random_state.beta(10, 10)
            n_interpolated = int(fraction * (n_samples + 1))
            # support vectors are rows of the class: their positions in X_class
            sv_pos = np.searchsorted(class_index, sv_index)
            for chosen, n_new, step in (
                (danger, n_interpolated, 1.0),
                (~danger, n_samples - n_interpolated, -self.out_step),
            ):
                if not chosen.any():
                    continue
                if not isinstance(n_new, Integral):
                    raise TypeError(
                        f"SVMSMOTE needs an integer number of samples to generate: "
                        f"sampling_strategy asks for {n_samples} new samples of class "
                        f"{label!r}, {n_new} of them from its safe support vectors."
                    )
                n_new = int(n_new)
                nns = self._class_neighbours(X_class, label, sv_pos[chosen])
                seeds = take(X_fit, sv_index[chosen])
                if sparse_input:
                    new = self._make_samples_sparse(
                        seeds, X_class, nns, n_new, step_size=step
                    )
                else:
                    new = np.empty((n_new, X.shape[1]), dtype=X.dtype)
                    self._make_samples(seeds, X_class, nns, n_new, new, step_size=step)
                blocks.append((label, new))

        return _stack_new_rows(X, X_fit, y, blocks)
