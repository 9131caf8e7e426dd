"""The image side: decoding for display, window/level, the zoomable view with heatmap overlay, details."""
