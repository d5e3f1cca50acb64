#!/usr/bin/python3
"""Writes the JSON fixtures for Agrupa's HDBSCAN and agglomerative tests.

References (Debian 12 packages; install with
`apt-get install -y python3-sklearn python3-scipy r-cran-dbscan`):
  * HDBSCAN: R's dbscan::hdbscan (r-cran-dbscan 1.1-11, C++), run through Rscript. Debian 12 does not package the
    hdbscan Python library, and scikit-learn 1.2 has no HDBSCAN yet, so R is the reference. R counts the point itself
    as its first neighbour (minPts = min_samples = min_cluster_size), which is Agrupa's CountSelfAsNeighbor = true.
  * Agglomerative: scipy.cluster.hierarchy.linkage (ward, average, complete, single) and fcluster(maxclust).
Run from anywhere: /usr/bin/python3 generate_hdbscan_agglomerative.py  (writes next to this file).
"""
import json
import os
import subprocess
import tempfile

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.datasets import make_blobs, make_moons

HERE = os.path.dirname(os.path.abspath(__file__))
IRIS = os.environ.get("IRIS_CSV", "/work/shared/data/iris/iris.csv")


def datasets():
    rng = np.random.RandomState(7)
    blobs, _ = make_blobs(n_samples=240, centers=[[0, 0], [6, 6], [0, 8]], cluster_std=[0.6, 1.0, 0.8], random_state=3)
    noise = rng.uniform(-4, 10, size=(30, 2))
    blobs_noise = np.vstack([blobs, noise])
    moons, _ = make_moons(n_samples=200, noise=0.06, random_state=11)
    iris = np.loadtxt(IRIS, delimiter=",", skiprows=1)[:, :4]
    return {
        "blobs_noise": blobs_noise.astype(np.float32).astype(np.float64),
        "moons": moons.astype(np.float32).astype(np.float64),
        "iris": iris.astype(np.float32).astype(np.float64),
    }


R_SCRIPT = r"""
suppressMessages(library(dbscan))
args <- commandArgs(trailingOnly = TRUE)
x <- as.matrix(read.csv(args[1], header = FALSE))
res <- hdbscan(x, minPts = as.integer(args[2]))
out <- data.frame(cluster = res$cluster, outlier = res$outlier_scores, core = res$coredist, prob = res$membership_prob)
write.csv(out, args[3], row.names = FALSE)
cat(as.character(packageVersion("dbscan")))
"""


def r_hdbscan(x, min_pts):
    with tempfile.TemporaryDirectory() as tmp:
        data_path = os.path.join(tmp, "x.csv")
        out_path = os.path.join(tmp, "out.csv")
        script = os.path.join(tmp, "run.R")
        np.savetxt(data_path, x, delimiter=",", fmt="%.9g")
        with open(script, "w") as f:
            f.write(R_SCRIPT)
        version = subprocess.run(["Rscript", script, data_path, str(min_pts), out_path], check=True,
                                 capture_output=True, text=True).stdout.strip()
        table = np.genfromtxt(out_path, delimiter=",", skip_header=1)
    labels = table[:, 0].astype(int) - 1  # R: 0 = noise, clusters 1..k
    return labels, table[:, 1], table[:, 2], table[:, 3], version


def dense_hdbscan(x, min_cluster_size, min_samples):
    """A dense O(n^2) HDBSCAN* written from the papers and the hdbscan library's documented semantics (self excluded from
    the core distance; runt branches fall out of their parent at the split; EOM with strict '>' and the children's sum
    rounded to float32; labels numbered by cluster id; probabilities min(lambda, lambda_max)/lambda_max with the
    selected cluster's direct lambda_max). It shares no code with Agrupa: Prim on the full matrix, NumPy everywhere.
    Used where the hdbscan library itself is not installable (Debian 12)."""
    n = len(x)
    d = np.sqrt(((x[:, None, :] - x[None, :, :]) ** 2).sum(-1))
    core = np.partition(d, min_samples, axis=1)[:, min_samples]
    mrd = np.maximum(d, np.maximum(core[:, None], core[None, :]))
    # Prim.
    in_tree = np.zeros(n, bool); best = np.full(n, np.inf); parent = np.full(n, -1); edges = []
    current = 0; in_tree[0] = True
    for _ in range(n - 1):
        update = (~in_tree) & (mrd[current] < best)
        best[update] = mrd[current][update]; parent[update] = current
        candidates = np.where(~in_tree)[0]
        nxt = candidates[np.argmin(best[candidates])]
        edges.append((parent[nxt], nxt, best[nxt])); in_tree[nxt] = True; current = nxt
    edges.sort(key=lambda e: e[2])  # stable
    # Single linkage (scipy format) by union-find.
    uf = list(range(2 * n - 1)); size = [1] * n + [0] * (n - 1); z = []
    def find(a):
        while uf[a] != a:
            uf[a] = uf[uf[a]]; a = uf[a]
        return a
    for i, (a, b, w) in enumerate(edges):
        ra, rb = find(a), find(b)
        z.append((ra, rb, w, size[ra] + size[rb])); size[n + i] = size[ra] + size[rb]; uf[ra] = uf[rb] = n + i
    # Condense (breadth first from the root).
    root = 2 * n - 2
    def children(node): return (z[node - n][0], z[node - n][1]) if node >= n else ()
    def count(node): return 1 if node < n else z[node - n][3]
    def leaves(node):
        out, stack = [], [node]
        while stack:
            v = stack.pop()
            if v < n: out.append(v)
            else: stack.extend(children(v))
        return out
    relabel = {root: n}; next_label = n + 1; rows = []; queue = [root]; ignore = set()
    while queue:
        node = queue.pop(0)
        if node < n: continue
        a, b = children(node); queue += [a, b]
        if node in ignore: continue
        lam = 1.0 / z[node - n][2] if z[node - n][2] > 0 else np.inf
        ca, cb = count(a), count(b); p = relabel[node]
        if ca >= min_cluster_size and cb >= min_cluster_size:
            for c, s_ in ((a, ca), (b, cb)):
                relabel[c] = next_label; rows.append((p, next_label, lam, s_)); next_label += 1
        else:
            for c, s_ in ((a, ca), (b, cb)):
                if s_ >= min_cluster_size:
                    relabel[c] = p
                else:
                    for leaf in leaves(c): rows.append((p, leaf, lam, 1))
                    stack = [c]
                    while stack:
                        v = stack.pop(); ignore.add(v); stack.extend(children(v))
    clusters = sorted({r[1] for r in rows if r[1] >= n} | {n})
    birth = {n: 0.0}; birth.update({r[1]: r[2] for r in rows if r[1] >= n})
    parent_of = {r[1]: r[0] for r in rows if r[1] >= n}
    kids = {c: [r[1] for r in rows if r[0] == c and r[1] >= n] for c in clusters}
    stability = {c: 0.0 for c in clusters}
    for p, c, lam, s_ in rows: stability[p] += (lam - birth[p]) * s_
    selected = {c: True for c in clusters if c != n}
    for c in sorted(selected, reverse=True):
        subtree = float(np.float32(sum(stability[k] for k in kids[c])))
        if subtree > stability[c]:
            selected[c] = False; stability[c] = subtree
        else:
            stack = list(kids[c])
            while stack:
                v = stack.pop(); selected[v] = False; stack.extend(kids[v])
    chosen = sorted(c for c in selected if selected[c]); label_of = {c: i for i, c in enumerate(chosen)}
    def owner(c):
        while c != n and c not in label_of: c = parent_of[c]
        return c
    labels = np.full(n, -1); probs = np.zeros(n)
    direct_max = {c: max([r[2] for r in rows if r[0] == c], default=0.0) for c in clusters}
    for p, c, lam, s_ in rows:
        if c < n:
            o = owner(p)
            if o != n:
                labels[c] = label_of[o]; m = direct_max[o]
                probs[c] = 1.0 if m == 0 or np.isinf(lam) else min(lam, m) / m
    return labels, probs, core


def main():
    data = datasets()
    hdbscan_cases = []
    for name, min_pts in [("blobs_noise", 5), ("blobs_noise", 15), ("moons", 5), ("moons", 10), ("iris", 5), ("iris", 10)]:
        x = data[name]
        labels, outlier, core, prob, version = r_hdbscan(x, min_pts)
        hdbscan_cases.append({
            "name": f"{name}-minpts{min_pts}", "dataset": name, "min_pts": min_pts,
            "labels": labels.tolist(), "outlier_scores": outlier.tolist(), "core_distances": core.tolist(),
            "r_membership_prob": prob.tolist(),
        })
    # Dense transcription of the hdbscan library's semantics (its default core-distance convention), including a
    # harder set: the handwritten digits (1,797 x 64) reduced to 8 PCA components, with many small clusters.
    from sklearn.datasets import load_digits
    from sklearn.decomposition import PCA
    digits = PCA(n_components=8, random_state=0).fit_transform(load_digits().data)
    data["digits_pca8"] = digits.astype(np.float32).astype(np.float64)
    dense_cases = []
    for name, mcs, ms in [("blobs_noise", 5, 5), ("moons", 10, 5), ("iris", 5, 3), ("digits_pca8", 10, 10), ("digits_pca8", 5, 5)]:
        labels, probs, core = dense_hdbscan(data[name], mcs, ms)
        dense_cases.append({"name": f"{name}-mcs{mcs}-ms{ms}", "dataset": name, "min_cluster_size": mcs, "min_samples": ms,
                            "labels": labels.tolist(), "probabilities": probs.tolist(), "core_distances": core.tolist()})
    with open(os.path.join(HERE, "hdbscan_reference.json"), "w") as f:
        json.dump({"reference": f"R dbscan::hdbscan {version}", "datasets": {k: v.tolist() for k, v in data.items()},
                   "cases": hdbscan_cases, "dense_cases": dense_cases}, f)

    # Agglomerative: small sets so the O(n^2) SciPy reference is instant; ties unlikely (continuous data).
    agglomerative_cases = []
    small = {"blobs60": data["blobs_noise"][::4][:60], "iris_jitter": data["iris"] + np.random.RandomState(5).normal(0, 1e-3, data["iris"].shape)}
    small["iris_jitter"] = small["iris_jitter"].astype(np.float32).astype(np.float64)
    for name, x in small.items():
        for method in ["ward", "average", "complete", "single"]:
            z = linkage(x, method=method)
            cases = {}
            for k in [2, 3, 5]:
                cases[str(k)] = (fcluster(z, k, criterion="maxclust") - 1).tolist()
            agglomerative_cases.append({"dataset": name, "linkage": method, "heights": z[:, 2].tolist(),
                                        "sizes": z[:, 3].astype(int).tolist(), "labels": cases})
    with open(os.path.join(HERE, "agglomerative_reference.json"), "w") as f:
        import scipy
        json.dump({"reference": f"scipy {scipy.__version__} linkage/fcluster",
                   "datasets": {k: v.tolist() for k, v in small.items()}, "cases": agglomerative_cases}, f)


if __name__ == "__main__":
    main()
