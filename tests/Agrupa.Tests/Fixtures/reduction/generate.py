#!/usr/bin/python3
"""Reference values for tests/Agrupa.Tests/Reduction (PCA, UMAP stages, UMAP trustworthiness).

Run with Debian's interpreter (apt-get install python3-sklearn python3-umap-learn):
    /usr/bin/python3 tests/Agrupa.Tests/Fixtures/reduction/generate.py
Writes reduction.json beside this script. Data: a seeded synthetic matrix for PCA and the UCI digits
(/work/shared/data/digits/digits.csv, 1797 x 64, the rows scikit-learn's load_digits returns) for UMAP.
"""
import json, os, sys, warnings
import numpy as np
import sklearn
from sklearn.decomposition import PCA
from sklearn.manifold import trustworthiness
from sklearn.neighbors import NearestNeighbors
import umap
from umap.umap_ import find_ab_params, fuzzy_simplicial_set, smooth_knn_dist

warnings.filterwarnings("ignore")
here = os.path.dirname(os.path.abspath(__file__))
out = {"versions": {"sklearn": sklearn.__version__, "umap": umap.__version__, "numpy": np.__version__}}

# --- PCA: 200 x 12 with a decaying spectrum (clear gaps, so components are unique up to sign)
rng = np.random.RandomState(7)
basis = np.linalg.qr(rng.randn(12, 12))[0]
scales = np.array([9, 7, 5, 4, 3, 2.5, 2, 1.5, 1, 0.7, 0.5, 0.3])
x = (rng.randn(200, 12) * scales) @ basis.T + rng.randn(12) * 3
x = x.astype(np.float32)
pca = {}
for solver in ["full", "randomized"]:
    for whiten in [False, True]:
        p = PCA(n_components=4, svd_solver=solver, whiten=whiten, random_state=0).fit(x.astype(np.float64))
        comps = p.components_.copy()
        # svd_flip(u_based_decision=False): largest |loading| positive, as scikit-learn >= 1.5 and Agrupa
        for c in range(comps.shape[0]):
            if comps[c, np.argmax(np.abs(comps[c]))] < 0:
                comps[c] *= -1
        pca[f"{solver}_{'whiten' if whiten else 'plain'}"] = {
            "components": comps.ravel().tolist(),
            "explained_variance": p.explained_variance_.tolist(),
            "explained_variance_ratio": p.explained_variance_ratio_.tolist(),
            "singular_values": p.singular_values_.tolist(),
            "mean": p.mean_.tolist(),
            "transform_abs_first5": np.abs(p.transform(x.astype(np.float64)[:5])).ravel().tolist(),
        }
out["pca"] = {"rows": 200, "columns": 12, "components": 4, "x": x.ravel().tolist(), "results": pca}

# --- a, b
out["ab"] = [{"spread": s, "min_dist": m, "a": float(a), "b": float(b)}
             for s, m in [(1.0, 0.1), (1.0, 0.0), (1.0, 0.5), (2.0, 0.25)] for a, b in [find_ab_params(s, m)]]

# --- digits
raw = np.loadtxt("/work/shared/data/digits/digits.csv", delimiter=",", skiprows=1)
digits, labels = raw[:, :64].astype(np.float32), raw[:, 64].astype(int)
out["digits"] = {"rows": digits.shape[0], "columns": 64, "x": digits.astype(int).ravel().tolist(), "labels": labels.tolist()}

# --- fuzzy simplicial set stages on the first 300 digits, exact 15-NN (self first)
sub = digits[:300].astype(np.float64)
nn = NearestNeighbors(n_neighbors=15).fit(sub)
dist, ind = nn.kneighbors(sub)
sigmas, rhos = smooth_knn_dist(dist.astype(np.float32), 15.0)
graph, s2, r2, *_ = fuzzy_simplicial_set(sub, 15, 0, "euclidean", knn_indices=ind, knn_dists=dist.astype(np.float32))
graph = graph.tocoo()
out["fuzzy"] = {"rows": 300, "k": 15, "knn_indices": ind.ravel().tolist(), "knn_distances": dist.astype(np.float32).ravel().tolist(),
                "sigmas": sigmas.tolist(), "rhos": rhos.tolist(),
                "graph_rows": graph.row.tolist(), "graph_columns": graph.col.tolist(), "graph_values": graph.data.tolist()}

# --- umap-learn trustworthiness (k = 10) on all digits, several seeds
tw = []
for seed in [0, 1, 2]:
    emb = umap.UMAP(random_state=seed).fit_transform(digits)
    tw.append(float(trustworthiness(digits, emb, n_neighbors=10)))
out["umap_digits_trustworthiness"] = {"seeds": [0, 1, 2], "values": tw}

with open(os.path.join(here, "reduction.json"), "w") as f:
    json.dump(out, f, separators=(",", ":"))
print("trustworthiness", tw, file=sys.stderr)
