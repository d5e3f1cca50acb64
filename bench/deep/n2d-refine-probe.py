#!/usr/bin/python3
"""Two label-free refinements of N2D's partition (BENCHMARKS.md, session 17: neither adopted). Labels only score.
Needs Debian's python3-sklearn.

  n2d-refine-probe.py smooth LABELS.npy MODEL.agrupa AE.npy SIMCLR.npy
      Every draw kept in the N2D model file (mixture.labels, mixture2.labels, ...) relabelled by the majority of its
      20 nearest neighbours in the joint code (each view centred and scaled to mean squared norm 1, as N2D joins them;
      the row's own label counts as one more vote), 1, 3 and 10 rounds.
  n2d-refine-probe.py balanced LABELS.npy AE.npy SIMCLR.npy
      Session 16's spectral embedding of the joint code (symmetric 20-NN graph, 10 leading eigenvectors of
      D^-1/2 W D^-1/2, rows normalised), then k-means (10 restarts, seeds 0-2), k-means continued with balanced
      assignments (entropic optimal transport onto equal cluster masses, eps .05 and .01, 20 rounds) and a
      full-covariance Gaussian mixture.
  AE.npy, SIMCLR.npy: `agrupa embed --model ae-sS.agrupa|simclr-sS.agrupa --data fashion-mnist --out X.npy`.
"""
import sys
import numpy as np
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from scipy.sparse.linalg import eigsh
from scipy.special import logsumexp
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.mixture import GaussianMixture
from sklearn.neighbors import NearestNeighbors
sys.path.insert(0, __file__.rsplit('/', 1)[0])
from agrupa_model_file import read_agrupa


def scores(y, p):
    w = np.zeros((10, 10), dtype=np.int64)
    np.add.at(w, (p, y), 1)
    r, c = linear_sum_assignment(-w)
    return f'ACC {w[r, c].sum() / len(y):.4f} NMI {normalized_mutual_info_score(y, p):.4f} ARI {adjusted_rand_score(y, p):.4f}'


def joint(ae, simclr):
    def view(x):
        x = x - x.mean(0)
        return x / np.sqrt((x ** 2).sum(1).mean())
    return np.hstack([view(np.load(ae)), view(np.load(simclr))])


def neighbours(x, k=20):
    return NearestNeighbors(n_neighbors=k + 1).fit(x).kneighbors(x)[1][:, 1:]


def smooth(y, model, ae, simclr):
    nn = neighbours(joint(ae, simclr))
    arrays, draw = read_agrupa(model), 1
    while f'mixture{"" if draw == 1 else draw}.labels' in arrays:
        p = np.asarray(arrays[f'mixture{"" if draw == 1 else draw}.labels']).astype(int)
        line, q = f'draw {draw}: {scores(y, p)}', p.copy()
        for rounds in range(1, 11):
            votes = np.zeros((len(q), 10))
            np.add.at(votes, (np.repeat(np.arange(len(q)), nn.shape[1]), q[nn].ravel()), 1)
            votes[np.arange(len(q)), q] += 1
            q = votes.argmax(1)
            if rounds in (1, 3, 10): line += f' | {rounds} rounds: {scores(y, q)}'
        print(line, flush=True)
        draw += 1


def balanced_assign(e, centres, eps, iterations=200):
    log_k = -((e[:, None, :] - centres[None]) ** 2).sum(-1) / eps
    n, k = log_k.shape
    v = np.zeros(k)
    for _ in range(iterations):
        u = -logsumexp(log_k + v[None], axis=1)
        v = np.log(n / k) - logsumexp(log_k + u[:, None], axis=0)
    return (log_k + u[:, None] + v[None]).argmax(1)


def balanced(y, ae, simclr):
    idx, n, k = neighbours(joint(ae, simclr)), len(y), 20
    w = sparse.csr_matrix((np.ones(n * k), (np.repeat(np.arange(n), k), idx.ravel())), shape=(n, n))
    w = ((w + w.T) > 0).astype(np.float64)
    d = sparse.diags(1 / np.sqrt(np.asarray(w.sum(1)).ravel()))
    values, vectors = eigsh(d @ w @ d, k=10, which='LA', tol=1e-5, v0=np.ones(n))
    e = vectors[:, np.argsort(-values)]
    e /= np.linalg.norm(e, axis=1, keepdims=True)
    for seed in range(3):
        km = KMeans(10, n_init=10, random_state=seed).fit(e)
        print(f'seed {seed} k-means: {scores(y, km.labels_)}', flush=True)
        for eps in (0.05, 0.01):
            c = km.cluster_centers_
            for _ in range(20):
                p = balanced_assign(e, c, eps)
                c = np.stack([e[p == j].mean(0) for j in range(10)])
            print(f'seed {seed} balanced k-means, eps {eps}: {scores(y, p)}', flush=True)
        print(f'seed {seed} full-covariance GMM: {scores(y, GaussianMixture(10, random_state=seed).fit(e).predict(e))}', flush=True)


if __name__ == '__main__':
    if len(sys.argv) == 6 and sys.argv[1] == 'smooth':
        smooth(np.load(sys.argv[2]), *sys.argv[3:])
    elif len(sys.argv) == 5 and sys.argv[1] == 'balanced':
        balanced(np.load(sys.argv[2]), *sys.argv[3:])
    else:
        sys.exit(__doc__)
