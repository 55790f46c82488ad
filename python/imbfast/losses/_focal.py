"""Focal loss (Lin et al. 2017) on raw margins: value, gradient, hessian, constant.

Everything is written in terms of the margin ``t`` of the true class against the
others, ``t = logsumexp_{k != y} z_k - z_y`` (binary: ``t = -(2y - 1) z``), so that

* ``q = p_y = expit(-t)`` and ``r = 1 - q = expit(t)``,
* ``log q = log_expit(-t)`` and ``log r = log_expit(t)``

are all computed without cancellation, whatever the size of ``z``: probabilities
are never clipped and never subtracted from 1.
"""

from __future__ import annotations

import numbers

import numpy as np
from scipy.special import expit, log_expit, logsumexp

__all__ = ["FocalLoss"]

_HESSIANS = ("abs", "logloss", "exact")


def _check_alpha(alpha):
    """None, a float in (0, 1), or positive per-class weights as a float tuple."""
    if alpha is None:
        return None
    if isinstance(alpha, numbers.Real) and not isinstance(alpha, bool):
        a = float(alpha)
        if not 0.0 < a < 1.0:
            raise ValueError(
                f"alpha as a number is the weight of class 1 (binary only) and must be "
                f"in (0, 1), got {alpha!r}"
            )
        return a
    if isinstance(alpha, (str, bytes, dict)):
        raise TypeError(
            "alpha must be None, a float in (0, 1) or an array-like of per-class "
            f"weights, got {type(alpha).__name__}"
        )
    try:
        arr = np.asarray(alpha, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            "alpha must be None, a float in (0, 1) or an array-like of per-class "
            f"weights, got {alpha!r}"
        ) from exc
    if arr.ndim != 1 or arr.size < 2:
        raise ValueError(
            f"alpha as an array needs one weight per class (at least 2), got shape {arr.shape}"
        )
    if not np.all(np.isfinite(arr)) or np.any(arr <= 0):
        raise ValueError(
            f"alpha weights must be finite and positive, got {arr.tolist()}"
        )
    return tuple(arr.tolist())


class FocalLoss:
    """Focal loss for binary (sigmoid) and multiclass (softmax) raw margins.

    ``L = -alpha_y * (1 - p_y) ** gamma * log(p_y)`` where ``p_y`` is the
    predicted probability of the true class (``sigmoid(z)`` or ``softmax(z)``).
    ``gamma = 0`` with ``alpha=None`` is exactly the log-loss.

    Parameters
    ----------
    gamma : float, default=2.0
        Focusing parameter, ``>= 0``.
    alpha : None, float or array-like of shape (n_classes,), default=None
        Class weights. A float in (0, 1) (binary only) is the weight of class 1,
        ``1 - alpha`` that of class 0, as in Lin et al.; an array gives one
        positive weight per class (class indices ``0 .. n_classes - 1``).
    hessian : {"abs", "logloss", "exact"}, default="abs"
        The second derivative handed to a Newton booster. ``"exact"`` is the
        true diagonal second derivative, which is *negative* for badly
        misclassified rows (``p_y < 0.058`` at ``gamma=2``, ``< 0.043`` at
        ``gamma=1``) and makes histogram boosters collapse; ``"abs"`` is its
        absolute value; ``"logloss"`` is the (alpha-weighted) log-loss hessian
        ``p (1 - p)``. The gradient is always the exact one.

    Notes
    -----
    Binary, ``s = 2y - 1``, ``q = sigmoid(s z)``:
    ``dL/dz = alpha s (1-q)^g (g q log q - (1-q))`` and
    ``d2L/dz2 = alpha q (1-q)^g ((1-q)(1 + 2g + g log q) - g^2 q log q)``.
    Multiclass with ``f(q) = g q (1-q)^(g-1) log q - (1-q)^g``:
    ``grad_k = alpha (delta_ky - p_k) f(q)`` and the diagonal hessian
    ``alpha (-p_k (1-p_k) f(q) + (delta_ky - p_k)^2 q f'(q))``, evaluated in a
    factored form that stays finite as ``q -> 1`` for ``0 < gamma < 1``.

    Examples
    --------
    >>> import numpy as np
    >>> from imbfast.losses import FocalLoss
    >>> loss = FocalLoss(gamma=0.0)
    >>> y, z = np.array([0, 1]), np.array([0.0, 2.0])
    >>> np.round(loss.loss(y, z), 6).tolist()
    [0.693147, 0.126928]
    >>> g, h = loss.grad_hess(y, z)
    >>> np.round(g, 6).tolist(), np.round(h, 6).tolist()
    ([0.5, -0.119203], [0.25, 0.104994])
    """

    def __init__(self, gamma=2.0, alpha=None, hessian="abs"):
        if (
            isinstance(gamma, bool)
            or not isinstance(gamma, numbers.Real)
            or not np.isfinite(gamma)
            or gamma < 0
        ):
            raise ValueError(f"gamma must be a finite real number >= 0, got {gamma!r}")
        if hessian not in _HESSIANS:
            raise ValueError(f"hessian must be one of {_HESSIANS}, got {hessian!r}")
        self.gamma = float(gamma)
        self.alpha = _check_alpha(alpha)
        self.hessian = hessian

    def __repr__(self) -> str:
        return f"FocalLoss(gamma={self.gamma!r}, alpha={self.alpha!r}, hessian={self.hessian!r})"

    def __eq__(self, other) -> bool:
        if not isinstance(other, FocalLoss):
            return NotImplemented
        return (self.gamma, self.alpha, self.hessian) == (
            other.gamma,
            other.alpha,
            other.hessian,
        )

    def __hash__(self) -> int:
        return hash((self.gamma, self.alpha, self.hessian))

    @property
    def is_logloss(self) -> bool:
        """True when this loss is exactly the (unweighted) log-loss."""
        return self.gamma == 0.0 and self.alpha is None

    # ------------------------------------------------------------------ inputs

    def _inputs(self, y_true, raw_score, sample_weight):
        raw = np.asarray(raw_score, dtype=np.float64)
        if raw.ndim == 2 and raw.shape[1] == 1:
            raw = raw[:, 0]
        if raw.ndim not in (1, 2):
            raise ValueError(
                f"raw_score must have shape (n,) (binary) or (n, n_classes), got {raw.shape}"
            )
        n_classes = 2 if raw.ndim == 1 else raw.shape[1]
        if raw.ndim == 2 and n_classes < 2:
            raise ValueError("multiclass raw_score needs at least 2 columns")
        y = np.asarray(y_true)
        if y.ndim == 2 and y.shape[1] == 1:
            y = y[:, 0]
        if y.ndim != 1 or y.shape[0] != raw.shape[0]:
            raise ValueError(
                f"y_true must have shape ({raw.shape[0]},) to match raw_score, got {y.shape}"
            )
        if y.dtype.kind == "b":
            y = y.astype(np.intp)
        yi = y.astype(np.intp, copy=False) if y.dtype.kind in "iu" else None
        if yi is None:
            try:
                yf = y.astype(np.float64)
            except (TypeError, ValueError) as exc:
                raise ValueError(
                    "y_true must hold class indices 0 .. n_classes - 1"
                ) from exc
            yi = yf.astype(np.intp)
            if not np.array_equal(yi, yf):
                raise ValueError("y_true must hold integer class indices")
        if yi.size and (yi.min() < 0 or yi.max() >= n_classes):
            raise ValueError(
                f"y_true must hold class indices in [0, {n_classes - 1}] "
                f"for raw_score of shape {raw.shape}; got values in "
                f"[{yi.min()}, {yi.max()}]"
            )
        if not np.all(np.isfinite(raw)):
            raise ValueError("raw_score must be finite")
        alpha = self._alpha_vector(n_classes)
        w = None if alpha is None else alpha[yi]
        if sample_weight is not None:
            sw = np.asarray(sample_weight, dtype=np.float64)
            if sw.shape != (raw.shape[0],):
                raise ValueError(
                    f"sample_weight must have shape ({raw.shape[0]},), got {sw.shape}"
                )
            w = sw if w is None else w * sw
        return yi, raw, w

    def _alpha_vector(self, n_classes):
        if self.alpha is None:
            return None
        if isinstance(self.alpha, float):
            if n_classes != 2:
                raise ValueError(
                    "alpha as a single float is for binary problems; give one weight "
                    f"per class for {n_classes} classes"
                )
            return np.array([1.0 - self.alpha, self.alpha])
        if len(self.alpha) != n_classes:
            raise ValueError(
                f"alpha has {len(self.alpha)} weights but raw_score has {n_classes} classes"
            )
        return np.asarray(self.alpha)

    @staticmethod
    def _margin(yi, raw):
        """``t`` (see the module docstring); multiclass also ``z`` with the true
        class masked to ``-inf`` and ``lse_{k != y}``."""
        if raw.ndim == 1:
            return raw * (1.0 - 2.0 * yi), None, None
        rows = np.arange(raw.shape[0])
        z_y = raw[rows, yi]
        others = raw.copy()
        others[rows, yi] = -np.inf
        lse_o = logsumexp(others, axis=1)
        return lse_o - z_y, others, lse_o

    # ------------------------------------------------------------------ API

    def loss(self, y_true, raw_score, sample_weight=None):
        """Focal loss of each sample.

        Parameters
        ----------
        y_true : array-like of shape (n_samples,)
            Class indices: 0/1 (binary) or ``0 .. n_classes - 1``.
        raw_score : array-like of shape (n_samples,) or (n_samples, n_classes)
            Raw margins (logits): one column for binary, one per class for
            multiclass (softmax).
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        loss : ndarray of shape (n_samples,)
        """
        yi, raw, w = self._inputs(y_true, raw_score, sample_weight)
        t, _, _ = self._margin(yi, raw)
        g = self.gamma
        logq = log_expit(-t)
        out = -logq if g == 0.0 else -np.exp(g * log_expit(t)) * logq
        return out if w is None else out * w

    def grad_hess(self, y_true, raw_score, sample_weight=None):
        """Gradient and hessian (diagonal, by ``self.hessian``) on the raw margins.

        Parameters
        ----------
        y_true, raw_score, sample_weight
            As in :meth:`loss`.

        Returns
        -------
        grad, hess : ndarray of the shape of ``raw_score``
        """
        yi, raw, w = self._inputs(y_true, raw_score, sample_weight)
        t, others, lse_o = self._margin(yi, raw)
        g = self.gamma
        q, r = expit(-t), expit(t)
        logq = log_expit(-t)
        rg = np.exp(g * log_expit(t))  # r ** g, also where r underflows
        # log(q) / r -> -1 as r -> 0
        ratio = np.divide(logq, r, out=np.full_like(r, -1.0), where=r > 0)
        f = rg * (g * q * ratio - 1.0)  # f(q) <= 0
        # r^2 q f'(q), factored: finite as r -> 0 for 0 < gamma < 1
        big = g * rg * (q * r * (logq + 2.0) - (g - 1.0) * q * q * logq)
        if raw.ndim == 1:
            s = 2.0 * yi - 1.0
            grad = s * r * f  # (y - p) f(q), y - p = s r
            pq = q * r  # p (1 - p)
            if self.hessian == "logloss":
                hess = pq
            else:
                hess = -pq * f + big
                if self.hessian == "abs":
                    hess = np.abs(hess)
        else:
            n = raw.shape[0]
            rows = np.arange(n)
            lse = np.logaddexp(lse_o, raw[rows, yi])
            p = np.exp(raw - lse[:, None])
            p[rows, yi] = q
            # (delta_ky - p_k) / r: 1 for the true class, -p_k / r for the others
            d = -np.exp(others - lse_o[:, None])  # exp(-inf) = 0 at the true class
            d[rows, yi] = 1.0
            grad = d * (r * f)[:, None]
            one_minus_p = 1.0 - p
            one_minus_p[rows, yi] = r
            top = np.argmax(raw, axis=1)
            wrong = top != yi  # a wrong class may hold p close to 1
            if np.any(wrong):
                wr, wc = rows[wrong], top[wrong]
                rest = raw[wrong]  # a copy
                rest[np.arange(wr.size), wc] = -np.inf
                one_minus_p[wr, wc] = np.exp(logsumexp(rest, axis=1) - lse[wrong])
            pq = p * one_minus_p
            if self.hessian == "logloss":
                hess = pq
            else:
                hess = -pq * f[:, None] + d * d * big[:, None]
                if self.hessian == "abs":
                    hess = np.abs(hess)
        if w is not None:
            ww = w if raw.ndim == 1 else w[:, None]
            grad = grad * ww
            hess = hess * ww
        return grad, hess

    def init_score(self, y_true, sample_weight=None, *, n_classes=None):
        """The constant raw score that minimises the (weighted) total loss.

        Parameters
        ----------
        y_true : array-like of shape (n_samples,)
            Class indices.
        sample_weight : array-like of shape (n_samples,), default=None
        n_classes : int, default=None
            Number of classes; default ``len(alpha)`` if alpha is an array,
            else ``max(y_true) + 1`` (at least 2). With 2 classes the result is
            a binary margin (a float).

        Returns
        -------
        init : float (binary) or ndarray of shape (n_classes,)
            For log-loss this is ``logit(mean)`` (binary) or the log class
            frequencies (multiclass), as LightGBM's ``boost_from_average``.

        Raises
        ------
        ValueError
            If a class has no (positive) weight: the optimum is then infinite.
        """
        y = np.asarray(y_true)
        if y.ndim != 1 or y.size == 0:
            raise ValueError(
                f"y_true must be a non-empty 1-d array, got shape {y.shape}"
            )
        if n_classes is None:
            if self.alpha is not None and not isinstance(self.alpha, float):
                n_classes = len(self.alpha)
            else:
                n_classes = max(2, int(np.max(y)) + 1)
        dummy = (
            np.zeros(y.shape[0])
            if n_classes == 2
            else np.zeros((y.shape[0], n_classes))
        )
        yi, _, w = self._inputs(y, dummy, sample_weight)
        totals = np.bincount(yi, weights=w, minlength=n_classes).astype(np.float64)
        if np.any(totals <= 0) or not np.all(np.isfinite(totals)):
            raise ValueError(
                f"every class needs a positive total weight for a finite init score; "
                f"got per-class totals {totals.tolist()}"
            )
        if n_classes == 2:
            return self._init_binary(totals)
        return self._init_multiclass(totals)

    def _total(self, c, totals):
        """Loss and gradient of the constant ``c`` with class totals (alpha folded in)."""
        plain = FocalLoss(self.gamma, None, "exact")
        k = totals.size
        labels = np.arange(k)
        if k == 2:
            raw = np.full(2, float(c))
            val = float(np.dot(plain.loss(labels, raw), totals))
            grad, _ = plain.grad_hess(labels, raw, totals)
            return val, float(grad.sum())
        raw = np.tile(np.asarray(c, dtype=np.float64), (k, 1))
        val = float(np.dot(plain.loss(labels, raw), totals))
        grad, _ = plain.grad_hess(labels, raw, totals)
        return val, grad.sum(axis=0)

    def _init_binary(self, totals):
        w0, w1 = totals
        base = float(np.log(w1) - np.log(w0))  # logit of the weighted mean
        if self.gamma == 0.0:
            return base
        from scipy.optimize import minimize_scalar

        # The focal optimum lies between 0 and the log-loss one; scan wider to
        # be safe (the total is not convex for gamma > 0), then refine.
        bound = abs(base) + 5.0
        grid = np.linspace(-bound, bound, 2001)
        plain = FocalLoss(self.gamma, None, "exact")
        n = grid.size
        vals = totals[1] * plain.loss(np.ones(n, dtype=np.intp), grid) + totals[
            0
        ] * plain.loss(np.zeros(n, dtype=np.intp), grid)
        i = int(np.argmin(vals))
        step = grid[1] - grid[0]
        res = minimize_scalar(
            lambda c: self._total(c, totals)[0],
            bounds=(grid[i] - step, grid[i] + step),
            method="bounded",
            options={"xatol": 1e-12},
        )
        return float(res.x)

    def _init_multiclass(self, totals):
        base = np.log(totals) - np.log(totals.sum())
        if self.gamma == 0.0:
            return base
        from scipy.optimize import minimize

        # softmax is shift-invariant: optimise the last k-1 entries, first fixed.
        def fun(v):
            c = np.r_[base[0], v]
            val, grad = self._total(c, totals)
            return val, grad[1:]

        scale = totals.sum()
        res = minimize(
            lambda v: tuple(x / scale for x in fun(v)),
            base[1:],
            jac=True,
            method="L-BFGS-B",
            options={"gtol": 1e-13, "ftol": 1e-15, "maxiter": 1000},
        )
        c = np.r_[base[0], res.x]
        return c - c.mean() + base.mean()
