"""A tiny U-Net for the lung fields: a 64x64 plane in, a 32x32 map out for each of two positional
channels (lung on the image's left, lung on the image's right). About 35 MFLOP per image, so it
costs about a millisecond of CPU next to the classifier's ~500 MFLOP.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F


def _conv(cin: int, cout: int, stride: int = 1) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True)
    )


class LungNet(nn.Module):
    """A strided stem (64 -> 32 px), an encoder down to 4 px (the bottleneck sees the whole
    thorax, so a lung filled with consolidation is still placed where a lung must be) and a
    decoder with skip connections back to 32 px: the output is a 32x32 map per lung, the
    resolution of the app's lung mask. About 35 MFLOP per image."""

    def __init__(self, widths: tuple[int, ...] = (16, 24, 32, 48), out_channels: int = 2):
        super().__init__()
        self.stem = _conv(1, 12, stride=2)
        self.enc = nn.ModuleList()
        cin = 12
        for w in widths:
            self.enc.append(nn.Sequential(_conv(cin, w), _conv(w, w)))
            cin = w
        self.dec = nn.ModuleList()
        for w_skip in reversed(widths[:-1]):
            self.dec.append(_conv(cin + w_skip, w_skip))
            cin = w_skip
        self.out = nn.Conv2d(cin, out_channels, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.stem(x)
        skips = []
        for i, block in enumerate(self.enc):
            if i:
                x = F.max_pool2d(x, 2)
            x = block(x)
            skips.append(x)
        for block, skip in zip(self.dec, reversed(skips[:-1]), strict=True):
            x = F.interpolate(x, scale_factor=2.0, mode="nearest")
            x = block(torch.cat([x, skip], dim=1))
        return self.out(x)  # logits, (N, 2, 32, 32)


class LungExport(nn.Module):
    """The shipped graph: probabilities, not logits."""

    def __init__(self, net: LungNet) -> None:
        super().__init__()
        self.net = net

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.net(image))
