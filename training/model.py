"""A small residual CNN whose head is global average pooling + linear, so the class activation map
(feature maps weighted by the head's weights) is an ordinary part of the forward pass and exports
to ONNX. Sized for a 2-core CPU: about 0.5 GFLOP and 1.5 M parameters per 224x224 image.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F


class ConvBNAct(nn.Sequential):
    def __init__(self, cin: int, cout: int, k: int = 3, stride: int = 1) -> None:
        super().__init__(
            nn.Conv2d(cin, cout, k, stride, k // 2, bias=False),
            nn.BatchNorm2d(cout),
            nn.ReLU(inplace=True),
        )


class ResidualBlock(nn.Module):
    """Basic block (two 3x3 convs) with a projection shortcut when the shape changes."""

    def __init__(self, cin: int, cout: int, stride: int = 1) -> None:
        super().__init__()
        self.conv1 = ConvBNAct(cin, cout, 3, stride)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.short: nn.Module = nn.Identity()
        if stride != 1 or cin != cout:
            self.short = nn.Sequential(
                nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout)
            )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.relu(self.bn2(self.conv2(self.conv1(x))) + self.short(x), inplace=True)


class CXRNet(nn.Module):
    """Input (N, 1, 224, 224) -> features (N, C, 14, 14) -> GAP -> linear logits over classes.

    ``forward`` returns logits, features and the pooled embedding; the CAM is computed by
    :func:`class_activation_maps` from the features and the head weights.
    """

    def __init__(
        self,
        num_classes: int = 3,
        widths: tuple[int, ...] = (24, 32, 64, 128, 192),
        dropout: float = 0.2,
    ) -> None:
        super().__init__()
        w0, w1, w2, w3, w4 = widths
        self.stem = ConvBNAct(1, w0, 3, 2)  # 112
        self.stage1 = ResidualBlock(w0, w1, 2)  # 56
        self.stage2 = ResidualBlock(w1, w2, 2)  # 28
        self.stage3 = ResidualBlock(w2, w3, 2)  # 14
        self.stage4 = ResidualBlock(w3, w4, 1)  # 14: keep resolution for a useful heatmap
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(w4, num_classes)
        # Scope: "a frontal pediatric chest film like the training data", from mean- and max-pooled
        # features (max pooling keeps where-is-what cues that the mean washes out).
        self.scope_head = nn.Sequential(
            nn.Linear(2 * w4, 64), nn.ReLU(inplace=True), nn.Linear(64, 1)
        )
        self.embedding_dim = w4
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)
        for m in self.modules():  # zero-init the last BN of each residual branch: stabler start
            if isinstance(m, ResidualBlock):
                nn.init.zeros_(m.bn2.weight)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        x = self.stem(x)
        x = self.stage1(x)
        x = self.stage2(x)
        x = self.stage3(x)
        return self.stage4(x)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        feats = self.features(x)
        emb = feats.mean(dim=(2, 3))
        logits = self.head(self.dropout(emb))
        return logits, feats, emb

    def scope_logit(self, feats: torch.Tensor) -> torch.Tensor:
        """Logit of P(in scope), shape (N,), from the feature maps ``forward`` returned."""
        pooled = torch.cat([feats.mean(dim=(2, 3)), feats.amax(dim=(2, 3))], dim=1)
        return self.scope_head(pooled)[:, 0]


def class_activation_maps(feats: torch.Tensor, head: nn.Linear) -> torch.Tensor:
    """Per-class CAM (N, K, h, w): features weighted by the linear head (bias spread evenly)."""
    cams = torch.einsum("kc,nchw->nkhw", head.weight, feats)
    if head.bias is not None:
        cams = cams + head.bias[None, :, None, None] / (feats.shape[2] * feats.shape[3])
    return cams


def pneumonia_cam(cams: torch.Tensor, probs: torch.Tensor) -> torch.Tensor:
    """Evidence map for pneumonia vs normal: the subtype CAMs mixed by their probabilities, minus
    the normal CAM. Its spatial mean equals the (probability-weighted) pneumonia-vs-normal logit.
    """
    p_sub = probs[:, 1:]
    mix = p_sub / p_sub.sum(dim=1, keepdim=True).clamp_min(1e-6)
    return (cams[:, 1:] * mix[:, :, None, None]).sum(dim=1) - cams[:, 0]


class ExportWrapper(nn.Module):
    """The graph that ships: calibrated probabilities, pneumonia CAM, embedding and P(in scope)."""

    def __init__(self, net: CXRNet, temperature: float) -> None:
        super().__init__()
        self.net = net
        self.register_buffer("inv_t", torch.tensor(1.0 / float(temperature)))

    def forward(self, image: torch.Tensor):
        logits, feats, emb = self.net(image)
        probs = torch.softmax(logits * self.inv_t, dim=1)
        cam = pneumonia_cam(class_activation_maps(feats, self.net.head), probs)
        pneumonia = 1.0 - probs[:, 0]
        scope = torch.sigmoid(self.net.scope_logit(feats))
        return pneumonia, probs, cam, emb, scope


def count_flops(net: nn.Module, size: tuple[int, int] = (224, 224)) -> int:
    """Multiply-accumulates x2 of convs and linears for one image (a quick, honest estimate)."""
    total = 0

    def hook(mod: nn.Module, inp: tuple[torch.Tensor, ...], out: torch.Tensor) -> None:
        nonlocal total
        if isinstance(mod, nn.Conv2d):
            k = mod.kernel_size[0] * mod.kernel_size[1] * mod.in_channels // mod.groups
            total += 2 * k * out.numel()
        elif isinstance(mod, nn.Linear):
            total += 2 * mod.in_features * mod.out_features

    hooks = [
        m.register_forward_hook(hook) for m in net.modules() if isinstance(m, nn.Conv2d | nn.Linear)
    ]
    was_training = net.training
    net.eval()
    with torch.no_grad():
        net(torch.zeros(1, 1, *size))
    net.train(was_training)
    for h in hooks:
        h.remove()
    return total
