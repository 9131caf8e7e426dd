"""The one reader of ONNX ``metadata_props``: from a model file or from an open onnxruntime session.

Both contracts (classifier and lung model), the app's session and every training stage read the
metadata here, so the key names and the value encoding (a string stays a string, anything else is
JSON: ONNX metadata only holds strings) are written down once. Training's one writer
(``training/onnx_metadata.py``) uses the same names and encoding.

Reading a file walks the protobuf wire format of the top-level ModelProto for field 14
(``metadata_props``) without building a session or importing the ``onnx`` package, which the
runtime does not install.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

from inference.core.i18n import _

#: Every key CXR Triage writes is namespaced with this prefix.
PREFIX = "cxr."
#: Keys outside the contract dataclasses, written by training stages.
RECIPE = f"{PREFIX}recipe"  # JSON: the TrainConfig of the run
TRAINING_HISTORY = f"{PREFIX}training_history"  # JSON: one record per epoch
QUANTIZATION = f"{PREFIX}quantization"  # JSON: how the int8 twin was made, and its parity

_METADATA_PROPS = 14  # ModelProto.metadata_props
_KEY, _VALUE = 1, 2  # StringStringEntryProto.key / .value


class OnnxMetadataError(ValueError):
    """The bytes are not a well-formed ONNX model file."""


def meta_key(name: str) -> str:
    """The metadata key of a contract field (``threshold`` -> ``cxr.threshold``)."""
    return f"{PREFIX}{name}"


def encode_value(value: Any) -> str:
    """A metadata value: a string as it is, anything else as JSON."""
    return value if isinstance(value, str) else json.dumps(value)


def encode_fields(contract: Any) -> dict[str, str]:
    """Every field of a contract dataclass as ``cxr.<field>`` -> encoded value, in field order."""
    return {meta_key(k): encode_value(v) for k, v in asdict(contract).items()}


def json_value(meta: Mapping[str, str], key: str, default: Any = None) -> Any:
    """The JSON value stored under ``key`` (a full key such as ``cxr.recipe``); ``default`` when
    the key is absent or empty. Malformed JSON raises ``json.JSONDecodeError`` (a ValueError)."""
    raw = meta.get(key)
    if raw is None or raw == "":
        return default
    return json.loads(raw)


def session_metadata(session: Any) -> dict[str, str]:
    """The metadata of an open ``onnxruntime.InferenceSession``."""
    return dict(session.get_modelmeta().custom_metadata_map)


def read_metadata(path: Path | str) -> dict[str, str]:
    """The metadata of an ONNX model file (later duplicates of a key win, as in a dict)."""
    path = Path(path)
    try:
        return metadata_from_bytes(path.read_bytes())
    except OnnxMetadataError as exc:
        raise OnnxMetadataError(f"{path}: {exc}") from exc


def metadata_from_bytes(data: bytes | memoryview) -> dict[str, str]:
    """The metadata of a serialised ModelProto."""
    view = memoryview(data)
    meta: dict[str, str] = {}
    for field, start, end in _fields(view, 0, len(view)):
        if field != _METADATA_PROPS or start < 0:
            continue
        entry = {f: bytes(view[s:e]) for f, s, e in _fields(view, start, end) if s >= 0}
        try:
            key = entry.get(_KEY, b"").decode("utf-8")
            meta[key] = entry.get(_VALUE, b"").decode("utf-8")
        except UnicodeDecodeError as exc:
            raise OnnxMetadataError(
                _("metadata entry is not UTF-8: %(error)s") % {"error": exc}
            ) from exc
    return meta


def _varint(view: memoryview, pos: int, end: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= end or shift > 63:
            raise OnnxMetadataError(_("truncated or malformed protobuf (varint)"))
        byte = view[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
        shift += 7


def _fields(view: memoryview, pos: int, end: int):
    """(field number, start, end) of each field in ``view[pos:end]``; start is -1 for fields that
    are not length-delimited (their value is skipped)."""
    while pos < end:
        tag, pos = _varint(view, pos, end)
        field, wire = tag >> 3, tag & 7
        if wire == 0:
            _skipped, pos = _varint(view, pos, end)
            yield field, -1, -1
            continue
        if wire == 1:
            size = 8
        elif wire == 5:
            size = 4
        elif wire == 2:
            size, pos = _varint(view, pos, end)
        else:
            raise OnnxMetadataError(_("unsupported protobuf wire type %(wire)s") % {"wire": wire})
        if pos + size > end:
            raise OnnxMetadataError(_("truncated protobuf (field runs past the end)"))
        yield field, (pos if wire == 2 else -1), (pos + size if wire == 2 else -1)
        pos += size
