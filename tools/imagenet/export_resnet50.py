#!/usr/bin/env python3
"""Saves torchvision's ImageNet-1k ResNet-50 as the TorchScript feature extractor that comic-reid's
ImageNet baseline (paper Appendix F.4, "Pre-trained ResNet50") loads.

What the file is
----------------
A traced module with forward(x: Tensor[N, 3, H, W]) -> Tensor[N, 2048]: torchvision's resnet50
with its `fc` layer replaced by an identity, in eval mode (batch norm uses its running
statistics), so the output is the 2048-d global-average-pooled feature. x is RGB scaled to [0, 1]
and normalised per channel with the ImageNet mean (0.485, 0.456, 0.406) and std (0.229, 0.224,
0.225); the Java side (org.comicreid.learning.embed.TorchScriptBackbone) does that normalisation,
so the file contains none. Any H, W >= 32 work (the network ends in an adaptive average pool);
comic-reid feeds each crop at its own size (pair.face_size, pair.body_size), without resizing.

comic-reid keeps the backbone frozen and trains only a 256-d linear layer on these features, the
same fine-tuning as for its own self-supervised backbone.

Getting the weights onto an offline machine
-------------------------------------------
This script downloads nothing. On a machine with internet access fetch

  * torchvision's ImageNet-1k weights for resnet50. IMAGENET1K_V1 (the classic `pretrained=True`
    weights, top-1 76.13 %) is what a 2023 paper most likely used:
        https://download.pytorch.org/models/resnet50-0676ba61.pth
    (IMAGENET1K_V2, top-1 80.86 %, is https://download.pytorch.org/models/resnet50-11ad3fa6.pth);
    or, where torchvision is installed and online once:
        python3 -c "import torchvision; torchvision.models.resnet50(weights='IMAGENET1K_V1')"
    which leaves the file in ~/.cache/torch/hub/checkpoints/;
  * a torchvision wheel matching your torch (`pip download torchvision==<version> --no-deps`),

copy both to the offline machine (scp, USB stick), `pip install --no-index <the wheel>`, then run

    python3 tools/imagenet/export_resnet50.py --weights resnet50-0676ba61.pth \
        --out resnet50_imagenet.pt

and set `baseline.imagenet_weights: /path/to/resnet50_imagenet.pt` in the config. The script only
needs to run once, anywhere (CPU is enough); the .pt file is portable. It loads in DJL's libtorch
(2.7.1 in this build); trace with a torch no newer than that.

Checks before saving: the checkpoint holds a 1000-class ImageNet head (fc.weight 1000 x 2048), it
loads strictly into resnet50, and the traced module agrees with the eager one at several input
sizes and batch sizes.

torchvision is imported only inside main(), so this file can be imported (and --help shown)
without it. The test model (make_tiny_backbone.py) needs no torchvision.
"""

import argparse
import hashlib
import sys

import torch


def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def load_state(path: str) -> dict:
    state = torch.load(path, map_location="cpu")
    if isinstance(state, dict) and "state_dict" in state and isinstance(state["state_dict"], dict):
        state = state["state_dict"]
    if not isinstance(state, dict):
        sys.exit(f"{path}: expected a state dict (torchvision .pth), got {type(state).__name__}")
    # checkpoints saved from nn.DataParallel prefix every key with "module."
    if state and all(k.startswith("module.") for k in state):
        state = {k[len("module."):]: v for k, v in state.items()}
    fc = state.get("fc.weight")
    if fc is None or tuple(fc.shape) != (1000, 2048):
        sys.exit(f"{path}: fc.weight is {None if fc is None else tuple(fc.shape)}, expected"
                 " (1000, 2048): not an ImageNet-1k resnet50 checkpoint")
    return state


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--weights", required=True, help="torchvision resnet50 ImageNet-1k .pth file")
    ap.add_argument("--out", required=True, help="TorchScript file to write")
    ap.add_argument("--trace-size", type=int, default=224, help="input side used for tracing")
    ap.add_argument("--check-sizes", type=int, nargs="+", default=[64, 96, 128, 224],
                    help="input sides at which traced and eager outputs are compared")
    args = ap.parse_args()

    import torchvision  # only needed here; see the module docstring

    model = torchvision.models.resnet50()  # random init; no download in either torchvision API
    model.load_state_dict(load_state(args.weights), strict=True)
    model.fc = torch.nn.Identity()
    model.eval()

    torch.manual_seed(0)
    with torch.no_grad():
        traced = torch.jit.trace(model, torch.randn(2, 3, args.trace_size, args.trace_size))
        for side in args.check_sizes:
            for n in (1, 3):
                x = torch.randn(n, 3, side, side)
                want = model(x)
                got = traced(x)
                if tuple(got.shape) != (n, 2048):
                    sys.exit(f"traced output at {n}x3x{side}x{side} has shape {tuple(got.shape)},"
                             f" expected ({n}, 2048)")
                if not torch.allclose(want, got, rtol=1e-4, atol=1e-4):
                    sys.exit(f"traced and eager outputs differ at {n}x3x{side}x{side}"
                             f" (max |diff| {float((want - got).abs().max()):.3g})")
    torch.jit.save(traced, args.out)
    print(f"wrote {args.out} (sha256 {sha256(args.out)}) from {args.weights}"
          f" (sha256 {sha256(args.weights)}) with torch {torch.__version__},"
          f" torchvision {torchvision.__version__}")


if __name__ == "__main__":
    main()
