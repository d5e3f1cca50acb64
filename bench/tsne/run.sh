#!/usr/bin/env bash
# t-SNE 2-D on Fashion-MNIST (PCA-50 first, the same matrix for every implementation), Agrupa vs scikit-learn's
# Barnes-Hut in the same run. Usage: bash bench/tsne/run.sh [--with-70k]
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${TSNE_BENCH_DIR:-/tmp/agrupa-tsne-bench}
need=()
/usr/bin/python3 -c "import sklearn" 2>/dev/null || need+=(python3-sklearn)
[ -f /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz ] || need+=(dataset-fashion-mnist)
dpkg -s libopenblas0-pthread >/dev/null 2>&1 || need+=(libopenblas0-pthread)
if [ ${#need[@]} -gt 0 ]; then apt-get install -y "${need[@]}"; fi

dotnet build -c Release bench/tsne/TsneBench.csproj -v q -nologo >/dev/null
BENCH=bench/tsne/bin/Release/net10.0/linux-x64/TsneBench
[ -f "$OUT/fmnist70k_pca50.f32" ] || /usr/bin/python3 bench/tsne/peers.py prepare "$OUT"
echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
nice /usr/bin/python3 bench/tsne/peers.py sklearn "$OUT" 10000
nice "$BENCH" "$OUT/fmnist10k_pca50.f32" 10000 50 auto 1000 "$OUT/fmnist10k_pca50.sklearn.f32"
nice "$BENCH" "$OUT/fmnist10k_pca50.f32" 10000 50 bh 1000
nice /usr/bin/python3 bench/tsne/peers.py opentsne "$OUT" 10000
if [ "${1:-}" = "--with-70k" ]; then
  nice "$BENCH" "$OUT/fmnist70k_pca50.f32" 70000 50 auto 1000
fi
