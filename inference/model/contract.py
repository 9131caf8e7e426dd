"""The model's contract, carried in the ONNX file's metadata_props.

Training writes it; the app reads it instead of repeating constants. Every key is namespaced
``cxr.`` and every value is a string (ONNX metadata only holds strings); structured values are JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from inference.core.i18n import _
from inference.model.onnx_metadata import PREFIX, encode_fields, meta_key

CONTRACT_VERSION = "2"
#: Contract versions this app reads: 1 (model 1.x, no scope output) and 2 (scope output + threshold).
SUPPORTED_CONTRACT_VERSIONS = ("1", "2")
#: How the scope output and the Mahalanobis second opinion combine (contract key ``scope_rule``).
SCOPE_RULE_EITHER = "out if scope_prob < scope_threshold or mahalanobis > ood.threshold"

# Graph input/output names, fixed by the contract.
INPUT_NAME = "image"
OUTPUT_PNEUMONIA = "pneumonia_prob"  # (N,) calibrated P(pneumonia) = 1 - P(normal)
OUTPUT_CLASS_PROBS = "class_probs"  # (N, C) calibrated softmax
OUTPUT_CAM = "cam"  # (N, h, w) class activation map for pneumonia, low resolution, unnormalised
OUTPUT_EMBEDDING = "embedding"  # (N, D) pooled features, for out-of-distribution scoring
OUTPUT_SCOPE = (
    "scope_prob"  # (N,) P(frontal pediatric chest film like the training data); v2 models
)
#: Outputs every model has (v1 and later).
OUTPUT_NAMES = (OUTPUT_PNEUMONIA, OUTPUT_CLASS_PROBS, OUTPUT_CAM, OUTPUT_EMBEDDING)
#: Outputs of a model with a scope head (model 2.x, contract version 2).
OUTPUT_NAMES_V2 = (*OUTPUT_NAMES, OUTPUT_SCOPE)


class ContractError(ValueError):
    """The model file's metadata is missing or inconsistent: it is not a CXR Triage model."""


@dataclass(frozen=True)
class OODReference:
    """Training-set statistics of the embedding, for a Mahalanobis out-of-distribution score.

    ``precision`` is the inverse of a shrunk covariance; ``threshold`` is a high percentile of the
    training images' own distances, so a score above it means "unlike anything trained on".
    """

    mean: list[float]
    precision: list[list[float]]
    threshold: float
    percentile: float = 99.5

    @cached_property
    def _arrays(self) -> tuple[Any, Any]:
        """Mean and precision as arrays, converted once (not per batch: 192x192 from lists costs
        ~1 ms, a fifth of the inference thread's time)."""
        import numpy as np

        return np.asarray(self.mean, dtype=np.float64), np.asarray(self.precision, dtype=np.float64)

    def distance(self, emb: Any) -> Any:
        """Mahalanobis distance of each row of ``emb`` (N, D); returns shape (N,)."""
        import numpy as np

        mean, p = self._arrays
        e = np.asarray(emb, dtype=np.float64) - mean
        return np.sqrt(np.maximum(((e @ p) * e).sum(axis=1), 0.0))


@dataclass(frozen=True)
class ScopeProbe:
    """A linear read-out of the embedding: child chest film / adult chest film / other image.

    Fitted after training on children against adults from several hospitals and non-chest
    images (``cxr-train gate``). An image whose P(child) is below ``threshold`` is out of scope;
    the larger of P(adult) and P(other) says why. Computed in numpy from this metadata, like the
    Mahalanobis reference, so the graph (and its int8 twin) stay as exported.
    """

    classes: list[str]  # ["child", "adult", "other"]
    mean: list[float]
    scale: list[float]
    coef: list[list[float]]  # (K, D)
    intercept: list[float]  # (K,)
    threshold: float  # P(child) below this: out of scope

    @cached_property
    def _arrays(self) -> tuple[Any, Any, Any, Any]:
        import numpy as np

        return (
            np.asarray(self.mean, np.float64),
            np.asarray(self.scale, np.float64),
            np.asarray(self.coef, np.float64),
            np.asarray(self.intercept, np.float64),
        )

    def probabilities(self, emb: Any) -> Any:
        """(N, K) class probabilities for embeddings (N, D)."""
        import numpy as np

        mean, scale, coef, icpt = self._arrays
        z = ((np.asarray(emb, np.float64) - mean) / scale) @ coef.T + icpt
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def validate(self) -> None:
        d = len(self.mean)
        if (
            self.classes[:1] != ["child"]
            or len(self.scale) != d
            or len(self.coef) != len(self.classes)
            or any(len(row) != d for row in self.coef)
            or len(self.intercept) != len(self.classes)
            or not 0.0 < float(self.threshold) < 1.0
        ):
            raise ContractError(_("model metadata 'cxr.scope_probe' is inconsistent"))


@dataclass(frozen=True)
class ModelContract:
    """Everything the app needs to know about a model, read from its metadata."""

    version: str
    input_size: tuple[int, int]  # (height, width)
    classes: tuple[str, ...]  # e.g. ("normal", "bacterial", "viral"); index 0 is normal
    preprocessing: str  # inference.model.preprocess.PREPROCESSING_ID
    threshold: float  # default operating point on calibrated P(pneumonia)
    temperature: float  # already applied inside the graph; kept for the record
    cam_size: tuple[int, int] = (14, 14)
    name: str = "CXR Triage pneumonia model"
    data_manifest_sha256: str = ""
    val_metrics: dict[str, Any] = field(default_factory=dict)
    ood: OODReference | None = None
    intended_use: str = ""
    scope_threshold: float | None = None  # P(in scope) below this: out of scope (None: no output)
    scope_rule: str = ""  # how scope_prob and the Mahalanobis distance combine
    # CAM value shown as full colour (absolute heatmap scale, from the training images); None: the
    # heatmap falls back to the per-image relative scale (1.x models).
    cam_scale: float | None = None
    cam_floor: float = 0.0  # CAM value shown as no colour (normal films' common peak level)
    # Ages of the training children; older patients are out of scope (DICOM PatientAge / dates).
    age_range_years: tuple[float, float] = (0.0, 6.0)
    contract_version: str = CONTRACT_VERSION
    # Child / adult / other read-out of the embedding (model 2.1+); None: not fitted.
    scope_probe: ScopeProbe | None = None

    @property
    def has_scope_output(self) -> bool:
        """True for models with a ``scope_prob`` output (2.x); 1.x models rely on Mahalanobis only."""
        return self.scope_threshold is not None

    def to_metadata(self) -> dict[str, str]:
        """Serialise to ONNX metadata_props (string -> string)."""
        return encode_fields(self)

    @classmethod
    def from_metadata(cls, meta: dict[str, str]) -> ModelContract:
        """Parse and validate; raises ContractError with a message a user can act on."""
        if not any(k.startswith(PREFIX) for k in meta):
            raise ContractError(
                _(
                    "this ONNX file has no CXR Triage metadata (cxr.* keys): it is not a model "
                    "exported by cxr-train"
                )
            )

        def get(key: str, required: bool = True) -> str | None:
            value = meta.get(meta_key(key))
            if value is None and required:
                raise ContractError(_("model metadata lacks 'cxr.%(key)s'") % {"key": key})
            return value

        def js(key: str, required: bool = True) -> Any:
            raw = get(key, required)
            if raw is None:
                return None
            try:
                return json.loads(raw)
            except json.JSONDecodeError as exc:
                raise ContractError(
                    _("model metadata 'cxr.%(key)s' is not valid JSON: %(error)s")
                    % {"key": key, "error": exc}
                ) from exc

        try:
            cv = get("contract_version")
            if cv not in SUPPORTED_CONTRACT_VERSIONS:
                raise ContractError(
                    _(
                        "model contract version %(version)s is not supported (this app reads %(known)s)"
                    )
                    % {"version": cv, "known": ", ".join(SUPPORTED_CONTRACT_VERSIONS)}
                )
            scope_t = js("scope_threshold", False)
            size = tuple(int(v) for v in js("input_size"))
            cam = tuple(int(v) for v in (js("cam_size", False) or (14, 14)))
            classes = tuple(str(c) for c in js("classes"))
            threshold = float(js("threshold"))
            temperature = float(js("temperature"))
            ood_raw = js("ood", False)
            ood = OODReference(**ood_raw) if ood_raw else None
            probe_raw = js("scope_probe", False)
            probe = ScopeProbe(**probe_raw) if probe_raw else None
            if probe is not None:
                probe.validate()
            contract = cls(
                version=str(get("version")),
                input_size=(size[0], size[1]),
                classes=classes,
                preprocessing=str(get("preprocessing")),
                threshold=threshold,
                temperature=temperature,
                cam_size=(cam[0], cam[1]),
                name=str(get("name", False) or cls.name),
                data_manifest_sha256=str(get("data_manifest_sha256", False) or ""),
                val_metrics=js("val_metrics", False) or {},
                ood=ood,
                intended_use=str(get("intended_use", False) or ""),
                scope_threshold=None if scope_t is None else float(scope_t),
                scope_rule=str(get("scope_rule", False) or ""),
                age_range_years=tuple(float(v) for v in (js("age_range_years", False) or (0, 6))),
                cam_scale=None if js("cam_scale", False) is None else float(js("cam_scale")),
                cam_floor=float(js("cam_floor", False) or 0.0),
                contract_version=str(cv),
                scope_probe=probe,
            )
        except ContractError:
            raise
        except (TypeError, ValueError, IndexError) as exc:
            raise ContractError(
                _("model metadata is malformed: %(error)s") % {"error": exc}
            ) from exc
        contract.validate()
        return contract

    def validate(self) -> None:
        from inference.model.preprocess import PREPROCESSING_ID

        if len(self.input_size) != 2 or min(self.input_size) < 16 or max(self.input_size) > 2048:
            raise ContractError(_("implausible input size %(size)s") % {"size": self.input_size})
        if len(self.classes) < 2 or self.classes[0] != "normal":
            raise ContractError(
                _("classes must start with 'normal', got %(classes)s") % {"classes": self.classes}
            )
        if not 0.0 < self.threshold < 1.0:
            raise ContractError(
                _("threshold %(value)s is outside (0, 1)") % {"value": self.threshold}
            )
        if self.cam_scale is not None and not self.cam_scale > 0.0:
            raise ContractError(
                _("CAM scale %(value)s must be positive") % {"value": self.cam_scale}
            )
        if self.scope_threshold is not None and not 0.0 < self.scope_threshold < 1.0:
            raise ContractError(
                _("scope threshold %(value)s is outside (0, 1)") % {"value": self.scope_threshold}
            )
        if not self.temperature > 0.0:
            raise ContractError(
                _("temperature %(value)s must be positive") % {"value": self.temperature}
            )
        if self.preprocessing != PREPROCESSING_ID:
            raise ContractError(
                _("model expects preprocessing '%(model)s', this app implements '%(app)s'")
                % {"model": self.preprocessing, "app": PREPROCESSING_ID}
            )
