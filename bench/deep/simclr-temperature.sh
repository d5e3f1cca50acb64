#!/bin/bash
# SimCLR temperature probe (issue 7, session 11): Agrupa's contrastive encoder trained 10 epochs (cosine, weight decay
# 1e-6, seed 0) on a random 20,000-image subset of all 70,000 Fashion-MNIST images (NumPy seed 0) for each NT-Xent
# temperature given, then its 128 features scored: Agrupa k-means (10 restarts, seed 0), the 20-NN label purity, and
# N2D's manifold step (umap-learn 10-D, 20 neighbours, min_dist 0, random_state 0) + scikit-learn full GMM with
# random_state 0-4 (contrastive-probe.py's loader, neighbours and manifold step). Labels only score. Installs Debian's
# python3-sklearn, umap-learn, python3-torch, libopenblas0-pthread and the data set when missing.
# Usage: AGRUPA=path/to/Agrupa.Cli bash bench/deep/simclr-temperature.sh [TEMPERATURE ...]   (default 0.5 0.2 0.1)
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd); OUT=${SIMCLR_TEMPERATURE_DIR:-$(mktemp -d)}
B=${AGRUPA:-"dotnet run -c Release --project $ROOT/src/Agrupa.Cli --"}
. "$ROOT/bench/deep/peers.sh" sklearn umap torch
export GLIBC_TUNABLES="glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824" OMP_NUM_THREADS=2 NUMBA_NUM_THREADS=2
cd "$OUT"; echo "files in $OUT"
PYTHONPATH="$ROOT/bench/deep" /usr/bin/python3 - <<'PY'
import numpy as np
probe = __import__('contrastive-probe')
x, y = probe.load()
rows = np.random.default_rng(0).permutation(len(x))[:20000]
np.save('x20k.npy', x[rows, 0]); np.save('y20k.npy', y[rows].astype(np.int32))
PY
for t in "${@:-0.5 0.2 0.1}"; do
  for tau in $t; do
    date -u; echo "temperature $tau"
    $B pretrain --data x20k.npy --arch contrastive --epochs 10 --schedule cosine --weight-decay 1e-6 --seed 0 --threads 2 \
       --network-options "{\"temperature\": $tau}" --out t$tau.agrupa 2>/dev/null
    $B embed --model t$tau.agrupa --data x20k.npy --out t$tau.npy --threads 2 >/dev/null
    $B cluster --data t$tau.npy --labels y20k.npy -m kmeans -k 10 --restarts 10 --seed 0 --threads 2 --out t$tau.csv | grep 'ACC'
    PYTHONPATH="$ROOT/bench/deep" PROBE_GMM_DRAWS=5 /usr/bin/python3 - t$tau.npy <<'PY'
import sys, numpy as np
probe = __import__('contrastive-probe')
f = np.load(sys.argv[1]); y = np.load('y20k.npy')
print('20-NN label purity %.3f' % (y[probe.neighbours(f)] == y[:, None]).mean())
probe.manifold(f, y, 0)  # umap-learn 10-D (random_state 0), then one line per GMM draw (random_state 0-4)
PY
  done
done
date -u
