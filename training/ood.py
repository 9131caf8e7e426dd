"""Out-of-distribution reference: Mahalanobis distance of the pooled embedding to the training set."""

from __future__ import annotations

import numpy as np

from inference.model.contract import OODReference


def fit_ood(
    embeddings: np.ndarray, percentile: float = 99.5, shrinkage: float = 0.1
) -> OODReference:
    """Mean and shrunk covariance of training embeddings; threshold at a high percentile of their
    own distances. Shrinkage towards the diagonal keeps the inverse stable with few samples.
    """
    e = np.asarray(embeddings, dtype=np.float64)
    mean = e.mean(axis=0)
    cov = np.cov(e - mean, rowvar=False)
    target = np.diag(np.diag(cov))
    cov = (1 - shrinkage) * cov + shrinkage * target + 1e-6 * np.eye(len(mean))
    precision = np.linalg.inv(cov)
    ref = OODReference(
        mean=mean.tolist(), precision=precision.tolist(), threshold=0.0, percentile=percentile
    )
    d = ref.distance(e)
    thr = float(np.percentile(d, percentile)) * 1.1
    return OODReference(
        mean=[float(f"{v:.7g}") for v in mean.tolist()],
        precision=[[float(f"{v:.7g}") for v in row] for row in precision.tolist()],
        threshold=round(thr, 4),
        percentile=percentile,
    )
