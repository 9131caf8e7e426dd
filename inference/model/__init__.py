"""Run the ONNX models: their contracts, sessions, preprocessing, heatmaps and lung fields."""
