#!/bin/bash
# SimCLR pretraining speed, Agrupa against PyTorch (issue 7's contrastive encoder): the same network, augmentations,
# loss and optimiser (bench/deep/contrastive-probe.py is the PyTorch side), 2 epochs on 10,000 Fashion-MNIST images
# each (Agrupa: the test set; PyTorch: a random 10,000 of all 70,000), back to back at THREADS threads, both with the
# malloc thresholds raised. The rate of the second epoch is the figure. Installs Debian's python3-torch,
# python3-sklearn, libopenblas0-pthread and the data set when missing.
# Usage: AGRUPA=path/to/Agrupa.Cli bash bench/deep/simclr-epoch.sh [THREADS]
set -eu
T=${1:-2}; ROOT=$(cd "$(dirname "$0")/../.." && pwd); OUT=$(mktemp -d)
B=${AGRUPA:-"dotnet run -c Release --project $ROOT/src/Agrupa.Cli --"}
. "$ROOT/bench/deep/peers.sh" torch sklearn
export GLIBC_TUNABLES="glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824"
cd "$OUT"; date -u
$B pretrain --data /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz --arch contrastive --epochs 2 \
   --schedule cosine --weight-decay 1e-6 --threads "$T" --out simclr.agrupa 2>/dev/null
echo "agrupa: epoch, train loss, seconds"; cut -d, -f1,2,5 simclr.agrupa.loss.csv | tail -n +2
date -u
OMP_NUM_THREADS=$T /usr/bin/python3 "$ROOT/bench/deep/contrastive-probe.py" --subset 10000 --epochs 2 --threads "$T" --speed-only --out torch 2>&1 | grep '^epoch'
date -u; rm -rf "$OUT"
