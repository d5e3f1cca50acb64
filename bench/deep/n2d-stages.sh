#!/bin/bash
# N2D stage check (issue 7): one autoencoder code (25 epochs, seed 0), then Agrupa UMAP + GMM against umap-learn +
# scikit-learn GMM, crossed, seeds 0 and 1. Installs Debian's python3-sklearn, umap-learn and libopenblas0-pthread when missing.
# Usage: AGRUPA=path/to/Agrupa.Cli bash bench/deep/n2d-stages.sh   (results printed; files in $N2D_STAGES_DIR)
set -eu
OUT=${N2D_STAGES_DIR:-/tmp/agrupa-n2d-stages}; mkdir -p "$OUT"; ROOT=$(cd "$(dirname "$0")/../.." && pwd)
B=${AGRUPA:-"dotnet run -c Release --project $ROOT/src/Agrupa.Cli --"}
. "$ROOT/bench/deep/peers.sh" sklearn umap
cd "$OUT"

TUNED="glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824"
date -u
[ -f ae25.agrupa ] || $B pretrain --data fashion-mnist --arch dense --epochs 25 --seed 0 --out ae25.agrupa
[ -f code.csv ] || $B embed --model ae25.agrupa --data fashion-mnist --out code.csv
date -u
for s in 0 1; do
  /usr/bin/time -f "agrupa umap %e s" $B reduce --data code.csv --method umap --dims 10 --neighbors 20 --min-dist 0 --seed $s --out agrupa-umap10-s$s.csv
done
date -u
GLIBC_TUNABLES=$TUNED OMP_NUM_THREADS=2 /usr/bin/python3 - <<'PY'
import numpy as np, time, umap, sklearn
from sklearn.mixture import GaussianMixture
from sklearn.metrics import normalized_mutual_info_score as nmi, adjusted_rand_score as ari
from scipy.optimize import linear_sum_assignment
def acc(y, p):
    D = max(p.max(), y.max()) + 1; w = np.zeros((D, D), dtype=np.int64)
    for a, b in zip(p, y): w[a, b] += 1
    r, c = linear_sum_assignment(-w); return w[r, c].sum() / len(y)
def load(path):
    a = np.genfromtxt(path, delimiter=',', skip_header=1, dtype=np.float64)
    return a[:, :-1].astype(np.float32), a[:, -1].astype(int)
code, y = load('code.csv')
def gmm(x, seed):
    g = GaussianMixture(n_components=10, covariance_type='full', random_state=seed).fit(x)
    return g.predict_proba(x).argmax(1)
def report(name, p): print(f"{name}: ACC {acc(y, p):.4f} NMI {nmi(y, p):.4f} ARI {ari(y, p):.4f}", flush=True)
print("umap", umap.__version__, "sklearn", sklearn.__version__)
for s in (0, 1):
    ours, _ = load(f'agrupa-umap10-s{s}.csv')
    report(f"agrupa UMAP s{s} + sklearn GMM", gmm(ours, s))
    np.save(f'agrupa-umap10-s{s}.npy', ours)
    t = time.time()
    e = umap.UMAP(n_neighbors=20, min_dist=0.0, n_components=10, metric='euclidean', random_state=s).fit_transform(code)
    print(f"umap-learn {time.time() - t:.1f} s")
    report(f"umap-learn s{s} + sklearn GMM", gmm(e, s))
    np.savetxt(f'umaplearn-s{s}.csv', np.column_stack([e, y]), delimiter=',', header=','.join([f'dim_{i+1}' for i in range(10)] + ['label']), comments='', fmt='%.7g')
report("sklearn GMM on the AE code directly", gmm(code, 0))
PY
for s in 0 1; do
  $B cluster --data agrupa-umap10-s$s.csv --method gmm -k 10 --seed $s --out agrupa-gmm-on-agrupa-s$s.csv 2>&1 | grep -i "acc\|nmi" | head -3
  $B cluster --data umaplearn-s$s.csv --method gmm -k 10 --seed $s --out agrupa-gmm-on-umaplearn-s$s.csv 2>&1 | grep -i "acc\|nmi" | head -3
done
date -u
