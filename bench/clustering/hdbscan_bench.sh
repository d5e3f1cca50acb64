#!/bin/bash
# HDBSCAN (and agglomerative) speed beside the peers, in one run on the same machine.
# Agrupa on Fashion-MNIST 70k PCA-2 / PCA-10 (and UMAP-2 with --umap); R's dbscan::hdbscan on 10k-row subsets
# (it builds the dense n×n mutual reachability matrix, so 70k rows would need ~20 GB); SciPy's linkage on 10k rows.
# The hdbscan Python library is not packaged in Debian 12 and scikit-learn 1.2 has no HDBSCAN, so neither runs here.
# Usage: bench/clustering/hdbscan_bench.sh [--umap]   (prints JSON lines; writes nothing outside /tmp)
set -euo pipefail
cd "$(dirname "$0")"
WORK=${WORK:-/tmp/agrupa-bench-hdbscan}
mkdir -p "$WORK"
need=()
command -v Rscript >/dev/null || need+=(r-cran-dbscan)
/usr/bin/python3 -c "import sklearn, scipy" 2>/dev/null || need+=(python3-sklearn python3-scipy)
[ -d /usr/share/datasets/fashion-mnist ] || need+=(dataset-fashion-mnist)
if [[ " $* " == *" --umap "* ]]; then /usr/bin/python3 -c "import umap" 2>/dev/null || need+=(umap-learn); fi
if [ ${#need[@]} -gt 0 ]; then apt-get install -y "${need[@]}" libopenblas0-pthread >/dev/null; fi

[ -f "$WORK/fmnist_pca10.f32" ] || nice /usr/bin/python3 make_embeddings.py "$WORK" "$@"
dotnet build HdbscanBench/HdbscanBench.csproj -c Release -v q -nologo >/dev/null
BENCH=HdbscanBench/bin/Release/net10.0/linux-x64/HdbscanBench

subset() { # name rows -> name_rows (first rows)
  local cols; cols=$(/usr/bin/python3 -c "import json;print(json.load(open('$WORK/$1.json'))['cols'])")
  head -c $(( $2 * cols * 4 )) "$WORK/$1.f32" > "$WORK/$1_$2.f32"
  echo "{\"rows\": $2, \"cols\": $cols}" > "$WORK/$1_$2.json"
}

rss() { /usr/bin/time -f "%M" -o "$WORK/rss.txt" "$@"; }

echo "# $(date -u +%FT%TZ) $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
sets=(fmnist_pca2 fmnist_pca10)
[ -f "$WORK/fmnist_umap2.f32" ] && sets+=(fmnist_umap2)
for s in "${sets[@]}"; do
  rss $BENCH hdbscan "$WORK/$s.f32" 5 - auto "$WORK/$s.agrupa.labels"
  echo "  peak_rss_kb(time -v)=$(cat "$WORK/rss.txt")"
done

R_SCRIPT='suppressMessages(library(dbscan)); a <- commandArgs(TRUE)
x <- matrix(readBin(a[1], "numeric", n = as.integer(a[2]) * as.integer(a[3]), size = 4), ncol = as.integer(a[3]), byrow = TRUE)
t <- system.time(r <- hdbscan(x, minPts = as.integer(a[4])))[["elapsed"]]
writeLines(as.character(r$cluster - 1L), a[5])
cat(sprintf("{\"implementation\":\"R dbscan %s\",\"method\":\"hdbscan\",\"rows\":%d,\"cols\":%d,\"seconds\":%.3f,\"clusters\":%d,\"noise\":%d}\n",
  as.character(packageVersion("dbscan")), nrow(x), ncol(x), t, length(setdiff(unique(r$cluster), 0)), sum(r$cluster == 0)))'
for s in fmnist_pca2 fmnist_pca10; do
  subset $s 10000
  AGRUPA_BENCH_REPEAT=2 rss $BENCH hdbscan "$WORK/${s}_10000.f32" 5 5 auto "$WORK/${s}_10000.agrupa.labels" self
  echo "  peak_rss_kb(time -v)=$(cat "$WORK/rss.txt")"
  rss Rscript -e "$R_SCRIPT" "$WORK/${s}_10000.f32" 10000 "$(/usr/bin/python3 -c "import json;print(json.load(open('$WORK/${s}_10000.json'))['cols'])")" 5 "$WORK/${s}_10000.r.labels"
  echo "  peak_rss_kb(time -v)=$(cat "$WORK/rss.txt")"
  /usr/bin/python3 -c "
from sklearn.metrics import adjusted_rand_score as ari
import numpy as np
a = np.loadtxt('$WORK/${s}_10000.agrupa.labels'); b = np.loadtxt('$WORK/${s}_10000.r.labels')
print('  agreement agrupa vs R: ARI %.4f, noise agrupa %d, R %d, noise sets differ on %d rows' % (ari(a, b), (a < 0).sum(), (b < 0).sum(), ((a < 0) != (b < 0)).sum()))"
done

# Agglomerative on 10k PCA-10 rows: Agrupa (NN-chain / MST) beside SciPy's linkage.
for linkage in ward single average; do
  rss $BENCH agglomerative "$WORK/fmnist_pca10_10000.f32" $linkage 10
  echo "  peak_rss_kb(time -v)=$(cat "$WORK/rss.txt")"
  rss /usr/bin/python3 -c "
import json, time, numpy as np
from scipy.cluster.hierarchy import linkage, fcluster
x = np.fromfile('$WORK/fmnist_pca10_10000.f32', dtype=np.float32).reshape(10000, 10).astype(np.float64)
t = time.perf_counter(); z = linkage(x, method='$linkage'); l = fcluster(z, 10, 'maxclust'); t = time.perf_counter() - t
print(json.dumps({'implementation': 'scipy', 'method': 'agglomerative-$linkage', 'rows': 10000, 'cols': 10, 'seconds': round(t, 3)}))"
  echo "  peak_rss_kb(time -v)=$(cat "$WORK/rss.txt")"
done
