#!/usr/bin/python3
"""Probe and scorer for N2D's consensus of several draws (N2dOptions.Draws; BENCHMARKS.md, session 10).
Labels are used only to score. Needs Debian's python3-sklearn.

  n2d-consensus.py draws LABELS.npy MODEL.agrupa...
      ACC / NMI / ARI of every draw's mixture labels kept in N2D model files (mixture.labels, mixture2.labels, ...)
  n2d-consensus.py probe LABELS.npy [--components K] [--clusters C] UMAP.npy...
      one scikit-learn GMM (K components, random_state = file index) per saved UMAP embedding, then the consensus of
      the first 2, 4, ... draws into C clusters: k-means (10 restarts) on the one-hot memberships (Topchy et al. 2003)
"""
import argparse, os, sys
import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.mixture import GaussianMixture

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from agrupa_model_file import read_agrupa


def score(y, p):
    w = np.zeros((p.max() + 1, y.max() + 1)); np.add.at(w, (p, y), 1)
    r, c = linear_sum_assignment(-w)
    return np.array([w[r, c].sum() / len(y), normalized_mutual_info_score(y, p), adjusted_rand_score(y, p)])


def fmt(s): return f'ACC {s[0]:.4f} NMI {s[1]:.4f} ARI {s[2]:.4f}'


def draws(y, models):
    for path in models:
        arrays, rows = read_agrupa(path), []
        for d in range(1, 65):
            key = 'mixture.labels' if d == 1 else f'mixture{d}.labels'
            if key not in arrays: break
            rows.append(score(y, arrays[key].astype(int))); print(f'{path} draw {d}: {fmt(rows[-1])}', flush=True)
        r = np.array(rows)
        print(f'{path}: {len(r)} draws, mean {fmt(r.mean(0))}, std {r.std(0, ddof=1).round(4) if len(r) > 1 else 0}')


def probe(y, files, components, clusters):
    parts = []
    for i, f in enumerate(files):
        z = np.load(f)
        p = GaussianMixture(components, covariance_type='full', random_state=i).fit(z).predict(z)
        parts.append(p); print(f'{f} GMM {components} components: {fmt(score(y, p))}', flush=True)
    for m in range(2, len(parts) + 1, 2):
        onehot = np.hstack([np.eye(components)[p] for p in parts[:m]]).astype(np.float32)
        consensus = KMeans(clusters, n_init=10, random_state=0).fit_predict(onehot)
        print(f'consensus of {m} draws: {fmt(score(y, consensus))}', flush=True)


def main():
    a = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument('mode', choices=['draws', 'probe']); a.add_argument('labels'); a.add_argument('files', nargs='+')
    a.add_argument('--components', type=int, default=10); a.add_argument('--clusters', type=int, default=10)
    args = a.parse_args()
    y = np.load(args.labels).astype(int)
    if args.mode == 'draws': draws(y, args.files)
    else: probe(y, args.files, args.components, args.clusters)


if __name__ == '__main__':
    main()
