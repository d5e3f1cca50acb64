#!/usr/bin/python3
"""Probe and scorer for N2D's consensus of several draws (N2dOptions.Draws; BENCHMARKS.md, session 10).
Labels are used only to score. Needs Debian's python3-sklearn.

  n2d-consensus.py draws LABELS.npy MODEL.agrupa...
      ACC / NMI / ARI of every draw's mixture labels kept in N2D model files (mixture.labels, mixture2.labels, ...)
      and its balance (entropy of the cluster sizes / log k); the most balanced draw and the correlations
  n2d-consensus.py balanced LABELS.npy MODEL.agrupa
      every draw's mixture continued by EM whose E-step is projected onto equal cluster masses (Sinkhorn, as SeLa,
      Asano et al. 2020), then the consensus of the plain and of the balanced draws (session 12: not adopted)
  n2d-consensus.py probe LABELS.npy [--components K] [--clusters C] UMAP.npy...
      one scikit-learn GMM (K components, random_state = file index) per saved UMAP embedding, then the consensus of
      the first 2, 4, ... draws into C clusters: k-means (10 restarts) on the one-hot memberships (Topchy et al. 2003)
  n2d-consensus.py neighbours LABELS.npy MODEL.agrupa [--neighbors 20,50] [--umap-seeds 0,1,2] [--gmm-seeds 0,1,2]
      umap-learn (10-D, min_dist 0, euclidean) on the code the model's UMAP saw (umap.training: the joined views),
      for each neighbour count and UMAP seed, then a scikit-learn GMM per GMM seed (session 13: 50 neighbours
      not adopted). Needs umap-learn.
  n2d-consensus.py restarts LABELS.npy MODEL.agrupa... [--restarts 12]
      Agrupa's consensus vote (ConsensusVote: k-means on the draws' one-hot memberships, then every draw's GMM
      posterior voted through its contingency map) from single k-means restarts, and the restart each label-free
      criterion picks: lowest inertia (Agrupa), highest mean vote confidence, highest ANMI (the mean NMI of the vote
      labels with the draws, Strehl and Ghosh 2002) (session 14: ANMI not adopted)
  n2d-consensus.py compose LABELS.npy VIEW.npy... [--umap-seeds 0] [--gmm-seeds 0,1,2,3]
      the views (codes written by `agrupa embed`) each centred and scaled to the same mean squared norm (ViewScaling
      up to a common factor), then umap-learn (10-D, 20 neighbours, min_dist 0) on the joined views, on each view alone, and on the fuzzy
      intersection and union of the per-view graphs (umap-learn's `*` and `+` model composition), each followed by
      scikit-learn GMMs (session 20: composition not adopted). Needs umap-learn.
"""
import argparse, os, sys
import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from scipy.special import logsumexp
from sklearn.mixture import GaussianMixture

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from agrupa_model_file import read_agrupa


def score(y, p):
    w = np.zeros((p.max() + 1, y.max() + 1)); np.add.at(w, (p, y), 1)
    r, c = linear_sum_assignment(-w)
    return np.array([w[r, c].sum() / len(y), normalized_mutual_info_score(y, p), adjusted_rand_score(y, p)])


def fmt(s): return f'ACC {s[0]:.4f} NMI {s[1]:.4f} ARI {s[2]:.4f}'


def balance(p, k):
    """Entropy of the cluster sizes over log k: 1 when every cluster holds n / k rows (label-free)."""
    share = np.bincount(p, minlength=k) / len(p)
    share = share[share > 0]
    return float(-(share * np.log(share)).sum() / np.log(k))


def draw_suffixes(arrays):
    """The part suffixes of the draws kept in an N2D model file ('', '2', '3', ... while mixtureN.labels exists)."""
    suffixes = []
    for d in range(1, 65):
        suffix = '' if d == 1 else str(d)
        if f'mixture{suffix}.labels' not in arrays: break
        suffixes.append(suffix)
    return suffixes


def draw_labels(arrays):
    """Every draw's mixture labels kept in an N2D model file (mixture.labels, mixture2.labels, ...), in draw order."""
    return [arrays[f'mixture{suffix}.labels'].astype(int) for suffix in draw_suffixes(arrays)]


def draws(y, models):
    for path in models:
        rows = []
        for d, p in enumerate(draw_labels(read_agrupa(path)), 1):
            rows.append(np.append(score(y, p), balance(p, p.max() + 1)))
            print(f'{path} draw {d}: {fmt(rows[-1])} balance {rows[-1][3]:.4f}', flush=True)
        r = np.array(rows)
        print(f'{path}: {len(r)} draws, mean {fmt(r.mean(0))}, std {r.std(0, ddof=1).round(4) if len(r) > 1 else 0}')
        if len(r) > 2:
            best = int(np.argmax(r[:, 3]))
            corr = [np.corrcoef(r[:, 3], r[:, j])[0, 1] for j in range(3)]
            print(f'{path}: most balanced draw {best + 1}: {fmt(r[best])}; r(balance, ACC / NMI / ARI) = '
                  + ' / '.join(f'{c:.2f}' for c in corr))


def log_densities(x, means, covariances):
    n, d = x.shape; out = np.empty((n, len(means)))
    for j, (m, c) in enumerate(zip(means, covariances)):
        chol = np.linalg.cholesky(c); z = np.linalg.solve(chol, (x - m).T)
        out[:, j] = -0.5 * (z * z).sum(0) - np.log(np.diag(chol)).sum() - 0.5 * d * np.log(2 * np.pi)
    return out


def balanced_em(x, means, covariances, iterations=40, reg=1e-6):
    """EM from the given components; each E-step's posteriors are scaled (Sinkhorn) until every cluster holds n / k."""
    n, d = x.shape; k = len(means); v = np.zeros(k)
    for it in range(iterations):
        logp = log_densities(x, means, covariances)
        for _ in range(10 if it else 50):
            u = -logsumexp(logp + v, axis=1)
            v = np.log(n / k) - logsumexp(logp + u[:, None], axis=0)
        r = np.exp(logp + v + u[:, None]); mass = r.sum(0)
        means = (r.T @ x) / mass[:, None]
        covariances = [((r[:, j, None] * (x - means[j])).T @ (x - means[j])) / mass[j] + reg * np.eye(d) for j in range(k)]
    return (log_densities(x, means, covariances) + v).argmax(1)


def mixture_of(arrays, suffix):
    """One draw's UMAP embedding and GMM (weights, means, covariances) from an N2D model file ('' or '2', '3', ...)."""
    x = arrays[f'umap{suffix}.embedding'].astype(np.float64); n, dims = x.shape
    weights = np.frombuffer(arrays[f'mixture{suffix}.weights.f64'].tobytes(), np.float64); k = len(weights)
    means = np.frombuffer(arrays[f'mixture{suffix}.means.f64'].tobytes(), np.float64).reshape(k, dims)
    covariances = np.frombuffer(arrays[f'mixture{suffix}.covariances.f64'].tobytes(), np.float64).reshape(k, dims, dims)
    return x, weights, means, list(covariances)


def posteriors(arrays):
    """Every draw's GMM posterior on its own UMAP embedding, in draw order."""
    out = []
    for suffix in draw_suffixes(arrays):
        x, weights, means, covariances = mixture_of(arrays, suffix)
        logp = log_densities(x, means, covariances) + np.log(weights)
        out.append(np.exp(logp - logsumexp(logp, axis=1, keepdims=True)))
    return out


def vote(parts, posts, base, clusters):
    """ConsensusVote: each draw's posterior through its row-normalised contingency with the base partition, averaged."""
    v = 0
    for p, post in zip(parts, posts):
        a = np.zeros((post.shape[1], clusters)); np.add.at(a, (p, base), 1)
        v = v + post @ (a / np.maximum(a.sum(1, keepdims=True), 1))
    v = v / len(parts)
    return v.argmax(1), float(v.max(1).mean())


def restarts(y, paths, count, clusters):
    for path in paths:
        arrays = read_agrupa(path); parts = draw_labels(arrays); posts = posteriors(arrays)
        onehot = np.hstack([np.eye(posts[m].shape[1])[p] for m, p in enumerate(parts)]).astype(np.float32)
        rows = []
        for seed in range(count):
            km = KMeans(clusters, n_init=1, random_state=seed).fit(onehot)
            labels, confidence = vote(parts, posts, km.labels_, clusters)
            anmi = np.mean([normalized_mutual_info_score(labels, p) for p in parts])
            rows.append((km.inertia_, confidence, anmi, *score(y, labels)))
            print(f'{path} restart {seed}: inertia {km.inertia_:.1f} confidence {confidence:.4f} ANMI {anmi:.4f} | {fmt(rows[-1][3:])}', flush=True)
        r = np.array(rows)
        for name, pick in (('lowest inertia', np.argmin(r[:, 0])), ('highest confidence', np.argmax(r[:, 1])), ('highest ANMI', np.argmax(r[:, 2]))):
            print(f'{path}: {name} picks restart {pick}: {fmt(r[pick, 3:])}', flush=True)


def consensus_of(parts, components, clusters):
    """k-means (10 restarts) on the one-hot memberships of the draws (Topchy et al. 2003)."""
    onehot = np.hstack([np.eye(components)[p] for p in parts]).astype(np.float32)
    return KMeans(clusters, n_init=10, random_state=0).fit_predict(onehot)


def balanced(y, path):
    arrays, plain, even = read_agrupa(path), [], []
    for d, suffix in enumerate(draw_suffixes(arrays), 1):
        x, weights, means, covariances = mixture_of(arrays, suffix); k = len(weights)
        plain.append(arrays[f'mixture{suffix}.labels'].astype(int)); even.append(balanced_em(x, means, covariances))
        print(f'draw {d}: mixture {fmt(score(y, plain[-1]))} | balanced EM {fmt(score(y, even[-1]))}', flush=True)
    for name, parts in (('mixture', plain), ('balanced EM', even)):
        s = np.array([score(y, p) for p in parts])
        print(f'{name}: mean of {len(parts)} draws {fmt(s.mean(0))}, std {s.std(0, ddof=1).round(3)}; '
              f'consensus {fmt(score(y, consensus_of(parts, k, k)))}', flush=True)


def probe(y, files, components, clusters):
    parts = []
    for i, f in enumerate(files):
        z = np.load(f)
        p = GaussianMixture(components, covariance_type='full', random_state=i).fit(z).predict(z)
        parts.append(p); print(f'{f} GMM {components} components: {fmt(score(y, p))}', flush=True)
    for m in range(2, len(parts) + 1, 2):
        print(f'consensus of {m} draws: {fmt(score(y, consensus_of(parts[:m], components, clusters)))}', flush=True)


def neighbours(y, path, counts, umap_seeds, gmm_seeds):
    import time, umap
    x = read_agrupa(path)['umap.training']
    for nn in counts:
        rows = []
        for u in umap_seeds:
            t = time.time()
            z = umap.UMAP(n_components=10, n_neighbors=nn, min_dist=0.0, metric='euclidean', random_state=u).fit_transform(x)
            for g in gmm_seeds:
                rows.append(score(y, GaussianMixture(10, covariance_type='full', random_state=g).fit(z).predict(z)))
                print(f'{nn} neighbours, UMAP seed {u}, GMM seed {g}: {fmt(rows[-1])} ({time.time() - t:.0f} s)', flush=True)
        r = np.array(rows)
        print(f'{nn} neighbours: mean of {len(r)} draws {fmt(r.mean(0))}, std {r.std(0, ddof=1).round(3) if len(r) > 1 else 0}', flush=True)


def compose(y, files, umap_seeds, gmm_seeds):
    import umap
    def scaled(f):
        v = np.load(f).astype(np.float64); v -= v.mean(0)
        return v / np.sqrt((v ** 2).sum(1).mean())
    views = [scaled(f) for f in files]
    for u in umap_seeds:
        fit = lambda x: umap.UMAP(n_components=10, n_neighbors=20, min_dist=0.0, random_state=u).fit(x)
        alone = [fit(v) for v in views]
        models = [('joined', fit(np.hstack(views)))] + [(os.path.basename(f), m) for f, m in zip(files, alone)]
        intersection, union = alone[0], alone[0]
        for m in alone[1:]: intersection, union = intersection * m, union + m
        models += [('intersection', intersection), ('union', union)]
        for name, m in models:
            for g in gmm_seeds:
                p = GaussianMixture(10, covariance_type='full', random_state=g).fit_predict(m.embedding_)
                print(f'{name}, UMAP seed {u}, GMM seed {g}: {fmt(score(y, p))} balance {balance(p, 10):.3f}', flush=True)


def main():
    a = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument('mode', choices=['draws', 'balanced', 'probe', 'neighbours', 'restarts', 'compose']); a.add_argument('labels'); a.add_argument('files', nargs='+')
    a.add_argument('--components', type=int, default=10); a.add_argument('--clusters', type=int, default=10)
    ints = lambda v: [int(t) for t in v.split(',')]
    a.add_argument('--neighbors', type=ints, default=[20, 50]); a.add_argument('--umap-seeds', type=ints, default=[0, 1, 2])
    a.add_argument('--gmm-seeds', type=ints, default=[0, 1, 2]); a.add_argument('--restarts', type=int, default=12)
    args = a.parse_args()
    y = np.load(args.labels).astype(int)
    if args.mode == 'draws': draws(y, args.files)
    elif args.mode == 'balanced': balanced(y, args.files[0])
    elif args.mode == 'restarts': restarts(y, args.files, args.restarts, args.clusters)
    elif args.mode == 'neighbours': neighbours(y, args.files[0], args.neighbors, args.umap_seeds, args.gmm_seeds)
    elif args.mode == 'compose': compose(y, args.files, args.umap_seeds, args.gmm_seeds)
    else: probe(y, args.files, args.components, args.clusters)


if __name__ == '__main__':
    main()
