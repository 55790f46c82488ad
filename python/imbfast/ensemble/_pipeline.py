"""A minimal sampler-aware pipeline for the ensembles' members.

imbalanced-learn's ensembles hold their members as ``imblearn.pipeline.Pipeline``
objects (``[("sampler", ...), ("classifier", ...)]``). imbfast does not depend on
imbalanced-learn, so the members are this class instead: scikit-learn's
:class:`~sklearn.pipeline.Pipeline` that accepts samplers (anything with
``fit_resample``) as intermediate steps, resamples through them in ``fit`` and
skips them when predicting. Its parameters (``steps``, ``transform_input``,
``memory``, ``verbose``) and nested parameter names are imbalanced-learn's, so
``_set_random_states`` draws the members' seeds over the same sorted keys.
"""

from __future__ import annotations

from typing import Any

from sklearn import pipeline as _sk_pipeline

__all__ = ["Pipeline", "make_pipeline"]


def _is_sampler(step: Any) -> bool:
    return hasattr(step, "fit_resample")


class Pipeline(_sk_pipeline.Pipeline):
    """scikit-learn's ``Pipeline`` with samplers allowed as intermediate steps.

    Samplers resample ``(X, y)`` during :meth:`fit` only; ``predict``,
    ``predict_proba``, ``decision_function`` and ``transform`` skip them.

    Parameters
    ----------
    steps : list of (str, estimator) tuples
        The steps; intermediate ones are samplers (``fit_resample``) or
        transformers, the last one an estimator.
    transform_input : None
        Accepted for signature compatibility; metadata routing is not supported.
    memory : None
        Accepted for signature compatibility; no caching is done.
    verbose : bool, default=False
        Accepted for signature compatibility.
    """

    def __init__(
        self,
        steps: list,
        *,
        transform_input: Any = None,
        memory: Any = None,
        verbose: bool = False,
    ) -> None:
        self.steps = steps
        self.transform_input = transform_input
        self.memory = memory
        self.verbose = verbose

    def _validate_steps(self) -> None:
        if not self.steps:
            raise ValueError("The pipeline is empty. Please add steps.")
        names, estimators = zip(*self.steps)
        self._validate_names(names)
        for step in estimators[:-1]:
            if step is None or step == "passthrough" or _is_sampler(step):
                continue
            if not (
                hasattr(step, "fit") or hasattr(step, "fit_transform")
            ) or not hasattr(step, "transform"):
                raise TypeError(
                    "All intermediate steps of the chain should be estimators that "
                    "implement fit and transform or fit_resample, or be the string "
                    f"'passthrough'. '{step}' (type {type(step)}) doesn't."
                )
        last = estimators[-1]
        if last is not None and last != "passthrough" and not hasattr(last, "fit"):
            raise TypeError(
                "Last step of Pipeline should implement fit or be the string "
                f"'passthrough'. '{last}' (type {type(last)}) doesn't"
            )

    def _iter(
        self,
        with_final: bool = True,
        filter_passthrough: bool = True,
        filter_resample: bool = True,
    ):
        for idx, name, step in super()._iter(with_final, filter_passthrough):
            if filter_resample and _is_sampler(step):
                continue
            yield idx, name, step

    def fit(self, X: Any, y: Any = None, **params: Any) -> Pipeline:
        """Resample / transform through the intermediate steps, fit the last one.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,), default=None
            Training targets.
        **params : dict
            ``<step name>__<parameter>`` fit parameters of the steps.

        Returns
        -------
        self : Pipeline
            The fitted pipeline.
        """
        self._validate_steps()
        step_params: dict[str, dict[str, Any]] = {name: {} for name, _ in self.steps}
        for key, value in params.items():
            name, sep, param = key.partition("__")
            if not sep or name not in step_params:
                raise ValueError(
                    f"Pipeline.fit does not accept the {key} parameter. You can pass "
                    "parameters to specific steps of your pipeline using the "
                    "stepname__parameter format, e.g. "
                    "`Pipeline.fit(X, y, logisticregression__sample_weight"
                    "=sample_weight)`."
                )
            step_params[name][param] = value
        Xt, yt = X, y
        for _, name, step in self._iter(with_final=False, filter_resample=False):
            if _is_sampler(step):
                Xt, yt = step.fit_resample(Xt, yt, **step_params[name])
            elif hasattr(step, "fit_transform"):
                Xt = step.fit_transform(Xt, yt, **step_params[name])
            else:
                Xt = step.fit(Xt, yt, **step_params[name]).transform(Xt)
        name, last = self.steps[-1]
        if last is not None and last != "passthrough":
            last.fit(Xt, yt, **step_params[name])
        return self


def make_pipeline(*steps: Any) -> Pipeline:
    """A :class:`Pipeline` whose step names are the lower-cased class names."""
    return Pipeline(_sk_pipeline._name_estimators(steps))
