#!/bin/bash
# N2D's paper-length autoencoder (issue 7, session 18): the dense 784-500-500-2000-10 autoencoder pretrained with N2D's
# protocol (Adam 0.001 constant, batch 256) on all 70,000 Fashion-MNIST images in resumable stages (default 300, 600 and
# 1,000 epochs: the paper's --pretrain_epochs), each stage continuing the same run from its kept checkpoint (a constant
# rate makes the stage's network the one of an uninterrupted run of that length). After each stage: N2D as in the paper
# (UMAP 10-D, 20 neighbours, min_dist 0, GMM; one draw) and N2D with the seed's SimCLR view, most balanced of 8 draws.
# Labels only score (printed by fit). Stop it at any time (SIGTERM); run it again with the same OUT to continue.
# Usage: AGRUPA=path/to/Agrupa.Cli SIMCLR=simclr-sS.agrupa bash bench/deep/n2d-paper-length.sh [SEED [STAGE ...]]
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd); OUT=${N2D_PAPER_DIR:-$PWD}
A=${AGRUPA:-"dotnet run -c Release --project $ROOT/src/Agrupa.Cli --"}
SEED=${1:-0}; shift || true; STAGES=${*:-300 600 1000}
export GLIBC_TUNABLES=glibc.malloc.mmap_threshold=1073741824:glibc.malloc.trim_threshold=4294967296
cd "$OUT"
for E in $STAGES; do
  if [ ! -f ae$E-s$SEED.agrupa ]; then
    R=""; [ -f ae1000-s$SEED.agrupa.ckpt ] && R="--resume"
    $A pretrain --data fashion-mnist --arch dense --epochs $E --checkpoint-every 25 --seed $SEED --threads 2 --out ae1000-s$SEED.agrupa $R > pretrain-$E.log 2>&1
    cp ae1000-s$SEED.agrupa ae$E-s$SEED.agrupa
  fi
  date; echo "stage $E done"
  [ -f n2d-ae$E-s$SEED.agrupa ] || $A fit --data fashion-mnist --method n2d -k 10 --pretrained ae$E-s$SEED.agrupa --seed $SEED --threads 2 \
    --out n2d-ae$E-s$SEED.agrupa > n2d-ae$E-s$SEED.log 2>&1
  if [ -n "${SIMCLR:-}" ] && [ ! -f n2dv8mb-ae$E-s$SEED.agrupa ]; then
    $A fit --data fashion-mnist --method n2d -k 10 --pretrained ae$E-s$SEED.agrupa --pretrained "$SIMCLR" \
      --options '{"draws": 8, "drawSelection": "MostBalanced"}' --seed $SEED --threads 2 --out n2dv8mb-ae$E-s$SEED.agrupa > n2dv8mb-ae$E-s$SEED.log 2>&1
  fi
  grep -h "^ACC" n2d-ae$E-s$SEED.log n2dv8mb-ae$E-s$SEED.log 2>/dev/null || true
done
