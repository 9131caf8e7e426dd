"""CXR Triage inference layer: image loading, preprocessing, ONNX inference. No Qt, no torch."""
