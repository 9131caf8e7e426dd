"""A tiny U-Net for the lung fields on a 64x64 plane: two positional channels (lung on the image's
left, lung on the image's right). About 40 MFLOP per image, so it costs well under a millisecond
on a laptop CPU next to the classifier's ~500 MFLOP.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F


def _block(cin: int, cout: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, 1, 1, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True),
        nn.Conv2d(cout, cout, 3, 1, 1, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True),
    )


class LungNet(nn.Module):
    """Encoder 64 -> 4 px (five levels: the bottleneck sees the whole thorax, so a lung filled
    with consolidation is still placed where a lung must be), decoder with skip connections."""

    def __init__(self, widths: tuple[int, ...] = (8, 16, 24, 32, 48), out_channels: int = 2):
        super().__init__()
        self.enc = nn.ModuleList()
        cin = 1
        for w in widths:
            self.enc.append(_block(cin, w))
            cin = w
        self.dec = nn.ModuleList()
        for w_skip in reversed(widths[:-1]):
            self.dec.append(_block(cin + w_skip, w_skip))
            cin = w_skip
        self.out = nn.Conv2d(cin, out_channels, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        skips = []
        for i, block in enumerate(self.enc):
            if i:
                x = F.max_pool2d(x, 2)
            x = block(x)
            skips.append(x)
        for block, skip in zip(self.dec, reversed(skips[:-1]), strict=True):
            x = F.interpolate(x, scale_factor=2.0, mode="nearest")
            x = block(torch.cat([x, skip], dim=1))
        return self.out(x)  # logits


class LungExport(nn.Module):
    """The shipped graph: probabilities, not logits."""

    def __init__(self, net: LungNet) -> None:
        super().__init__()
        self.net = net

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.net(image))
