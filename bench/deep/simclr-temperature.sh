#!/bin/bash
# SimCLR temperature probe (issue 7, session 11): Agrupa's contrastive encoder trained 10 epochs (cosine, weight decay
# 1e-6, seed 0) on a random 20,000-image subset of all 70,000 Fashion-MNIST images (NumPy seed 0) for each NT-Xent
# temperature given, then its 128 features scored: Agrupa k-means (10 restarts, seed 0), the 20-NN label purity, and
# N2D's manifold step (umap-learn 10-D, 20 neighbours, min_dist 0, random_state 0) + scikit-learn full GMM with
# random_state 0-4. Labels only score. Installs Debian's python3-sklearn, umap-learn, libopenblas0-pthread and the
# data set when missing.
# Usage: AGRUPA=path/to/Agrupa.Cli bash bench/deep/simclr-temperature.sh [TEMPERATURE ...]   (default 0.5 0.2 0.1)
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd); OUT=${SIMCLR_TEMPERATURE_DIR:-$(mktemp -d)}
B=${AGRUPA:-"dotnet run -c Release --project $ROOT/src/Agrupa.Cli --"}
need=()
/usr/bin/python3 -c "import sklearn" 2>/dev/null || need+=(python3-sklearn)
/usr/bin/python3 -c "import umap" 2>/dev/null || need+=(umap-learn)
dpkg -s libopenblas0-pthread >/dev/null 2>&1 || need+=(libopenblas0-pthread)
[ -f /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz ] || need+=(dataset-fashion-mnist)
if [ ${#need[@]} -gt 0 ]; then apt-get install -y "${need[@]}"; fi
export GLIBC_TUNABLES="glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824" OMP_NUM_THREADS=2 NUMBA_NUM_THREADS=2
cd "$OUT"; echo "files in $OUT"
/usr/bin/python3 - <<'PY'
import gzip, numpy as np
D = '/usr/share/datasets/fashion-mnist/'
def idx(name, offset):
    with gzip.open(D + name) as h: return np.frombuffer(h.read(), np.uint8, offset=offset)
x = np.concatenate([idx('train-images-idx3-ubyte.gz', 16), idx('t10k-images-idx3-ubyte.gz', 16)]).reshape(-1, 28, 28)
y = np.concatenate([idx('train-labels-idx1-ubyte.gz', 8), idx('t10k-labels-idx1-ubyte.gz', 8)])
rows = np.random.default_rng(0).permutation(len(x))[:20000]
np.save('x20k.npy', (x[rows] / 255.).astype(np.float32)); np.save('y20k.npy', y[rows].astype(np.int32))
PY
for t in "${@:-0.5 0.2 0.1}"; do
  for tau in $t; do
    date -u; echo "temperature $tau"
    $B pretrain --data x20k.npy --arch contrastive --epochs 10 --schedule cosine --weight-decay 1e-6 --seed 0 --threads 2 \
       --network-options "{\"temperature\": $tau}" --out t$tau.agrupa 2>/dev/null
    $B embed --model t$tau.agrupa --data x20k.npy --out t$tau.npy --threads 2 >/dev/null
    $B cluster --data t$tau.npy --labels y20k.npy -m kmeans -k 10 --restarts 10 --seed 0 --threads 2 --out t$tau.csv | grep 'ACC'
    /usr/bin/python3 - t$tau.npy <<'PY'
import sys, numpy as np, umap
from sklearn.neighbors import NearestNeighbors
from sklearn.mixture import GaussianMixture
from sklearn.metrics import normalized_mutual_info_score
from scipy.optimize import linear_sum_assignment
f = np.load(sys.argv[1]); y = np.load('y20k.npy')
def acc(y, p):
    c = np.zeros((10, p.max() + 1)); np.add.at(c, (y, p), 1); r, k = linear_sum_assignment(-c); return c[r, k].sum() / len(y)
near = NearestNeighbors(n_neighbors=21).fit(f).kneighbors(f, return_distance=False)[:, 1:]
print('20-NN label purity %.3f' % (y[near] == y[:, None]).mean())
u = umap.UMAP(n_components=10, n_neighbors=20, min_dist=0, random_state=0).fit_transform(f)
r = []
for s in range(5):
    p = GaussianMixture(10, covariance_type='full', random_state=s).fit(u).predict(u)
    r.append((acc(y, p), normalized_mutual_info_score(y, p)))
r = np.array(r)
print('UMAP + GMM (5 draws): ACC %.3f ± %.3f, NMI %.3f ± %.3f; ACC per draw %s' % (r[:, 0].mean(), r[:, 0].std(ddof=1), r[:, 1].mean(), r[:, 1].std(ddof=1), np.round(r[:, 0], 3)))
PY
  done
done
date -u
