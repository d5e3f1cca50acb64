#!/usr/bin/python3
"""Spectral clustering of N2D's joint code, as an alternative to its UMAP + GMM step (BENCHMARKS.md, session 16: not
adopted). Labels are used only to score. Needs Debian's python3-sklearn.

  spectral-probe.py LABELS.npy AE.npy SIMCLR.npy [--neighbors 20] [--dims 10,11,12,15,20]
      AE.npy, SIMCLR.npy: `agrupa embed --model ae-sS.agrupa|simclr-sS.agrupa --data fashion-mnist --out X.npy`.
      Joins them as N2D does (each view centred and scaled to mean squared norm 1), prints the 20-NN label purity of
      each view and of the joint code, builds the symmetric k-NN graph (connectivity), takes the leading eigenvectors of
      D^-1/2 W D^-1/2 (scipy eigsh, tol 1e-5), normalises the rows (Ng, Jordan, Weiss 2001) and runs k-means (10
      restarts) with and without the trivial eigenvector, for each dimension.
"""
import argparse, time
import numpy as np
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from scipy.sparse.linalg import eigsh
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.neighbors import NearestNeighbors


def acc(y, p):
    k = max(y.max(), p.max()) + 1
    w = np.zeros((k, k), dtype=np.int64)
    np.add.at(w, (p, y), 1)
    r, c = linear_sum_assignment(-w)
    return w[r, c].sum() / len(y)


def view(x):
    x = x - x.mean(0)
    return x / np.sqrt((x ** 2).sum(1).mean())


def neighbours(x, k):
    return NearestNeighbors(n_neighbors=k + 1, algorithm='brute').fit(x).kneighbors(x)[1][:, 1:]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('labels'); parser.add_argument('ae'); parser.add_argument('simclr')
    parser.add_argument('--neighbors', type=int, default=20)
    parser.add_argument('--dims', default='10,11,12,15,20')
    a = parser.parse_args()
    y = np.load(a.labels)
    ae, sc = np.load(a.ae), np.load(a.simclr)
    joint = np.hstack([view(ae), view(sc)])
    for name, x in (('AE code', ae), ('SimCLR features', sc), ('joint code', joint)):
        t = time.time()
        idx = neighbours(x, 20)
        print(f'{name}: 20-NN label purity {(y[idx] == y[:, None]).mean():.4f} ({time.time() - t:.0f} s)', flush=True)
    idx = idx if a.neighbors == 20 else neighbours(joint, a.neighbors)
    n, k = len(y), a.neighbors
    w = sparse.csr_matrix((np.ones(n * k), (np.repeat(np.arange(n), k), idx.ravel())), shape=(n, n))
    w = ((w + w.T) > 0).astype(np.float64)
    d = sparse.diags(1 / np.sqrt(np.asarray(w.sum(1)).ravel()))
    dims = [int(v) for v in a.dims.split(',')]
    values, vectors = eigsh(d @ w @ d, k=max(dims) + 1, which='LA', tol=1e-5, v0=np.ones(n))
    order = np.argsort(-values)
    vectors = vectors[:, order]
    for m in dims:
        for drop in (False, True):
            e = vectors[:, int(drop):m + int(drop)]
            e = e / np.linalg.norm(e, axis=1, keepdims=True)
            p = KMeans(10, n_init=10, random_state=0).fit_predict(e)
            print(f'{m} eigenvectors{" after the trivial one" if drop else ""}: ACC {acc(y, p):.4f} NMI {normalized_mutual_info_score(y, p):.4f} '
                  f'ARI {adjusted_rand_score(y, p):.4f}', flush=True)


if __name__ == '__main__':
    main()
