"""Where the bundled resources (model, samples) live, from a checkout or a PyInstaller bundle.

A frozen app cannot use ``__file__`` relative paths: PyInstaller unpacks data next to the
executable and exposes that folder as ``sys._MEIPASS`` (``_internal/`` in onedir builds).
``CXR_TRIAGE_RESOURCES`` overrides both, for portable installs and tests.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

MODEL_FILENAME = "cxr-triage.onnx"
INT8_FILENAME = "cxr-triage-int8.onnx"  # the same model quantised for CPUs (when it holds)
LUNG_FILENAME = "cxr-lungs.onnx"  # the lung-field model (heat mask and lung check)
FORCE_FLOAT_ENV = "CXR_TRIAGE_FLOAT"  # "1": always the float model
RESOURCES_ENV = "CXR_TRIAGE_RESOURCES"


def resources_dir() -> Path:
    """The ``resources`` folder: env override, frozen bundle, or the repository checkout."""
    override = os.environ.get(RESOURCES_ENV)
    if override:
        return Path(override).expanduser()
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def default_model_path() -> Path:
    """The shipped model file (it may be missing: ModelSession.load reports that clearly)."""
    return resources_dir() / "models" / MODEL_FILENAME


def int8_model_path() -> Path:
    return resources_dir() / "models" / INT8_FILENAME


def lung_model_path() -> Path:
    return resources_dir() / "models" / LUNG_FILENAME


def samples_dir() -> Path:
    """Bundled sample radiographs for the demo worklist."""
    return resources_dir() / "samples"
