"""Linear models fitted on an all-pairs AUC surrogate.

:class:`AUCLinearClassifier` minimises a surrogate of ``1 - AUC`` over *every*
positive-negative pair, computed exactly (no sampled pairs):

* ``loss="squared"``: ``mean_{i in P, j in N} (1 - (f_i - f_j))^2``. It has a
  closed form: with ``d = mu_+ - mu_-`` and ``S = Sigma_+ + Sigma_-`` (the class
  covariances, each class weighted equally), the mean pair loss is
  ``(1 - w.d)^2 + w' S w``, minimised with the ridge penalty by
  ``w = (S + d d' + alpha I)^-1 d``: class-balanced regularised LDA. One pass
  over the data, ``O(n d^2)``.
* ``loss="squared_hinge"``: ``mean max(0, 1 - (f_i - f_j))^2``, minimised by
  L-BFGS; each evaluation of the loss and its gradient over all ``n+ n-`` pairs
  takes ``O(n log n)``: sort the negatives' scores once, then for each positive
  the active pairs (``f_j > f_i - 1``) are a suffix whose counts, sums and sums
  of squares come from cumulative sums.

Minimising a proper univariate loss (logistic regression) is already
AUC-consistent (Kotlowski et al. ICML 2011; Agarwal JMLR 2014), and on
imbalanced tabular data these models rank about as well as class-balanced
logistic regression; see the README section "Cost-sensitive learning and
losses" for measured figures.
"""

from __future__ import annotations

import warnings
from numbers import Integral, Real

import numpy as np
from scipy.special import expit, log_expit
from sklearn.base import BaseEstimator, _fit_context
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model._base import LinearClassifierMixin
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import _check_sample_weight, validate_data

__all__ = ["AUCLinearClassifier", "pairwise_squared_hinge"]

_CHUNK = 1 << 16


def _class_moments(X, pos, w):
    """Weighted class means and ``Sigma_+ + Sigma_-`` (biased), in row chunks."""
    n, d = X.shape
    wp, wn = np.where(pos, w, 0.0), np.where(pos, 0.0, w)
    sp, sn = wp.sum(), wn.sum()
    mp = (wp @ X) / sp
    mn = (wn @ X) / sn
    # per-row weight normalised within its class: the sum is Sigma_+ + Sigma_-
    wnorm = np.where(pos, w / sp, w / sn)
    S = np.zeros((d, d))
    for start in range(0, n, _CHUNK):
        sl = slice(start, min(start + _CHUNK, n))
        Xc = X[sl] - np.where(pos[sl, None], mp, mn)
        S += (Xc * wnorm[sl, None]).T @ Xc
    return mp, mn, S


def pairwise_squared_hinge(scores, y, sample_weight=None, *, margin=1.0):
    """Mean squared hinge loss over all positive-negative pairs, and its gradient.

    ``L = sum_{i in P, j in N} a_i b_j max(0, margin - (s_i - s_j))^2 / (A B)``
    with ``a``, ``b`` the rows' weights and ``A``, ``B`` their sums, in
    ``O(n log n)``.

    Parameters
    ----------
    scores : ndarray of shape (n_samples,)
    y : ndarray of shape (n_samples,)
        1 for positives, 0 for negatives (bool accepted).
    sample_weight : ndarray of shape (n_samples,), default=None
    margin : float, default=1.0

    Returns
    -------
    loss : float
    grad : ndarray of shape (n_samples,)
        ``dL / d scores``.
    """
    s = np.asarray(scores, dtype=np.float64)
    pos = np.asarray(y).astype(bool)
    w = (
        np.ones(s.shape[0])
        if sample_weight is None
        else np.asarray(sample_weight, float)
    )
    u, a = s[pos] - margin, w[pos]  # positives, shifted: pair active when v > u
    v, b = s[~pos], w[~pos]
    total = a.sum() * b.sum()
    if total <= 0:
        raise ValueError("both classes need positive total weight")
    grad = np.zeros_like(s)
    # Ties contribute 0 either way, so any sort order will do; unweighted rows
    # need only the sorted values (np.sort, no permutation).
    if sample_weight is None:
        vs, bs, us, as_ = np.sort(v), None, np.sort(u), None
    else:
        ov, ou = np.argsort(v), np.argsort(u)
        vs, bs, us, as_ = v[ov], b[ov], u[ou], a[ou]

    def suffix(x):
        return np.concatenate([np.cumsum(x[::-1])[::-1], [0.0]])

    # positives: suffix sums over the negatives above u_i
    if bs is None:
        S0 = np.arange(vs.size, -1, -1, dtype=np.float64)
        S1, S2 = suffix(vs), suffix(vs * vs)
    else:
        S0, S1, S2 = suffix(bs), suffix(bs * vs), suffix(bs * vs * vs)
    k = np.searchsorted(vs, u, side="right")
    s0, s1, s2 = S0[k], S1[k], S2[k]
    per_pos = s2 - 2.0 * u * s1 + u * u * s0
    loss = float(np.dot(a, np.maximum(per_pos, 0.0)))
    grad[pos] = -2.0 * a * (s1 - u * s0)
    # negatives: prefix sums over the positives below v_j
    if as_ is None:
        T0 = np.arange(us.size + 1, dtype=np.float64)
        T1 = np.concatenate([[0.0], np.cumsum(us)])
    else:
        T0 = np.concatenate([[0.0], np.cumsum(as_)])
        T1 = np.concatenate([[0.0], np.cumsum(as_ * us)])
    m = np.searchsorted(us, v, side="left")
    grad[~pos] = 2.0 * b * (v * T0[m] - T1[m])
    return loss / total, grad / total


def _platt(s, y, w):
    """(a, b) minimising the weighted log-loss of sigmoid(a s + b) by Newton steps.

    ``s`` is standardised first; a tiny ridge on ``a`` keeps separable data
    finite. Each step costs one ``log_expit`` and one ``exp`` over the rows.
    """
    W = float(w.sum())
    mu = float(np.dot(w, s) / W)
    sd = float(np.sqrt(np.dot(w, (s - mu) ** 2) / W))
    sd = sd if sd > 0 else 1.0
    z = (s - mu) / sd
    lam = 1e-6 * W
    p1 = float(np.dot(w, y) / W)
    theta = np.array([1.0, np.log(p1) - np.log1p(-p1)])
    wy, wn = w * y, w * (1.0 - y)

    def evaluate(t):
        m = t[0] * z + t[1]
        lp = log_expit(m)  # log p; log(1 - p) = lp - m
        f = -float(np.dot(wy, lp) + np.dot(wn, lp - m)) + 0.5 * lam * t[0] ** 2
        return lp, f

    lp, f = evaluate(theta)
    for _ in range(100):
        p = np.exp(lp)
        r = w * (p - y)
        g = np.array([np.dot(r, z) + lam * theta[0], r.sum()])
        h = w * p * (1.0 - p)
        hz = np.dot(h, z)
        H = np.array([[np.dot(h, z * z) + lam, hz], [hz, h.sum() + 1e-12 * W]])
        step = np.linalg.solve(H, g)
        decrement = float(np.dot(g, step))
        if decrement <= 1e-15 * W:  # Newton decrement: converged
            break
        t = 1.0
        while True:
            cand = theta - t * step
            lpc, fc = evaluate(cand)
            if fc <= f - 1e-4 * t * decrement:
                break
            t *= 0.5
            if t < 1e-10:  # no more progress at rounding level
                break
        if t < 1e-10:
            break
        theta, lp, f = cand, lpc, fc
    a, b = theta
    return a / sd, b - a * mu / sd


class AUCLinearClassifier(LinearClassifierMixin, BaseEstimator):
    """Binary linear classifier trained on an exact all-pairs AUC surrogate.

    The direction ``w`` minimises a pairwise surrogate of ``1 - AUC`` over every
    positive-negative pair plus ``alpha ||w||^2`` (see the module docstring);
    intercepts cancel in pairs, so the scores are then calibrated by Platt
    scaling: ``decision_function(X) = a (X w) + b`` with ``(a, b)`` the
    one-feature logistic regression of ``y`` on the training scores. Ranking
    (ROC-AUC) is that of ``X w``; :meth:`predict_proba` is ``sigmoid`` of the
    calibrated score, fitted in-sample on 2 parameters (for held-out
    calibration wrap the model in ``sklearn.calibration.CalibratedClassifierCV``).

    Parameters
    ----------
    loss : {"squared", "squared_hinge"}, default="squared"
        ``"squared"``: closed form, one pass (class-balanced regularised LDA).
        ``"squared_hinge"``: ``max(0, 1 - (f_i - f_j))^2`` by L-BFGS from the
        squared solution, ``O(n log n)`` per evaluation.
    alpha : float, default=1e-4
        Ridge penalty ``alpha ||w||^2`` added to the mean pair loss. Features
        on very different scales should be standardised, as for any penalised
        linear model.
    max_iter : int, default=200
        L-BFGS iterations (``"squared_hinge"``).
    tol : float, default=1e-6
        L-BFGS projected-gradient tolerance (``"squared_hinge"``).

    Attributes
    ----------
    coef_ : ndarray of shape (1, n_features)
        ``a * w``: the calibrated linear score's weights.
    intercept_ : ndarray of shape (1,)
    auc_coef_ : ndarray of shape (n_features,)
        ``w``, the surrogate's minimiser.
    classes_ : ndarray of shape (2,)
    n_iter_ : int
        L-BFGS iterations (1 for ``"squared"``: one closed-form solve).
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when ``X`` has string column names.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.metrics import roc_auc_score
    >>> from imbfast.linear_model import AUCLinearClassifier
    >>> X, y = make_classification(2000, weights=[0.95], random_state=0)
    >>> clf = AUCLinearClassifier().fit(X, y)
    >>> bool(roc_auc_score(y, clf.decision_function(X)) > 0.9)
    True
    """

    _parameter_constraints: dict = {
        "loss": [StrOptions({"squared", "squared_hinge"})],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
    }

    def __init__(self, loss="squared", *, alpha=1e-4, max_iter=200, tol=1e-6):
        self.loss = loss
        self.alpha = alpha
        self.max_iter = max_iter
        self.tol = tol

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit the AUC surrogate, then the Platt calibration.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
            Binary labels; ``classes_[1]`` (the greater label) is positive.
        sample_weight : array-like of shape (n_samples,), default=None
            A pair weighs the product of its rows' weights.

        Returns
        -------
        self
        """
        X, y = validate_data(self, X, y, dtype=np.float64, order="C", y_numeric=False)
        kind = type_of_target(y, input_name="y", raise_unknown=True)
        self.classes_ = np.unique(y)
        if self.classes_.size < 2:
            raise ValueError(
                "AUCLinearClassifier needs samples of 2 classes; y holds only one "
                f"class: {self.classes_.tolist()}"
            )
        if kind != "binary":
            raise ValueError(
                "Only binary classification is supported (AUCLinearClassifier is "
                f"binary only). The type of the target is {kind}."
            )
        w = _check_sample_weight(sample_weight, X, dtype=np.float64)
        pos = y == self.classes_[1]
        if w[pos].sum() <= 0 or w[~pos].sum() <= 0:
            raise ValueError("both classes need positive total sample weight")
        d = X.shape[1]
        mp, mn, S = _class_moments(X, pos, w)
        diff = mp - mn
        A = S + np.outer(diff, diff) + self.alpha * np.eye(d)
        try:
            coef = np.linalg.solve(A, diff)
        except np.linalg.LinAlgError:
            coef = np.linalg.lstsq(A, diff, rcond=None)[0]
        self.n_iter_ = 1  # one closed-form solve
        if self.loss == "squared_hinge":
            coef = self._fit_squared_hinge(
                X, pos, None if sample_weight is None else w, coef
            )
        self.auc_coef_ = coef
        a, b = _platt(X @ coef, pos.astype(np.float64), w)
        self.coef_ = (a * coef).reshape(1, -1)
        self.intercept_ = np.array([b])
        return self

    def _fit_squared_hinge(self, X, pos, w, start):
        from scipy.optimize import minimize

        alpha = self.alpha

        def fun(c):
            loss, g = pairwise_squared_hinge(X @ c, pos, w)
            return loss + alpha * float(c @ c), X.T @ g + 2.0 * alpha * c

        res = minimize(
            fun,
            start,
            jac=True,
            method="L-BFGS-B",
            options={"maxiter": self.max_iter, "gtol": self.tol},
        )
        self.n_iter_ = int(res.nit)
        if not res.success and res.nit >= self.max_iter:
            warnings.warn(
                f"AUCLinearClassifier(loss='squared_hinge') did not converge in "
                f"{self.max_iter} iterations; increase max_iter",
                ConvergenceWarning,
                stacklevel=3,
            )
        return res.x

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False
        return tags

    def predict_proba(self, X):
        """Platt-calibrated probabilities, shape (n_samples, 2)."""
        s = self.decision_function(X)
        return np.column_stack([expit(-s), expit(s)])

    def predict_log_proba(self, X):
        """Logs of :meth:`predict_proba`."""
        s = self.decision_function(X)
        return np.column_stack([log_expit(-s), log_expit(s)])
