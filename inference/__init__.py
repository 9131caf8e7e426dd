"""CXR Triage inference layer: image loading, preprocessing, ONNX inference. No Qt, no torch.

Offline means offline: onnxruntime's built-in telemetry (1DS: a device id under
``~/.cache/Microsoft`` and DNS lookups of its collector) is switched off here, before any module of
this package can import onnxruntime, for every entry point (viewer, CLI, self-test, frozen app and
training's evaluation all import ``inference`` first). ``inference.model.ort_runtime`` also calls
``onnxruntime.disable_telemetry_events()`` once onnxruntime is loaded.
"""

import os as _os

_os.environ["ORT_DISABLE_TELEMETRY"] = "1"
