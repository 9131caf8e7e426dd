"""CXR Triage training: datasets, model, training loop, calibration, evaluation, ONNX export (PyTorch)."""
