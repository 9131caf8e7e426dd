"""One batch's model outputs turned into results: facts only (scores, CAM, displayed heat masked to
the lung fields, scope score and probe, OOD distance, lung fields, flags). The pipeline runs the
classifier and the lung model here on the inference thread; labels, scope reasons and order are
decided later by ``inference.triage.worklist``.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from inference.core.i18n import N_, Message
from inference.core.types import FailureKind, Flag, LoadFailure, TriageResult
from inference.model.contract import (
    OUTPUT_CAM,
    OUTPUT_CLASS_PROBS,
    OUTPUT_EMBEDDING,
    OUTPUT_PNEUMONIA,
    OUTPUT_SCOPE,
)
from inference.model.heatmap import display_heat
from inference.model.lung_contract import LUNG_OUTPUT
from inference.model.lung_fields import LungFields, LungSession, analyse
from inference.model.session import ModelSession
from inference.triage.scope_rules import model_scope_flags


@dataclass
class PreparedImage:
    """A decoded file reduced to what inference and the worklist need (no full-res pixels)."""

    index: int
    path: Path
    input: np.ndarray  # (1, H, W) float32, the model input
    flags: set[Flag]
    metadata: dict[str, str]
    original_size: tuple[int, int]
    format: str
    thumbnail: np.ndarray | None
    decode_ms: float
    body: np.ndarray | None = None  # share of each CAM cell inside the body outline
    lung_input: np.ndarray | None = None  # (1, 64, 64) float32 for the lung model
    age_years: float | None = None  # the loader's typed age (DICOM), for the scope rules


def failure_result(failure: LoadFailure, index: int, decode_ms: float = 0.0) -> TriageResult:
    return TriageResult(path=failure.path, index=index, error=failure, decode_ms=decode_ms)


def results_from_outputs(
    items: Sequence[PreparedImage],
    outputs: dict[str, np.ndarray],
    session: ModelSession,
    infer_ms: float,
) -> list[TriageResult]:
    """Turn one batch of model outputs into results: facts only (scores, CAM, scope, flags).

    Labels, scope reasons and order are decided later by ``inference.triage.worklist`` at the user's
    operating point; the model's scope flags come from ``scope_rules.model_scope_flags``.
    """
    contract = session.contract
    probs = np.asarray(outputs[OUTPUT_PNEUMONIA], dtype=np.float64).reshape(-1)
    class_probs = np.asarray(outputs[OUTPUT_CLASS_PROBS], dtype=np.float64)
    cams = np.asarray(outputs[OUTPUT_CAM], dtype=np.float32)
    ood = contract.ood
    scopes = (
        np.asarray(outputs[OUTPUT_SCOPE], dtype=np.float64).reshape(-1)
        if contract.has_scope_output and OUTPUT_SCOPE in outputs
        else None
    )
    distances = (
        ood.distance(np.asarray(outputs[OUTPUT_EMBEDDING]))
        if ood is not None
        else [None] * len(items)
    )
    probe = contract.scope_probe
    probe_probs = probe.probabilities(outputs[OUTPUT_EMBEDDING]) if probe is not None else None
    lung_probs = outputs.get(LUNG_OUTPUT)
    lung_session = _lungs(session)
    lung_contract = lung_session.contract if lung_session is not None else None
    results = []
    for i, item in enumerate(items):
        lungs: LungFields | None = None
        if lung_probs is not None and lung_contract is not None:
            lungs = analyse(lung_probs[i], lung_contract)
        prob = float(probs[i])
        cps = class_probs[i]
        common = dict(
            path=item.path,
            index=item.index,
            metadata=item.metadata,
            original_size=item.original_size,
            format=item.format,
            decode_ms=item.decode_ms,
            infer_ms=infer_ms,
            thumbnail=item.thumbnail,
            age_years=item.age_years,
        )
        if not (np.isfinite(prob) and 0.0 <= prob <= 1.0 and np.all(np.isfinite(cps))):
            failure = LoadFailure(
                item.path,
                FailureKind.MODEL_ERROR,
                Message(N_("the model returned an invalid score (%(score)s)"), score=str(prob)),
            )
            results.append(TriageResult(**common, error=failure, flags=set(item.flags)))
            continue
        distance = None if distances[i] is None else float(distances[i])
        scope = None if scopes is None else float(scopes[i])
        pp = probe_probs[i] if probe is not None and probe_probs is not None else None
        scope_classes: dict[str, float] = {}
        if probe is not None and pp is not None:
            scope_classes = {c: float(v) for c, v in zip(probe.classes, pp, strict=True)}
        flags = set(item.flags) | model_scope_flags(contract, distance, scope, pp, lungs)
        mask = lungs.mask if lungs is not None else item.body
        results.append(
            TriageResult(
                **common,
                pneumonia_prob=prob,
                class_probs={c: float(p) for c, p in zip(contract.classes, cps, strict=True)},
                scope_prob=scope,
                scope_classes=scope_classes,
                cam=display_heat(cams[i], contract.cam_scale, mask, contract.cam_floor),
                cam_raw=cams[i].astype(np.float32, copy=True),
                body=item.body,
                lungs=lungs,
                ood_score=distance,
                flags=flags,
            )
        )
    return results


def _lungs(session: ModelSession) -> LungSession | None:
    """The session's lung model (None for a session without one, e.g. a test double)."""
    return getattr(session, "lungs", None)


def _add_lungs(
    outputs: dict[str, np.ndarray], batch: list[PreparedImage], session: ModelSession
) -> None:
    """Run the lung model on the batch (when there is one) and add its output by name."""
    lungs = _lungs(session)
    if lungs is None or any(item.lung_input is None for item in batch):
        return
    outputs[LUNG_OUTPUT] = lungs.run(np.stack([item.lung_input for item in batch]))


def _infer(batch: list[PreparedImage], session: ModelSession) -> list[TriageResult]:
    """Run one batch; if the batch fails, retry image by image so one bad input cannot sink all."""
    t0 = time.perf_counter()
    try:
        outputs = session.run(np.stack([item.input for item in batch]))
        _add_lungs(outputs, batch, session)
        per_image_ms = (time.perf_counter() - t0) * 1000.0 / len(batch)
        return results_from_outputs(batch, outputs, session, per_image_ms)
    except Exception:
        return [_infer_one(item, session) for item in batch]


def _infer_one(item: PreparedImage, session: ModelSession) -> TriageResult:
    t0 = time.perf_counter()
    try:
        outputs = session.run(item.input[None])
        _add_lungs(outputs, [item], session)
    except Exception as exc:
        failure = LoadFailure(
            item.path,
            FailureKind.MODEL_ERROR,
            Message(N_("inference failed: %(error)s"), error=str(exc)),
        )
        return TriageResult(
            path=item.path,
            index=item.index,
            metadata=item.metadata,
            original_size=item.original_size,
            format=item.format,
            flags=set(item.flags),
            decode_ms=item.decode_ms,
            thumbnail=item.thumbnail,
            error=failure,
        )
    ms = (time.perf_counter() - t0) * 1000.0
    with contextlib.suppress(Exception):
        return results_from_outputs([item], outputs, session, ms)[0]
    failure = LoadFailure(
        item.path, FailureKind.MODEL_ERROR, Message(N_("the model's outputs are malformed"))
    )
    return TriageResult(path=item.path, index=item.index, error=failure, decode_ms=item.decode_ms)
