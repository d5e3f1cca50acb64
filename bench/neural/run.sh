#!/bin/sh
# Side-by-side epoch timings: Agrupa (TorchSharp) vs Debian's python3-torch, same architecture, batch 256, 2 threads,
# with and without raised glibc malloc thresholds, interleaved so both see the same machine load.
# Usage (from the repository root): bench/neural/run.sh [epochs]   NICE=nice for a polite run on a shared machine.
set -eu
EPOCHS=${1:-1}
NICE=${NICE:-}
/usr/bin/python3 -c "import torch" 2>/dev/null || apt-get install -y python3-torch libopenblas0-pthread
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || apt-get install -y dataset-fashion-mnist
HERE=$(cd "$(dirname "$0")" && pwd)
dotnet build -c Release "$HERE/NeuralBench" >/dev/null
BENCH="$HERE/NeuralBench/bin/Release/net10.0/linux-x64/NeuralBench"
TUNED="glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824"
echo "date $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg), python3-torch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)')"
for task in cae dense; do
  echo "== $task: agrupa, malloc tuning (mallopt at start-up)"
  $NICE "$BENCH" "$task" --threads 2 --malloc on --epochs "$EPOCHS"
  echo "== $task: python3-torch, GLIBC_TUNABLES"
  GLIBC_TUNABLES=$TUNED OMP_NUM_THREADS=2 $NICE /usr/bin/python3 "$HERE/peer.py" "$task" --threads 2 --epochs "$EPOCHS"
  echo "== $task: agrupa, glibc defaults"
  $NICE "$BENCH" "$task" --threads 2 --malloc off --epochs "$EPOCHS"
  echo "== $task: python3-torch, glibc defaults"
  OMP_NUM_THREADS=2 $NICE /usr/bin/python3 "$HERE/peer.py" "$task" --threads 2 --epochs "$EPOCHS"
  echo "== $task: agrupa, GLIBC_TUNABLES"
  GLIBC_TUNABLES=$TUNED $NICE "$BENCH" "$task" --threads 2 --malloc off --epochs "$EPOCHS"
  echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
done
