#!/usr/bin/env bash
# Side-by-side speed of Agrupa's k-means and Gaussian mixture against scikit-learn, in the same script.
#   bash bench/clustering/run.sh [SEEDS...]      (default seeds: 0 1 2)
# k-means: one run (n_init=1), k = 10, Fashion-MNIST 70,000 x 784 float32 in [0, 1].
# GMM: 10 full-covariance components on a PCA-10 embedding of the same data (computed by scikit-learn here).
# Both sides get 2 threads; scikit-learn runs with OpenBLAS pthread. Peak RSS from /usr/bin/time -v.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ $# -gt 0 ]; then seeds=("$@"); else seeds=(0 1 2); fi
need=()
for package in python3-sklearn python3-threadpoolctl libopenblas0-pthread dataset-fashion-mnist time; do
  dpkg -s "$package" >/dev/null 2>&1 || need+=("$package")
done
if [ ${#need[@]} -gt 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null; fi

fashion=/usr/share/datasets/fashion-mnist
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build bench/clustering -c Release -v q -nologo >/dev/null
ours=bench/clustering/bin/Release/net10.0/linux-x64/ClusteringBench
peer="/usr/bin/python3 bench/clustering/peer_sklearn.py"
# The peer alone: 2 BLAS/OpenMP threads, and without OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (they slow a current numpy;
# see the environment notes). Agrupa's side is left as it is.
peer_env=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2)
rss() { grep "Maximum resident" "$1" | awk '{printf "%.0f MB", $6/1024}'; }

echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for seed in "${seeds[@]}"; do
  /usr/bin/time -v -o "$work/ours.time" nice "$ours" kmeans --fashion "$fashion" --seed "$seed" --threads 2 --out "$work/ours-$seed.txt"
  echo "  peak RSS agrupa: $(rss "$work/ours.time")"
  /usr/bin/time -v -o "$work/peer.time" nice "${peer_env[@]}" $peer kmeans "$fashion" "$seed" "$work/sklearn-$seed.txt"
  echo "  peak RSS sklearn: $(rss "$work/peer.time")"
done
$peer nmi "$fashion" "$work"/ours-*.txt "$work"/sklearn-*.txt | sed "s|$work/||"
# Lloyd alone from the same start (scikit-learn's k-means++ centres): equal iteration counts, a clean per-run ratio.
for seed in "${seeds[@]}"; do
  nice "${peer_env[@]}" $peer kmeans-init "$fashion" "$seed" "$work/init-$seed.f32" "$work/lloyd-sklearn-$seed.txt"
  nice "$ours" kmeans --fashion "$fashion" --seed "$seed" --threads 2 --init "$work/init-$seed.f32" --out "$work/lloyd-ours-$seed.txt"
done
$peer nmi "$fashion" "$work"/lloyd-ours-*.txt "$work"/lloyd-sklearn-*.txt | sed "s|$work/||"

# Mini-batch k-means (batch 1024, one seeding) side by side.
for seed in "${seeds[@]}"; do
  nice "$ours" minibatch --fashion "$fashion" --seed "$seed" --threads 2 --out "$work/mb-ours-$seed.txt"
  nice "${peer_env[@]}" $peer minibatch "$fashion" "$seed" "$work/mb-sklearn-$seed.txt"
done
$peer nmi "$fashion" "$work"/mb-ours-*.txt "$work"/mb-sklearn-*.txt | sed "s|$work/||"

"${peer_env[@]}" $peer pca "$fashion" "$work/pca10.f32"
for seed in "${seeds[@]}"; do
  /usr/bin/time -v -o "$work/ours.time" nice "$ours" gmm --f32 "$work/pca10.f32" --rows 70000 --cols 10 --clusters 10 --covariance full --seed "$seed" --threads 2 --out "$work/gmm-ours-$seed.txt"
  echo "  peak RSS agrupa: $(rss "$work/ours.time")"
  /usr/bin/time -v -o "$work/peer.time" nice "${peer_env[@]}" $peer gmm "$work/pca10.f32" 70000 10 "$seed" "$work/gmm-sklearn-$seed.txt"
  echo "  peak RSS sklearn: $(rss "$work/peer.time")"
done
$peer nmi "$fashion" "$work"/gmm-ours-*.txt "$work"/gmm-sklearn-*.txt | sed "s|$work/||"
echo "# done $(date -u +%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
