"""The one writer of ONNX ``metadata_props``: every stage that puts the contract (or an update of
it) into a model file goes through here, with the reader's key names and encoding
(``inference/model/onnx_metadata.py``), and saves the result as a new file in one atomic step.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import onnx

from inference.core.output_files import atomic_path
from inference.model.onnx_metadata import encode_value


def set_metadata(model: onnx.ModelProto, meta: Mapping[str, Any]) -> None:
    """Replace all of ``model``'s metadata with ``meta``, in its order (values encoded: a string
    as it is, anything else as JSON)."""
    del model.metadata_props[:]
    for key, value in meta.items():
        entry = model.metadata_props.add()
        entry.key, entry.value = key, encode_value(value)


def update_metadata(model: onnx.ModelProto, updates: Mapping[str, Any]) -> dict[str, str]:
    """Set the keys of ``updates`` and keep every other entry: existing keys keep their place,
    new ones are appended. Returns the metadata now in ``model``."""
    meta = {p.key: p.value for p in model.metadata_props}
    meta.update({k: encode_value(v) for k, v in updates.items()})
    set_metadata(model, meta)
    return meta


def save_model(model: onnx.ModelProto, path: Path, check: bool = True) -> Path:
    """Check ``model`` and write it to ``path`` atomically (no half-written model on a failure)."""
    if check:
        onnx.checker.check_model(model)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as tmp:
        onnx.save(model, str(tmp))
    return path
