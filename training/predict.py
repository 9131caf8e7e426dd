"""Running a CXRNet on uint8 images with exactly the app's preprocessing, and epoch metrics."""

from __future__ import annotations

import numpy as np
import torch
from torch.nn import functional as F

from training.augment import standardize_torch
from training.calibrate import softmax
from training.data import CLASSES
from training.metrics import binary_metrics
from training.model import CXRNet


def to_input(batch_u8: np.ndarray, device: torch.device) -> torch.Tensor:
    """uint8 (N, H, W) -> float (N, 1, H, W) in [0, 1] on ``device``."""
    return torch.from_numpy(batch_u8).to(device).float().div_(255.0).unsqueeze(1)


@torch.no_grad()
def predict(
    net: CXRNet, images: np.ndarray, device: torch.device, batch: int = 128
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Logits, embeddings and P(in scope), with exactly the app's preprocessing (no augmentation)."""
    net.eval()
    logits, embs, scopes = [], [], []
    for i in range(0, len(images), batch):
        x = standardize_torch(to_input(images[i : i + batch], device))
        lg, feats, emb = net(x)
        logits.append(lg.float().cpu().numpy())
        embs.append(emb.float().cpu().numpy())
        scopes.append(torch.sigmoid(net.scope_logit(feats)).float().cpu().numpy())
    if not logits:
        return np.zeros((0, len(CLASSES))), np.zeros((0, net.embedding_dim)), np.zeros(0)
    return np.concatenate(logits), np.concatenate(embs), np.concatenate(scopes)


def evaluate_logits(logits: np.ndarray, labels: np.ndarray) -> dict[str, float]:
    probs = softmax(logits)
    y_bin = labels > 0
    p_pneu = 1.0 - probs[:, 0]
    lt = torch.from_numpy(logits)
    loss = float(F.cross_entropy(lt, torch.from_numpy(labels)).item())
    return {
        "loss": loss,
        "acc": float((probs.argmax(1) == labels).mean()),
        "acc_binary": float(((p_pneu >= 0.5) == y_bin).mean()),
        "auc": binary_metrics(y_bin, p_pneu, 0.5)["auc"],
    }
