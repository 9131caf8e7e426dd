"""Training configuration: one dataclass, filled from the command line, saved with every checkpoint.

Data folders default to the layout ``make model`` uses (``../shared/data`` beside the repository),
resolved from the repository root rather than the working folder, so a run started anywhere reads
the same data; a configured folder that is missing fails with its path instead of being skipped.
Every path is absolute inside the program; in saved recipes, paths under the repository or the
shared data folder are written relative to the repository root (no builder's home folder in a
shipped model) and read back against it.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

#: The repository root (this file is training/config.py).
REPO_ROOT = Path(__file__).resolve().parents[1]
#: The real data, read-only, beside the clone (the Makefile's SHARED ?= ../shared/data).
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"

_PATH_FIELDS = ("data", "out", "cache_dir", "adult_data", "dicom_data")


class MissingDataError(FileNotFoundError):
    """A data folder the run is configured to read does not exist (or holds nothing usable)."""


def require_dir(path: Path, what: str) -> Path:
    """``path`` when it is a folder; otherwise MissingDataError naming ``what`` and the path."""
    if not Path(path).is_dir():
        raise MissingDataError(f"{what} not found: {path}")
    return Path(path)


def portable(path: Path) -> str:
    """``path`` as saved in a recipe: relative to the repository root when it lies under the
    repository or the shared data folder, else absolute."""
    path = Path(path).resolve()
    if path.is_relative_to(REPO_ROOT):
        return path.relative_to(REPO_ROOT).as_posix()
    shared = SHARED_DATA.resolve()  # the shared folder may be a link to another disk
    if path.is_relative_to(shared):
        return (Path(os.path.relpath(SHARED_DATA, REPO_ROOT)) / path.relative_to(shared)).as_posix()
    return str(path)


def from_portable(value: str | Path) -> Path:
    """A saved recipe path back to an absolute one (relative paths are from the repository root)."""
    path = Path(value).expanduser()
    return path if path.is_absolute() else (REPO_ROOT / path).resolve()


@dataclass
class TrainConfig:
    data: Path = SHARED_DATA / "kermany-224"
    out: Path = Path("runs/cxr-triage")  # outputs: relative to the working folder
    split: str = "train"
    epochs: int = 30
    batch_size: int = 32
    lr: float = 2e-3
    weight_decay: float = 5e-4
    warmup_epochs: float = 1.0
    label_smoothing: float = 0.05
    val_fraction: float = 0.15
    seed: int = 0
    patience: int = 6
    input_size: tuple[int, int] = (224, 224)
    widths: tuple[int, ...] = (24, 32, 64, 128, 192)
    threads: int | None = None
    limit: int | None = None  # use only this many images (smoke tests, debugging)
    cache_dir: Path | None = Path(".cache")
    resume: bool = False
    stop_after: int | None = None  # end the run after this epoch (time budget), schedule unchanged
    device: str = "auto"
    target_sensitivity: float = 0.95
    model_version: str = "2.0.0"
    # Outlier exposure for the scope output: None leaves a source out (then only made-up
    # outliers); a folder that is named but missing stops the run.
    adult_data: Path | None = SHARED_DATA / "adult-cxr"
    dicom_data: Path | None = SHARED_DATA / "dicom"
    outliers_per_batch: int = 12
    scope_weight: float = 0.5
    # Weights averaged over steps (EMA); the averaged model is the one evaluated and shipped.
    ema_decay: float = 0.998
    shift_seed: int = 1234  # fixed seed of the shifted validation copy
    target_scope_kept: float = 0.98  # scope threshold keeps this share of in-scope validation
    target_scope_kept_shifted: float = 0.97  # ... and of its (deliberately harsh) shifted copy
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A relative path given here (the command line) is from the working folder, once.
        for key in _PATH_FIELDS:
            value = getattr(self, key)
            if value is not None:
                setattr(self, key, Path(value).expanduser().resolve())

    def require_inputs(self) -> None:
        """Every data folder this run reads exists, or MissingDataError naming each missing one."""
        wanted = [(self.data / self.split, f"training data folder ('{self.split}' under --data)")]
        if self.adult_data is not None:
            wanted.append((self.adult_data, "adult outlier folder (--adult-data)"))
        if self.dicom_data is not None:
            wanted.append((self.dicom_data, "DICOM outlier folder (--dicom-data)"))
        missing = [f"{what} not found: {path}" for path, what in wanted if not path.is_dir()]
        if missing:
            raise MissingDataError("; ".join(missing))

    def to_json(self) -> dict:
        d = asdict(self)
        return {k: (portable(v) if isinstance(v, Path) else v) for k, v in d.items()}

    @classmethod
    def from_json(cls, d: dict) -> TrainConfig:
        d = dict(d)
        for key in _PATH_FIELDS:
            if d.get(key) is not None:
                d[key] = from_portable(d[key])
        for key in ("input_size", "widths"):
            if key in d:
                d[key] = tuple(d[key])
        return cls(**d)
