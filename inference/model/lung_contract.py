"""The lung-field model's contract, carried in its ONNX file's metadata (``cxr.*`` keys, as the
classifier's): what it reads, what it outputs and the numbers its lung check uses.

The lung model is a separate, small file (``cxr-lungs.onnx``) so the classifier and the lung model
can be trained, versioned and replaced on their own; the app runs both on every image.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from inference.core.i18n import N_, _
from inference.model.onnx_metadata import encode_fields, meta_key

LUNG_KIND = "lung-field"
LUNG_CONTRACT_VERSION = "1"
#: Side of the lung model's square input: the classifier's 224-px plane reduced by area averaging.
LUNG_PLANE_SIZE = (64, 64)
LUNG_PREPROCESSING_ID = "model-plane-area64-zscore-v1"
LUNG_INPUT = "image"
#: Side of the model's output map (the lung mask the app keeps is this size too).
LUNG_OUTPUT_SIZE = (32, 32)
LUNG_OUTPUT = "lung_prob"  # (N, 2, 32, 32) P(lung) for the lung on the image's left and right
LUNG_CHANNELS = ("lung_image_left", "lung_image_right")
#: What the heat mask covers (stated in the contract, the legend and ARCHITECTURE.md).
#: The shipped model states this English text; screens show ``_(text)``, so a model stating the
#: same policy reads in the user's language (another wording stays as the model states it).
RETROCARDIAC_POLICY = N_(
    "each lung's convex hull, dilated: the lung behind the heart (retrocardiac, left lower lobe) "
    "and dense consolidation count as lung; the mediastinum above and between the lungs, the "
    "neck, arms and abdomen do not"
)


class LungContractError(ValueError):
    """The file is not a CXR Triage lung-field model."""


@dataclass(frozen=True)
class LungCheck:
    """Numbers of the "lungs not seen / cut off" check, measured on the training children.

    ``min_lung_area``: each lung's hull must cover at least this share of the plane;
    ``max_edge_share``: at most this share of a lung's outline may lie on the image border;
    ``min_total_area``: both lungs together at least this share (a tiny chest in a big film).
    """

    min_lung_area: float = 0.03
    max_edge_share: float = 0.35
    min_total_area: float = 0.12


@dataclass(frozen=True)
class LungContract:
    version: str
    input_size: tuple[int, int] = LUNG_PLANE_SIZE
    preprocessing: str = LUNG_PREPROCESSING_ID
    channels: tuple[str, ...] = LUNG_CHANNELS
    threshold: float = 0.5
    dilate_fraction: float = 0.03  # of the plane's side, added around each lung's hull
    check: LungCheck = field(default_factory=LungCheck)
    retrocardiac: str = RETROCARDIAC_POLICY
    sources: tuple[str, ...] = ()
    val_metrics: dict[str, Any] = field(default_factory=dict)
    name: str = "CXR Triage lung-field model"
    kind: str = LUNG_KIND
    contract_version: str = LUNG_CONTRACT_VERSION

    def to_metadata(self) -> dict[str, str]:
        return encode_fields(self)

    @classmethod
    def from_metadata(cls, meta: dict[str, str]) -> LungContract:
        if meta.get(meta_key("kind")) != LUNG_KIND:
            raise LungContractError(_("this ONNX file is not a CXR Triage lung-field model"))
        if meta.get(meta_key("contract_version")) != LUNG_CONTRACT_VERSION:
            raise LungContractError(
                _("lung model contract %(version)s is not supported")
                % {"version": meta.get(meta_key("contract_version"))}
            )
        try:

            def js(key: str, default: Any) -> Any:
                raw = meta.get(meta_key(key))
                return default if raw is None else json.loads(raw)

            size = tuple(int(v) for v in js("input_size", LUNG_PLANE_SIZE))
            contract = cls(
                version=str(meta[meta_key("version")]),
                input_size=(size[0], size[1]),
                preprocessing=str(meta.get(meta_key("preprocessing"), "")),
                channels=tuple(str(c) for c in js("channels", LUNG_CHANNELS)),
                threshold=float(js("threshold", 0.5)),
                dilate_fraction=float(js("dilate_fraction", 0.03)),
                check=LungCheck(**js("check", {})),
                retrocardiac=str(meta.get(meta_key("retrocardiac"), RETROCARDIAC_POLICY)),
                sources=tuple(str(s) for s in js("sources", [])),
                val_metrics=dict(js("val_metrics", {})),
                name=str(meta.get(meta_key("name"), cls.name)),
            )
        except (KeyError, TypeError, ValueError, json.JSONDecodeError) as exc:
            raise LungContractError(
                _("lung model metadata is malformed: %(error)s") % {"error": exc}
            ) from exc
        if contract.preprocessing != LUNG_PREPROCESSING_ID:
            raise LungContractError(
                _("lung model expects preprocessing '%(model)s', this app implements '%(app)s'")
                % {"model": contract.preprocessing, "app": LUNG_PREPROCESSING_ID}
            )
        if contract.channels != LUNG_CHANNELS or not 0.0 < contract.threshold < 1.0:
            raise LungContractError(
                _("lung model channels or threshold are not as this app expects")
            )
        return contract
