#!/usr/bin/env bash
# Java (DJL) against PyTorch eager on the same Identity-Aware SimCLR training step, same machine,
# same session: runs `reid bench train-step ARGS` and `torch_train_step.py ARGS` alternately
# (J, P, J, P, ...) for R rounds, then prints per-round medians, the ratio of the medians
# (Java / PyTorch), versions and thread counts.
#
#   tools/bench/train_step_compare.sh [-r ROUNDS] [-o DIR] -- --backbone resnet18 --size 96 --images 32 [...]
#
# ARGS are the options both sides take: --backbone --width --size --images --steps --warmup
# --variant --threads --seed. Without --threads both sides get --threads $(nproc) (Debian's torch
# would otherwise use one thread and libtorch of DJL one per core).
# Environment: REID (default: the repository's ./reid; build its jar first), PYTHON (default
# /usr/bin/python3, Debian's interpreter with torch).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
REID="${REID:-$repo/reid}"
PYTHON="${PYTHON:-/usr/bin/python3}"
rounds=3
outdir=""

usage() {
  sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    -r|--rounds) [[ $# -ge 2 ]] || usage; rounds="$2"; shift 2 ;;
    -o|--out) [[ $# -ge 2 ]] || usage; outdir="$2"; shift 2 ;;
    -h|--help) usage ;;
    --) shift; break ;;
    *) break ;;
  esac
done
if ! [[ "$rounds" =~ ^[1-9][0-9]*$ ]]; then
  echo "train_step_compare: error: -r ROUNDS must be a positive integer, got '$rounds'" >&2
  exit 2
fi
if [[ $# -eq 0 ]]; then
  echo "train_step_compare: error: no train-step arguments (e.g. -- --backbone tiny --size 32 --images 8)" >&2
  exit 2
fi
args=("$@")
has_threads=0
for a in "${args[@]}"; do
  [[ "$a" == --threads || "$a" == --threads=* ]] && has_threads=1
done
if [[ $has_threads -eq 0 ]]; then
  args+=(--threads "$(nproc)")
fi
if [[ ! -x "$REID" ]]; then
  echo "train_step_compare: error: REID=$REID is not executable" >&2
  exit 2
fi
if ! "$PYTHON" -c 'import torch' 2>/dev/null; then
  echo "train_step_compare: error: PYTHON=$PYTHON cannot import torch (use /usr/bin/python3)" >&2
  exit 2
fi
outdir="${outdir:-$(mktemp -d "${TMPDIR:-/tmp}/train-step-compare.XXXXXX")}"
mkdir -p "$outdir"

echo "train_step_compare: $rounds rounds of: ${args[*]}" >&2
echo "train_step_compare: logs and JSON in $outdir" >&2
for ((r = 1; r <= rounds; r++)); do
  echo "train_step_compare: round $r/$rounds: Java" >&2
  if ! "$REID" bench train-step "${args[@]}" --json "$outdir/java-$r.json" \
      >"$outdir/java-$r.out" 2>"$outdir/java-$r.err"; then
    echo "train_step_compare: error: the Java run failed (round $r):" >&2
    tail -5 "$outdir/java-$r.err" >&2
    exit 1
  fi
  echo "train_step_compare: round $r/$rounds: PyTorch" >&2
  if ! "$PYTHON" "$here/torch_train_step.py" "${args[@]}" --json "$outdir/torch-$r.json" \
      >"$outdir/torch-$r.out" 2>"$outdir/torch-$r.err"; then
    echo "train_step_compare: error: the PyTorch run failed (round $r):" >&2
    tail -5 "$outdir/torch-$r.err" >&2
    exit 1
  fi
done

"$PYTHON" - "$outdir" "$rounds" "${args[*]}" <<'EOF'
import json, statistics, sys
outdir, rounds, args = sys.argv[1], int(sys.argv[2]), sys.argv[3]
j = [json.load(open(f"{outdir}/java-{r}.json")) for r in range(1, rounds + 1)]
p = [json.load(open(f"{outdir}/torch-{r}.json")) for r in range(1, rounds + 1)]
if j[0]["params"] != p[0]["params"] or j[0]["views"] != p[0]["views"]:
    sys.exit(f"train_step_compare: error: the two sides did not run the same step: Java"
             f" {j[0]['params']} trainable values and {j[0]['views']} views, PyTorch"
             f" {p[0]['params']} and {p[0]['views']}")
print(f"- arguments: `{args}`, {rounds} rounds (Java then PyTorch in each)")
print(f"- step: {j[0]['variant']} variant, {j[0]['pairs']} pairs = {j[0]['views']} views of"
      f" {j[0]['size']} px; {j[0]['backbone']} width {j[0]['width']}, {j[0]['stem']} stem,"
      f" {j[0]['feature_dim']}-d features, {j[0]['params']} trainable values on both sides;"
      f" {j[0]['warmup']} warm-up + {j[0]['steps']} timed steps per run")
print(f"- Java: libtorch {j[0]['torch_version']} ({j[0]['runtime']}), {j[0]['threads']} intra-op /"
      f" {j[0]['interop_threads']} inter-op threads")
print(f"- PyTorch: torch {p[0]['torch_version']} ({p[0]['runtime']}), {p[0]['threads']} intra-op /"
      f" {p[0]['interop_threads']} inter-op threads")
print()
print("| round | Java s/step (median) | PyTorch s/step (median) | Java / PyTorch | Java images/s | PyTorch images/s | load at start (Java; PyTorch) |")
print("|---:|---:|---:|---:|---:|---:|---|")
for r in range(rounds):
    a, b = j[r], p[r]
    print(f"| {r + 1} | {a['median_s']:.4f} | {b['median_s']:.4f} | {a['median_s'] / b['median_s']:.2f} |"
          f" {a['images_per_s']:.1f} | {b['images_per_s']:.1f} | {a['load_start']}; {b['load_start']} |")
mj = statistics.median(x["median_s"] for x in j)
mp = statistics.median(x["median_s"] for x in p)
views = j[0]["views"]
print(f"| **median** | **{mj:.4f}** | **{mp:.4f}** | **{mj / mp:.2f}** | {views / mj:.1f} | {views / mp:.1f} | |")
print()
print(f"Ratio of the medians (Java / PyTorch): {mj / mp:.2f}")
EOF
