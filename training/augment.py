"""Batch augmentation for radiographs, on tensors in [0, 1] before per-image standardisation.

Small rotations, scale and shift (patients are not perfectly centred), contrast/gamma (exposure and
processing differ between machines), blur and noise. No left/right flip: the heart sits on the
left and a mirrored chest is not a plausible radiograph, so flipping would teach the model to
ignore laterality for no gain.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch.nn import functional as F


@dataclass(frozen=True)
class AugmentConfig:
    rotate_deg: float = 8.0
    scale: tuple[float, float] = (0.88, 1.2)
    aspect: tuple[float, float] = (0.9, 1.1)  # width/height stretch: detectors and exports differ
    shift: float = 0.06
    gamma: tuple[float, float] = (0.75, 1.35)
    contrast: tuple[float, float] = (0.75, 1.25)
    brightness: float = 0.08
    noise_std: float = 0.02
    blur_prob: float = 0.2


def _uniform(n: int, lo: float, hi: float, gen: torch.Generator) -> torch.Tensor:
    return torch.rand(n, generator=gen) * (hi - lo) + lo


def augment(x: torch.Tensor, cfg: AugmentConfig, gen: torch.Generator) -> torch.Tensor:
    """Randomly transform a batch (N, 1, H, W) of images in [0, 1]; returns values in [0, 1]."""
    n = x.shape[0]
    ang = _uniform(n, -cfg.rotate_deg, cfg.rotate_deg, gen) * math.pi / 180
    scale = _uniform(n, *cfg.scale, gen)
    tx = _uniform(n, -cfg.shift, cfg.shift, gen) * 2
    ty = _uniform(n, -cfg.shift, cfg.shift, gen) * 2
    aspect = torch.exp(_uniform(n, math.log(cfg.aspect[0]), math.log(cfg.aspect[1]), gen))
    sx, sy = scale * aspect.sqrt(), scale / aspect.sqrt()
    cos, sin = torch.cos(ang), torch.sin(ang)
    theta = torch.stack(
        [torch.stack([cos / sx, -sin / sx, tx], 1), torch.stack([sin / sy, cos / sy, ty], 1)], 1
    ).to(x.dtype)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    # Border padding: a shifted film keeps its edge grey level instead of a black frame.
    x = F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)

    gamma = torch.exp(_uniform(n, math.log(cfg.gamma[0]), math.log(cfg.gamma[1]), gen))
    x = x.clamp(1e-4, 1.0) ** gamma[:, None, None, None]
    mean = x.mean(dim=(1, 2, 3), keepdim=True)
    contrast = _uniform(n, *cfg.contrast, gen)[:, None, None, None]
    bright = _uniform(n, -cfg.brightness, cfg.brightness, gen)[:, None, None, None]
    x = (x - mean) * contrast + mean + bright

    if cfg.blur_prob > 0:
        blur = torch.rand(n, generator=gen) < cfg.blur_prob
        if blur.any():
            k = torch.tensor([1.0, 4.0, 6.0, 4.0, 1.0])
            k = (k[:, None] * k[None, :]) / 256.0
            xb = F.conv2d(F.pad(x[blur], (2, 2, 2, 2), mode="replicate"), k[None, None].to(x.dtype))
            x = x.clone()
            x[blur] = xb
    if cfg.noise_std > 0:
        sigma = torch.rand(n, generator=gen)[:, None, None, None] * cfg.noise_std
        x = x + torch.randn(x.shape, generator=gen) * sigma
    return x.clamp(0.0, 1.0)


def standardize_torch(x: torch.Tensor) -> torch.Tensor:
    """Same per-image z-score as inference.model.preprocess.standardize, on a batch (N, 1, H, W)."""
    mean = x.mean(dim=(1, 2, 3), keepdim=True)
    std = x.std(dim=(1, 2, 3), keepdim=True, unbiased=False).clamp_min(1e-3)
    return ((x - mean) / std).clamp(-5.0, 5.0)
