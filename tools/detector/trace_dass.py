#!/usr/bin/env python3
"""Saves a DASS checkpoint as the TorchScript file that comic-reid's TorchScriptDetector loads.

NOT RUN by the project: it was written without the DASS weights (which are not redistributed) and
only the tiny test model (make_tiny_detector.py) has been through DJL. Check its output yourself;
the script compares the TorchScript answers with the eager model's before saving.

The saved module has forward(x: Tensor[1, 3, H, W], mode: int) -> Tensor[1, N, 5]:
x is the letterboxed image (top-left, pad 114, BGR, 0-255, no normalisation), mode 1 runs the face
head and mode 2 the body head, and the rows are the raw head output (cx, cy, w, h, objectness) in
input pixels; DASS's heads have no class column. The Java side does the thresholding, NMS and
division by r.

Setup (you clone DASS and download a checkpoint yourself; see that repository's README):

    git clone https://github.com/barisbatuhan/DASS_Det_Inference
    pip install torch loguru opencv-python    # what dass_det imports
    PYTHONPATH=DASS_Det_Inference python3 tools/detector/trace_dass.py \\
        --checkpoint xs_stage3_mix.pth --size xs --input 640 --out dass_xs_640.pt

Then use DetectorSettings.dass640(Path.of("dass_xs_640.pt")) (or dass1024 with --input 1024).

Limits:
* The backbone and the two heads are traced separately at --input x --input; tracing freezes the
  feature-map sizes in the heads' decoding grids, so run the file at that input size only.
* Tracing also freezes the device of those grids: trace with --device cuda for a GPU detector.
"""

import argparse

import torch

from dass_det.models.yolo_head import YOLOXHead
from dass_det.models.yolo_head_stem import YOLOXHeadStem
from dass_det.models.yolo_pafpn import YOLOPAFPN
from dass_det.models.yolox import YOLOX

# (depth, width) by model size, from the DASS README
SIZES = {"xs": (0.33, 0.375), "xl": (1.33, 1.25)}


class Trunk(torch.nn.Module):
    """Backbone and head stem, shared by the two heads: x -> three feature maps."""

    def __init__(self, dass: YOLOX):
        super().__init__()
        self.backbone = dass.backbone
        self.head_stem = dass.head_stem

    def forward(self, x):
        return tuple(self.head_stem(self.backbone(x)))


class ByMode(torch.nn.Module):
    """forward(x, mode): the raw rows of the face (1) or body (2) head."""

    def __init__(self, trunk, faces, bodies):
        super().__init__()
        self.trunk = trunk
        self.faces = faces
        self.bodies = bodies

    def forward(self, x: torch.Tensor, mode: int) -> torch.Tensor:
        features = self.trunk(x)
        if mode == 1:
            return self.faces(features)
        if mode == 2:
            return self.bodies(features)
        raise ValueError("mode must be 1 (faces) or 2 (bodies)")


def load_dass(checkpoint: str, size: str) -> YOLOX:
    depth, width = SIZES[size]
    model = YOLOX(backbone=YOLOPAFPN(depth=depth, width=width),
                  head_stem=YOLOXHeadStem(width=width),
                  face_head=YOLOXHead(1, width=width),
                  body_head=YOLOXHead(1, width=width))
    saved = torch.load(checkpoint, map_location="cpu")
    # stage-2 (teacher-student) checkpoints keep the weights under "teacher_model"
    state = saved["teacher_model"] if "teacher_model" in saved else saved["model"]
    missing, unexpected = model.load_state_dict(state, strict=False)
    if missing:
        raise SystemExit(f"{checkpoint}: {len(missing)} weights missing for size {size}, "
                         f"e.g. {missing[:3]} (wrong --size?)")
    if unexpected:
        print(f"note: {len(unexpected)} checkpoint entries not used, e.g. {unexpected[:3]}")
    return model.eval()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--checkpoint", required=True, help="DASS .pth file")
    p.add_argument("--size", choices=sorted(SIZES), required=True, help="xs or xl (see its name)")
    p.add_argument("--input", type=int, default=640, help="square input side, 640 or 1024")
    p.add_argument("--device", default="cpu", help="cpu or cuda")
    p.add_argument("--out", required=True, help="TorchScript file to write")
    a = p.parse_args()

    dass = load_dass(a.checkpoint, a.size).to(a.device)
    x = torch.rand(1, 3, a.input, a.input, device=a.device) * 255
    with torch.no_grad():
        trunk = Trunk(dass).eval()
        features = trunk(x)
        module = torch.jit.script(ByMode(
            torch.jit.trace(trunk, x),
            torch.jit.trace(dass.face_head, (features,)),
            torch.jit.trace(dass.body_head, (features,))))
        for mode in (1, 2):
            expected = dass(x, mode)[mode - 1]
            got = module(x, mode)
            if got.shape != expected.shape or not torch.allclose(got, expected, rtol=1e-4, atol=1e-3):
                raise SystemExit(f"mode {mode}: TorchScript output differs from the eager model")
            print(f"mode {mode}: output {tuple(got.shape)} matches the eager model")
    torch.jit.save(module, a.out)
    print(f"wrote {a.out} (input {a.input}x{a.input}, {a.device}, torch {torch.__version__})")


if __name__ == "__main__":
    main()
