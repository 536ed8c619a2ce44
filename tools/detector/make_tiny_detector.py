#!/usr/bin/env python3
"""Builds the tiny hand-checkable TorchScript "detector" used by the Java tests.

It has no weights and detects nothing real: it answers like a one-class YOLOX head so that
TorchScriptDetectorTest can check, with numbers worked out by hand, everything around the model:
the BGR channel order, the top-left letterbox and its pad value, the NCHW layout, passing the
int mode through DJL, the confidence filter, NMS and the division by r.

forward(x: Tensor[1, 3, H, W] (BGR, 0-255), mode: int) -> Tensor[1, N, 6], rows
(cx, cy, w, h, objectness, class score) in letterboxed-input pixels:

* mode 1 (faces): the pixels that are pure RED, i.e. in BGR channel 2 >= 250 and channels 0, 1
  <= 5. With B, G, R swapped this finds nothing (or the blue pixels), so the order is checked.
* mode 2 (bodies): the pixels that are pure BLUE (channel 0 >= 250, channels 1, 2 <= 5).
* For modes 1 and 2, when such pixels exist, three rows, in this order:
    1. the same box shifted by +2 px in x and y, obj 0.7, cls 1.0 (score 0.7): IoU with the
       true box is about 0.9 for the test rectangles, so NMS at 0.4 must remove it;
    2. a 16x16 box at (0, 0)-(16, 16), obj 0.6, cls 0.5: score 0.3 must be removed by the
       confidence threshold (its objectness alone, 0.6, would pass 0.55);
    3. the bounding box of the pixels (x2 = last column + 1), obj 0.9, cls 1.0 (score 0.9).
  The true box comes last on purpose: a decoder that does not sort by score keeps the duplicate.
  No such pixels: a [1, 0, 6] tensor.
* mode 3 (a test probe, not a DASS mode): one row with the bounding box of the pixels whose three
  channels are exactly 114 (the letterbox pad), obj 1.0, cls 1.0; [1, 0, 6] when there are none.
* any other mode: a [2, 5] tensor, the wrong shape on purpose (for the error-message test).

Scripted (torch.jit.script), not traced, so the branches on mode and the data-dependent shapes
survive. Made with python3-torch 1.13.1+dfsg-4 from Debian 12 (torch.__version__ 1.13.0a0); the
file loads in DJL's libtorch 2.7.1. Usage (from the repository root):

    /usr/bin/python3 tools/detector/make_tiny_detector.py \
        learning/src/test/resources/detector/tiny_detector.pt
"""

import sys

import torch


def _row(box: torch.Tensor, obj: float, cls: float) -> torch.Tensor:
    """(cx, cy, w, h) followed by objectness and class score."""
    tail = torch.tensor([obj, cls], dtype=box.dtype, device=box.device)
    return torch.cat([box, tail])


class TinyDetector(torch.nn.Module):
    def forward(self, x: torch.Tensor, mode: int) -> torch.Tensor:
        if x.dim() != 4 or x.size(0) != 1 or x.size(1) != 3:
            raise ValueError("tiny detector: expected x of shape [1, 3, H, W]")
        img = x[0]
        b, g, r = img[0], img[1], img[2]
        if mode == 1:
            mask = (r >= 250.0) & (b <= 5.0) & (g <= 5.0)
        elif mode == 2:
            mask = (b >= 250.0) & (g <= 5.0) & (r <= 5.0)
        elif mode == 3:
            mask = (b == 114.0) & (g == 114.0) & (r == 114.0)
        else:
            return torch.zeros(2, 5, dtype=x.dtype, device=x.device)

        idx = torch.nonzero(mask)  # [K, 2] as (y, x)
        if idx.size(0) == 0:
            return torch.zeros(1, 0, 6, dtype=x.dtype, device=x.device)
        ys = idx[:, 0].to(x.dtype)
        xs = idx[:, 1].to(x.dtype)
        x1 = xs.min()
        x2 = xs.max() + 1.0
        y1 = ys.min()
        y2 = ys.max() + 1.0
        cx = (x1 + x2) / 2.0
        cy = (y1 + y2) / 2.0
        w = x2 - x1
        h = y2 - y1
        box = torch.stack([cx, cy, w, h])

        if mode == 3:
            return _row(box, 1.0, 1.0).view(1, 1, 6)

        shift = torch.tensor([2.0, 2.0, 0.0, 0.0], dtype=x.dtype, device=x.device)
        corner = torch.tensor([8.0, 8.0, 16.0, 16.0], dtype=x.dtype, device=x.device)
        rows = [_row(box + shift, 0.7, 1.0), _row(corner, 0.6, 0.5), _row(box, 0.9, 1.0)]
        return torch.stack(rows).view(1, 3, 6)


def _self_check(m: torch.jit.ScriptModule) -> None:
    """A few hand-checked answers before saving (the Java tests check the rest)."""
    x = torch.full((1, 3, 64, 96), 255.0)
    x[0, 2, 10:20, 30:50] = 255.0  # red in BGR: B = G = 0, R = 255
    x[0, 0, 10:20, 30:50] = 0.0
    x[0, 1, 10:20, 30:50] = 0.0
    faces = m(x, 1)
    assert faces.shape == (1, 3, 6), faces.shape
    assert faces[0, 2].tolist() == [40.0, 15.0, 20.0, 10.0, 0.8999999761581421, 1.0], faces
    assert m(x, 2).shape == (1, 0, 6)
    assert m(x, 3).shape == (1, 0, 6)
    x[0, :, 40:, :] = 114.0
    assert m(x, 3)[0, 0, :4].tolist() == [48.0, 52.0, 96.0, 24.0]
    assert m(x, 7).shape == (2, 5)


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: make_tiny_detector.py OUTPUT.pt")
    m = torch.jit.script(TinyDetector().eval())
    _self_check(m)
    torch.jit.save(m, sys.argv[1])
    print("wrote", sys.argv[1], "with torch", torch.__version__)


if __name__ == "__main__":
    main()
