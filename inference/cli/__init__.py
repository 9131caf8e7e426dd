"""Headless commands: scan, calibrate, clinic listen/watch, self-test, and the console they share."""
