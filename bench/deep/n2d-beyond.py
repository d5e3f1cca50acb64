#!/usr/bin/python3
"""Label-free attempts to lift N2D / deep clustering on Fashion-MNIST past ACC and NMI .70 (issue 7), measured on
outputs that already exist. Labels are used only to score. Needs Debian's python3-sklearn (and python3-torch for
`selflabel`); run after bench/deep/n2d-stages.sh, whose folder ($N2D_STAGES_DIR) holds the UMAP embeddings.

  n2d-beyond.py overcluster EMBEDDING.npy        GMM with 15/20/30 components, clusters merged to 10 by k-NN graph links
  n2d-beyond.py select EMBEDDING.npy             10 GMM initialisations: does a label-free criterion pick the good ones?
  n2d-beyond.py draws EMBEDDING.npy ...          N2D's GMM step with random_state 0-9 on each embedding: the spread of
                                                 the protocol itself, and how often it reaches the paper's .672 / .684
  n2d-beyond.py consensus LABELS.csv ...         k-means on the one-hot labels of several runs (consensus clustering)
  n2d-beyond.py selflabel LABELS.csv [THREADS]   train a CNN on each cluster's most confident half, relabel, twice

LABELS.csv: an experiment run's labels.csv (one column) or a `row,label,confidence` file of n2d-stages.sh.
"""
import gzip, sys, time
import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import normalized_mutual_info_score as nmi, adjusted_rand_score as ari

D = '/usr/share/datasets/fashion-mnist/'


def idx(path, offset):
    return np.frombuffer(gzip.open(path).read(), np.uint8, offset=offset)


Y = np.concatenate([idx(D + 'train-labels-idx1-ubyte.gz', 8), idx(D + 't10k-labels-idx1-ubyte.gz', 8)])


def acc(y, p):
    w = np.zeros((p.max() + 1, y.max() + 1)); np.add.at(w, (p, y), 1)
    r, c = linear_sum_assignment(-w); return w[r, c].sum() / len(y)


def report(tag, p):
    print(f'{tag}: ACC {acc(Y, p):.4f} NMI {nmi(Y, p):.4f} ARI {ari(Y, p):.4f}', flush=True)


def labels_of(path):
    a = np.loadtxt(path, delimiter=',', skiprows=1)
    return (a if a.ndim == 1 else a[:, 1]).astype(int), (None if a.ndim == 1 else a[:, 2])


def knn(z, k=15):
    from sklearn.neighbors import NearestNeighbors
    return NearestNeighbors(n_neighbors=k + 1).fit(z).kneighbors(z, return_distance=False)[:, 1:]


def overcluster(path):
    from sklearn.mixture import GaussianMixture
    import scipy.sparse as sp
    z = np.load(path).astype(np.float64); n = len(z); nb = knn(z)
    a = sp.csr_matrix((np.ones(nb.size), (np.repeat(np.arange(n), nb.shape[1]), nb.ravel())), shape=(n, n)); a = a + a.T
    for k in [10, 15, 20, 30]:
        for seed in [0, 1]:
            p = GaussianMixture(k, covariance_type='full', random_state=seed).fit(z).predict(z)
            if k == 10: report(f'gmm10 seed {seed}', p); continue
            m = sp.csr_matrix((np.ones(n), (np.arange(n), p)), shape=(n, k)); c = (m.T @ a @ m).toarray()
            groups = {i: [i] for i in range(k)}
            while len(groups) > 10:   # merge the pair whose links are the largest share of the smaller group's own links
                keys = list(groups); best = None
                for i in range(len(keys)):
                    for j in range(i + 1, len(keys)):
                        ga, gb = groups[keys[i]], groups[keys[j]]
                        share = c[np.ix_(ga, gb)].sum() / min(c[np.ix_(ga, ga)].sum(), c[np.ix_(gb, gb)].sum())
                        if best is None or share > best[0]: best = (share, keys[i], keys[j])
                groups[best[1]] += groups.pop(best[2])
            lab = np.zeros(k, int)
            for j, members in enumerate(groups.values()): lab[members] = j
            report(f'gmm{k} seed {seed}, merged to 10', lab[p])


def select(path):
    from sklearn.mixture import GaussianMixture
    z = np.load(path).astype(np.float64); nb = knn(z); rows = []
    for s in range(10):
        g = GaussianMixture(10, covariance_type='full', random_state=s).fit(z); p = g.predict(z)
        within = (p[nb] == p[:, None]).mean()
        ncut = np.mean([(p[nb[p == k]] != k).mean() for k in range(10)])
        rows.append((acc(Y, p), nmi(Y, p), g.score(z), within, ncut))
        print(f'init {s}: ACC {rows[-1][0]:.3f} NMI {rows[-1][1]:.3f} log-likelihood {rows[-1][2]:.3f} '
              f'k-NN links inside clusters {within:.4f} normalised cut {ncut:.4f}', flush=True)
    r = np.array(rows)
    print(f'correlation with ACC: likelihood {np.corrcoef(r[:, 0], r[:, 2])[0, 1]:.2f}, links inside {np.corrcoef(r[:, 0], r[:, 3])[0, 1]:.2f}, '
          f'minus cut {np.corrcoef(r[:, 0], -r[:, 4])[0, 1]:.2f}; mean ACC {r[:, 0].mean():.3f}, lowest cut picks ACC {r[r[:, 4].argmin(), 0]:.3f}')


def draws(paths):
    from sklearn.mixture import GaussianMixture
    every = []
    for path in paths:
        z = np.load(path).astype(np.float64); rows = []
        for s in range(10):
            p = GaussianMixture(10, covariance_type='full', random_state=s).fit(z).predict(z)
            rows.append((acc(Y, p), nmi(Y, p), ari(Y, p)))
            print(f'{path} GMM random_state {s}: ACC {rows[-1][0]:.4f} NMI {rows[-1][1]:.4f} ARI {rows[-1][2]:.4f}', flush=True)
        r = np.array(rows); every += rows
        print(f'{path}: ACC {r[:, 0].mean():.3f} ± {r[:, 0].std(ddof=1):.3f}, NMI {r[:, 1].mean():.3f} ± {r[:, 1].std(ddof=1):.3f}, '
              f'ARI {r[:, 2].mean():.3f} ± {r[:, 2].std(ddof=1):.3f}')
    r = np.array(every)
    print(f'all {len(r)} draws: ACC {r[:, 0].mean():.3f} ± {r[:, 0].std(ddof=1):.3f}, NMI {r[:, 1].mean():.3f} ± {r[:, 1].std(ddof=1):.3f}; '
          f'reaching ACC ≥ .672 and NMI ≥ .684: {np.mean((r[:, 0] >= .672) & (r[:, 1] >= .684)):.2f}')


def consensus(paths):
    from sklearn.cluster import KMeans
    h = np.concatenate([np.eye(l.max() + 1)[l] for l in (labels_of(p)[0] for p in paths)], 1)
    for s in range(3):
        report(f'consensus of {len(paths)} runs, k-means seed {s}', KMeans(10, n_init=10, random_state=s).fit_predict(h))


def shifted(x):
    """Each image moved by up to 2 pixels in x and y, and flipped left-right with probability 1/2."""
    import torch.nn.functional as F
    n = x.shape[0]; padded = F.pad(x, (2, 2, 2, 2)); out = x.clone()
    dx = np.random.randint(0, 5, n); dy = np.random.randint(0, 5, n); flip = np.random.rand(n) < 0.5
    for i in range(n):
        t = padded[i, :, dy[i]:dy[i] + 28, dx[i]:dx[i] + 28]
        out[i] = t.flip(-1) if flip[i] else t
    return out


def selflabel(path, threads=1, fraction=0.5, epochs=3, rounds=2):
    import torch, torch.nn as nn, torch.nn.functional as F
    torch.set_num_threads(threads); torch.manual_seed(0); np.random.seed(0)
    x = np.concatenate([idx(D + 'train-images-idx3-ubyte.gz', 16), idx(D + 't10k-images-idx3-ubyte.gz', 16)])
    xt = torch.from_numpy(x.reshape(-1, 1, 28, 28).astype(np.float32) / 255)
    lab, conf = labels_of(path)
    if conf is None: conf = np.ones(len(lab))
    report('start', lab)
    for r in range(rounds):
        chosen = np.concatenate([k_rows[np.argsort(-conf[k_rows])][:max(1, int(len(k_rows) * fraction))]
                                 for k_rows in (np.where(lab == k)[0] for k in range(10))])
        print(f'round {r}: training on {len(chosen)} rows whose labels have ACC {acc(Y[chosen], lab[chosen]):.3f}', flush=True)
        net = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(),
                            nn.MaxPool2d(2), nn.Conv2d(64, 128, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                            nn.Linear(128 * 9, 128), nn.ReLU(), nn.Linear(128, 10))
        opt = torch.optim.Adam(net.parameters(), 1e-3); yt = torch.from_numpy(lab); t = time.time()
        for e in range(epochs):
            order = np.random.permutation(chosen)
            for b in range(0, len(order), 256):
                rows = order[b:b + 256]
                loss = F.cross_entropy(net(shifted(xt[rows])), yt[rows]); opt.zero_grad(); loss.backward(); opt.step()
            print(f'  epoch {e} loss {loss.item():.3f} {time.time() - t:.0f} s', flush=True)
        with torch.no_grad():
            prob = torch.cat([F.softmax(net(xt[b:b + 2048]), 1) for b in range(0, len(xt), 2048)]).numpy()
        lab, conf = prob.argmax(1), prob.max(1); report(f'round {r}', lab)


if __name__ == '__main__':
    if len(sys.argv) < 3: sys.exit(__doc__)
    command, args = sys.argv[1], sys.argv[2:]
    if command == 'overcluster': overcluster(args[0])
    elif command == 'select': select(args[0])
    elif command == 'draws': draws(args)
    elif command == 'consensus': consensus(args)
    elif command == 'selflabel': selflabel(args[0], int(args[1]) if len(args) > 1 else 1)
    else: sys.exit(__doc__)
