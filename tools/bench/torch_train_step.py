#!/usr/bin/env python3
"""The Identity-Aware SimCLR training step in PyTorch eager, timed like `reid bench train-step`.

Same step as org.comicreid.learning.pretrain.PretrainSpeed#trainStep, written from the same
description (not from the Java code's output):

- backbone: ResNet built here (torchvision is not needed): basic blocks (tiny [1,1,1,1],
  resnet18 [2,2,2,2], resnet34 [3,4,6,3]) or bottlenecks with expansion 4 and the stride on the
  3x3 convolution (resnet50 [3,4,6,3]); stage k has width * 2**k channels; convolutions without
  bias, padding kernel // 2; a 1x1 convolution + BN shortcut where the shape changes. Stem: 3x3
  stride-1 convolution, BN, ReLU when the input side is <= 64 px (the "small" stem), otherwise
  7x7 stride 2, BN, ReLU, 3x3 stride-2 max-pool. Global average pooling gives D features.
- head: Linear(D,D), BN, ReLU, Linear(D,D), BN, ReLU, Linear(D,128), BN, L2-normalised.
- views: per step, faces [strong 1; strong 2; weak] go through the network in one forward pass
  and bodies likewise in another (batch-norm statistics per part); the variant keeps
  face: strong faces (2N views); body: strong bodies (2N); unaligned: both (4N);
  aligned: both plus the weak face and body (6N).
- loss: NT-Xent at tau 0.07 per term (cosine similarity, the self pair masked out, log-softmax
  over the 2N-1 others, mean over the 2N rows), summed over the variant's terms; the Table-3
  metrics (rank of the positive, top-1, top-5, mean position) are computed per term as the Java
  step does; the loss is read back with .item().
- update: backward, clip_grad_norm_(0.5), AdamW(lr 5e-4, weight decay 0.01, betas and eps at
  PyTorch's defaults), zero_grad(set_to_none=False) (the Java optimiser zeroes in place).
- inputs: uniform random values in [-1, 1], made before each step's timer (reported as
  prepare_median_s); the timer stops after the optimiser step (CPU eager is synchronous).

Prints progress on stderr, a summary and last one JSON line with the keys of the Java command on
stdout. Run it with Debian's interpreter, which has torch: /usr/bin/python3. Set --threads: this
build defaults to one intra-op thread.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

ARCHS = {
    "tiny": ([1, 1, 1, 1], False),
    "resnet18": ([2, 2, 2, 2], False),
    "resnet34": ([3, 4, 6, 3], False),
    "resnet50": ([3, 4, 6, 3], True),
}
VARIANTS = {  # (face term, body term, identity term)
    "face": (True, False, False),
    "body": (False, True, False),
    "unaligned": (True, True, False),
    "aligned": (True, True, True),
}
SMALL_INPUT_MAX = 64
MIN_SIZE = 8
TAU = 0.07
LR = 5e-4
WEIGHT_DECAY = 0.01
GRAD_CLIP = 0.5
PROJECTION_DIM = 128


def conv(cin, cout, kernel, stride):
    return nn.Conv2d(cin, cout, kernel, stride=stride, padding=kernel // 2, bias=False)


class Unit(nn.Module):
    """A basic block or a bottleneck, with its shortcut; ReLU after the sum."""

    def __init__(self, cin, channels, stride, bottleneck):
        super().__init__()
        exp = 4 if bottleneck else 1
        if bottleneck:
            self.main = nn.Sequential(
                conv(cin, channels, 1, 1), nn.BatchNorm2d(channels), nn.ReLU(inplace=True),
                conv(channels, channels, 3, stride), nn.BatchNorm2d(channels), nn.ReLU(inplace=True),
                conv(channels, channels * exp, 1, 1), nn.BatchNorm2d(channels * exp))
        else:
            self.main = nn.Sequential(
                conv(cin, channels, 3, stride), nn.BatchNorm2d(channels), nn.ReLU(inplace=True),
                conv(channels, channels, 3, 1), nn.BatchNorm2d(channels))
        if stride != 1 or cin != channels * exp:
            self.shortcut = nn.Sequential(conv(cin, channels * exp, 1, stride),
                                          nn.BatchNorm2d(channels * exp))
        else:
            self.shortcut = nn.Identity()

    def forward(self, x):
        return F.relu(self.main(x) + self.shortcut(x))


class ReidNetwork(nn.Module):
    """Backbone plus the three-layer projection head, output L2-normalised."""

    def __init__(self, arch, width, small_input):
        super().__init__()
        stages, bottleneck = ARCHS[arch]
        exp = 4 if bottleneck else 1
        if small_input:
            layers = [conv(3, width, 3, 1), nn.BatchNorm2d(width), nn.ReLU(inplace=True)]
        else:
            layers = [conv(3, width, 7, 2), nn.BatchNorm2d(width), nn.ReLU(inplace=True),
                      nn.MaxPool2d(3, 2, 1)]
        cin = width
        for s, blocks in enumerate(stages):
            channels = width << s
            for b in range(blocks):
                layers.append(Unit(cin, channels, 2 if (s > 0 and b == 0) else 1, bottleneck))
                cin = channels * exp
        layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten()]
        self.backbone = nn.Sequential(*layers)
        d = cin
        self.feature_dim = d
        self.head = nn.Sequential(
            nn.Linear(d, d), nn.BatchNorm1d(d), nn.ReLU(inplace=True),
            nn.Linear(d, d), nn.BatchNorm1d(d), nn.ReLU(inplace=True),
            nn.Linear(d, PROJECTION_DIM), nn.BatchNorm1d(PROJECTION_DIM))

    def forward(self, x):
        return F.normalize(self.head(self.backbone(x)), dim=1, eps=1e-12)


def nt_xent(a, b, tau):
    """NT-Xent of N pairs (row i of a with row i of b) and the positive's rank metrics."""
    n = a.shape[0]
    m = 2 * n
    z = F.normalize(torch.cat([a, b], 0), dim=1, eps=1e-12)
    sim = z @ z.t() / tau
    idx = torch.arange(m)
    pos = (idx + n) % m
    with torch.no_grad():
        s = sim.detach()
        greater = s > s[idx, pos].unsqueeze(1)
        greater[idx, idx] = False
        greater[idx, pos] = False
        rank = greater.sum(1).double()
        metrics = ((rank == 0).double().mean(), (rank < 5).double().mean(), 1 + rank.mean())
    self_mask = torch.eye(m, dtype=sim.dtype) * 1e9
    logp = (sim - self_mask).log_softmax(1)
    loss = -logp[idx, pos].sum() / m
    return loss, metrics


def step(net, opt, faces, bodies, n, terms):
    face_t, body_t, ident_t = terms
    zf = net(faces) if faces is not None else None
    zb = net(bodies) if bodies is not None else None
    results = []
    fo = bo = 0
    if face_t:
        results.append(nt_xent(zf[0:n], zf[n:2 * n], TAU))
        fo = 2 * n
    if body_t:
        results.append(nt_xent(zb[0:n], zb[n:2 * n], TAU))
        bo = 2 * n
    if ident_t:
        results.append(nt_xent(zf[fo:fo + n], zb[bo:bo + n], TAU))
    total = results[0][0]
    for r in results[1:]:
        total = total + r[0]
    total.backward()
    value = total.item()
    [float(x) for r in results for x in r[1]]  # the metrics read back, as the Java step does
    norm = torch.nn.utils.clip_grad_norm_(net.parameters(), GRAD_CLIP)
    opt.step()
    opt.zero_grad(set_to_none=False)
    return value, float(norm)


def loaded_library(fragment):
    """Real path of the first mapped shared object whose path contains `fragment`, or None."""
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split()[-1] if len(line.split()) >= 6 else ""
                if fragment in os.path.basename(path):
                    return os.path.realpath(path)
    except OSError:
        pass
    return None


def load_average():
    try:
        with open("/proc/loadavg") as f:
            p = f.read().split()
        return f"{p[0]}, {p[1]}, {p[2]}"
    except OSError:
        return "n/a"


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--backbone", required=True, help="tiny, resnet18, resnet34 or resnet50")
    p.add_argument("--width", type=int, default=64, help="first-stage channels (default 64)")
    p.add_argument("--size", type=int, required=True, help=f"view side in px, >= {MIN_SIZE}")
    p.add_argument("--images", dest="pairs", metavar="N", type=int, required=True,
                   help="face-body pairs per step, >= 2")
    p.add_argument("--steps", type=int, default=10, help="timed steps (default 10)")
    p.add_argument("--warmup", type=int, default=2, help="untimed steps first (default 2)")
    p.add_argument("--variant", default="aligned", help="face, body, unaligned or aligned")
    p.add_argument("--threads", type=int, default=0,
                   help="intra-op threads (default 0: keep torch's default, 1 on Debian's build)")
    p.add_argument("--seed", type=int, default=1, help="seed (default 1)")
    p.add_argument("--json", help="also write the JSON line to this file")
    p.add_argument("--profile", action="store_true",
                   help="after timing, profile one more step and print the top ops on stderr")
    a = p.parse_args(argv)
    errors = []
    if a.backbone not in ARCHS:
        errors.append(f"--backbone: expected tiny, resnet18, resnet34 or resnet50, got '{a.backbone}'")
    if a.width < 1:
        errors.append(f"--width must be at least 1, got {a.width}")
    if a.size < MIN_SIZE:
        errors.append(f"--size must be at least {MIN_SIZE}, got {a.size}")
    if a.pairs < 2:
        errors.append(f"--images (pairs per step) must be at least 2, got {a.pairs}")
    if a.steps < 1:
        errors.append(f"--steps must be at least 1, got {a.steps}")
    if a.warmup < 0:
        errors.append(f"--warmup must be at least 0, got {a.warmup}")
    if a.variant not in VARIANTS:
        errors.append(f"--variant: expected face, body, unaligned or aligned, got '{a.variant}'")
    if a.threads < 0:
        errors.append(f"--threads must be at least 1 (or 0 for torch's default), got {a.threads}")
    if errors:
        p.error("; ".join(errors))
    return a


def main(argv):
    a = parse_args(argv)
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    terms = VARIANTS[a.variant]
    n = a.pairs
    face_views = (2 if terms[0] else 0) + (1 if terms[2] else 0)
    body_views = (2 if terms[1] else 0) + (1 if terms[2] else 0)
    views = (face_views + body_views) * n
    small = a.size <= SMALL_INPUT_MAX
    load_start = load_average()
    print(f"torch-train-step: building {a.backbone} and running {a.warmup} warm-up + {a.steps}"
          f" timed steps of {views} views", file=sys.stderr, flush=True)
    net = ReidNetwork(a.backbone, a.width, small)
    net.train()
    opt = torch.optim.AdamW(net.parameters(), lr=LR, weight_decay=WEIGHT_DECAY)
    gen = torch.Generator().manual_seed(a.seed + 3)

    def inputs():
        shape = (a.size, a.size)
        f = torch.rand((face_views * n, 3) + shape, generator=gen) * 2 - 1 if face_views else None
        b = torch.rand((body_views * n, 3) + shape, generator=gen) * 2 - 1 if body_views else None
        return f, b

    total = a.warmup + a.steps
    step_s, prep_s = [], []
    loss = float("nan")
    for i in range(total):
        t0 = time.perf_counter()
        faces, bodies = inputs()
        t1 = time.perf_counter()
        loss, _ = step(net, opt, faces, bodies, n, terms)
        t2 = time.perf_counter()
        warm = i < a.warmup
        if not warm:
            step_s.append(t2 - t1)
            prep_s.append(t1 - t0)
        print(f"torch-train-step: step {i + 1}/{total}{' (warm-up)' if warm else ''}:"
              f" {t2 - t1:.3f} s (prepare {t1 - t0:.3f} s), loss {loss:.4f}",
              file=sys.stderr, flush=True)
    load_end = load_average()
    median = statistics.median(step_s)
    blas = loaded_library("libblas") or loaded_library("openblas") or loaded_library("mkl")
    result = {
        "bench": "train-step",
        "impl": "torch-eager",
        "backbone": a.backbone,
        "width": a.width,
        "stem": "small" if small else "standard",
        "feature_dim": net.feature_dim,
        "params": sum(p.numel() for p in net.parameters()),
        "size": a.size,
        "pairs": n,
        "variant": a.variant,
        "views": views,
        "warmup": a.warmup,
        "steps": a.steps,
        "step_s": [float(f"{t:.6g}") for t in step_s],
        "median_s": float(f"{median:.6g}"),
        "images_per_s": float(f"{views / median:.6g}"),
        "inputs": "random",
        "prepare_median_s": float(f"{statistics.median(prep_s):.6g}"),
        "final_loss": float(f"{loss:.6g}"),
        "torch_version": torch.__version__,
        "runtime": f"Python {platform.python_version()}, BLAS {blas or 'unknown'}",
        "threads": torch.get_num_threads(),
        "interop_threads": torch.get_num_interop_threads(),
        "load_start": load_start,
        "load_end": load_end,
    }
    print(f"- command: `{' '.join(['torch_train_step.py'] + list(argv))}`")
    print(f"- torch {torch.__version__} (Python {platform.python_version()}), BLAS library"
          f" {blas or 'unknown'}, {result['threads']} intra-op threads,"
          f" {result['interop_threads']} inter-op threads")
    print(f"- step: {a.variant} variant, {n} pairs, {views} views of {a.size} px per step;"
          f" {a.backbone} width {a.width}, {result['stem']} stem, {net.feature_dim}-d features")
    print(f"- trainable values (backbone and head): {result['params']}")
    print("- timed step seconds: " + " ".join(f"{t:.4f}" for t in step_s))
    print(f"- median s/step: {median:.4f}")
    print(f"- images/s: {views / median:.1f} ({views} views / median step)")
    print(f"- prepare s/step (not in the step: random views): {result['prepare_median_s']:.4f}")
    print(f"- load average (1, 5, 15 min) at start: {load_start}; at end: {load_end}")
    line = json.dumps(result)
    print(line, flush=True)
    if a.json:
        with open(a.json, "w") as f:
            f.write(line + "\n")
    if a.profile:
        faces, bodies = inputs()
        with torch.autograd.profiler.profile() as prof:
            step(net, opt, faces, bodies, n, terms)
        print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=15),
              file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
