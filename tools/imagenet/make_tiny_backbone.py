#!/usr/bin/env python3
"""Builds the tiny hand-checkable TorchScript "backbone" used by the Java tests.

It has no weights. It stands in for the file that export_resnet50.py makes (an ImageNet ResNet-50
with fc = identity) so that TorchScriptBackboneTest can check, with numbers worked out by hand,
everything around the model: the ImageNet normalisation done in Java, the RGB channel order, the
NCHW layout, batching, and that every crop goes in at its own size.

forward(x: Tensor[N, 3, H, W]) -> Tensor[N, 5], row n:

    [mean of x[n, 0], mean of x[n, 1], mean of x[n, 2], H, W]

i.e. global average pooling of each (already normalised) channel, followed by the input's height
and width. With x = (rgb / 255 - mean) / std per channel (ImageNet mean 0.485/0.456/0.406, std
0.229/0.224/0.225) the first three values are ((channel mean of the 0-255 values) / 255 - mean_c)
/ std_c, which a test can compute by hand; without the normalisation, or with B and R swapped,
they differ.

Scripted (torch.jit.script), not traced, so that H and W stay dynamic. It needs torch only (no
torchvision). Made with Debian 12's python3-torch 1.13.1+dfsg-4 (torch.__version__ 1.13.0a0);
DJL 0.36's libtorch 2.7.1 loads it. Usage (from the repository root):

    /usr/bin/python3 tools/imagenet/make_tiny_backbone.py \
        learning/src/test/resources/imagenet/tiny_backbone.pt
"""

import sys

import torch


class TinyBackbone(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dim() != 4 or x.size(1) != 3:
            raise ValueError("tiny backbone: expected x of shape [N, 3, H, W]")
        n = x.size(0)
        means = x.mean(dim=(2, 3))
        size = torch.tensor([float(x.size(2)), float(x.size(3))], dtype=x.dtype, device=x.device)
        return torch.cat([means, size.expand(n, 2)], dim=1)


def _self_check(m: torch.jit.ScriptModule) -> None:
    """Hand-checked answers before saving (the Java tests check the rest)."""
    x = torch.zeros(2, 3, 4, 6)
    x[0, 0] = 1.0
    x[0, 1, :2] = 2.0  # half of channel 1 is 2, half is 0: mean 1
    x[1, 2] = -3.0
    y = m(x)
    assert y.shape == (2, 5), y.shape
    assert y[0].tolist() == [1.0, 1.0, 0.0, 4.0, 6.0], y[0]
    assert y[1].tolist() == [0.0, 0.0, -3.0, 4.0, 6.0], y[1]
    assert m(torch.zeros(1, 3, 7, 5))[0, 3:].tolist() == [7.0, 5.0]


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: make_tiny_backbone.py OUTPUT.pt")
    m = torch.jit.script(TinyBackbone().eval())
    _self_check(m)
    torch.jit.save(m, sys.argv[1])
    print("wrote", sys.argv[1], "with torch", torch.__version__)


if __name__ == "__main__":
    main()
