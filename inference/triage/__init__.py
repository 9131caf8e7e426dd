"""Decide: scope, operating point, site calibration and the worklist order, from the model's facts."""
