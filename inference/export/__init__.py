"""Write results: worklist CSV/JSON, heatmap PNGs, calibration plots, and the checks before writing."""
