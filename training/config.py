"""Training configuration: one dataclass, filled from the command line, saved with every checkpoint."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class TrainConfig:
    data: Path = Path("../shared/data/kermany-224")
    out: Path = Path("runs/cxr-triage")
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
    # Outlier exposure for the scope output (folders may be absent: then only made-up outliers).
    adult_data: Path | None = Path("../shared/data/adult-cxr")
    dicom_data: Path | None = Path("../shared/data/dicom")
    outliers_per_batch: int = 12
    scope_weight: float = 0.5
    # Weights averaged over steps (EMA); the averaged model is the one evaluated and shipped.
    ema_decay: float = 0.998
    shift_seed: int = 1234  # fixed seed of the shifted validation copy
    target_scope_kept: float = 0.98  # scope threshold keeps this share of in-scope validation
    target_scope_kept_shifted: float = 0.97  # ... and of its (deliberately harsh) shifted copy
    extra: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        d = asdict(self)
        return {k: (str(v) if isinstance(v, Path) else v) for k, v in d.items()}

    @classmethod
    def from_json(cls, d: dict) -> TrainConfig:
        d = dict(d)
        for key in ("data", "out", "cache_dir", "adult_data", "dicom_data"):
            if d.get(key) is not None:
                d[key] = Path(d[key])
        for key in ("input_size", "widths"):
            if key in d:
                d[key] = tuple(d[key])
        return cls(**d)
