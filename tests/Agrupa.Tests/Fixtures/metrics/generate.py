#!/usr/bin/python3
"""Reference values for Agrupa's evaluation metrics, computed with scikit-learn.

Run with Debian's interpreter and scikit-learn (apt-get install -y python3-sklearn):

    /usr/bin/python3 tests/Agrupa.Tests/Fixtures/metrics/generate.py

It writes metrics.json beside this script: label cases (truth, predicted, every label score) and feature cases
(float32 features, labels, silhouette / Calinski-Harabasz / Davies-Bouldin, and trustworthiness of an embedding).
Features are rounded to float32 before scoring, so the C# side (float32 input) sees exactly the same numbers.
"""
import json
import os
import sys

import numpy as np
import scipy
import sklearn
from scipy.optimize import linear_sum_assignment
from sklearn import metrics
from sklearn.datasets import make_blobs
from sklearn.decomposition import PCA
from sklearn.manifold import trustworthiness

AVERAGES = ["arithmetic", "geometric", "min", "max"]


def accuracy(t, p):
    c = metrics.cluster.contingency_matrix(t, p)
    rows, cols = linear_sum_assignment(c, maximize=True)
    return float(c[rows, cols].sum()) / len(t)


def purity(t, p):
    c = metrics.cluster.contingency_matrix(t, p)
    return float(c.max(axis=0).sum()) / len(t)


def label_scores(t, p):
    t = np.asarray(t)
    p = np.asarray(p)
    h, c, v = metrics.homogeneity_completeness_v_measure(t, p)
    return {
        "acc": accuracy(t, p),
        "purity": purity(t, p),
        "mi": float(metrics.mutual_info_score(t, p)),
        "nmi": {a: float(metrics.normalized_mutual_info_score(t, p, average_method=a)) for a in AVERAGES},
        "ami": {a: float(metrics.adjusted_mutual_info_score(t, p, average_method=a)) for a in AVERAGES},
        "ari": float(metrics.adjusted_rand_score(t, p)),
        "homogeneity": float(h),
        "completeness": float(c),
        "v_measure": float(v),
        "classes": int(len(np.unique(t))),
        "clusters": int(len(np.unique(p))),
    }


def label_case(name, t, p):
    t = [int(x) for x in t]
    p = [int(x) for x in p]
    case = {"name": name, "truth": t, "predicted": p, "scores": label_scores(t, p)}
    if -1 in p:
        keep = np.asarray(p) != -1
        case["noise_fraction"] = float(np.mean(~keep))
        case["scores_noise_excluded"] = label_scores(np.asarray(t)[keep], np.asarray(p)[keep])
    return case


def label_cases():
    rng = np.random.RandomState(20261125)
    cases = []
    cases.append(label_case("random 5 classes vs 7 clusters, n=100", rng.randint(0, 5, 100), rng.randint(0, 7, 100)))
    cases.append(label_case("random 10 vs 10, n=1000", rng.randint(0, 10, 1000), rng.randint(0, 10, 1000)))
    t = rng.randint(0, 6, 300)
    perm = rng.permutation(6) + 40
    cases.append(label_case("identical up to renaming", t, perm[t]))
    t = rng.randint(0, 4, 400)
    p = np.where(rng.rand(400) < 0.3, rng.randint(0, 4, 400), t)
    cases.append(label_case("30% relabelled, 4 classes", t, p))
    cases.append(label_case("one cluster", rng.randint(0, 3, 60), np.zeros(60, dtype=int)))
    cases.append(label_case("one class", np.zeros(60, dtype=int), rng.randint(0, 3, 60)))
    cases.append(label_case("one class and one cluster", np.full(25, 7), np.full(25, -3)))
    cases.append(label_case("all singletons predicted", rng.randint(0, 5, 50), np.arange(50)))
    cases.append(label_case("all singletons both", np.arange(40), rng.permutation(40)))
    cases.append(label_case("two points, different", [0, 1], [0, 0]))
    t = rng.randint(0, 10, 500)
    cases.append(label_case("10 classes, 3 clusters", t, t % 3))
    t = rng.randint(0, 3, 500)
    cases.append(label_case("3 classes, 12 clusters", t, t * 4 + rng.randint(0, 4, 500)))
    t = rng.randint(0, 5, 300)
    p = np.where(rng.rand(300) < 0.25, -1, np.where(rng.rand(300) < 0.2, rng.randint(0, 6, 300), t))
    cases.append(label_case("noise -1, 25% of points", t, p))
    t = rng.randint(0, 3, 80)
    p = np.where(rng.rand(80) < 0.6, -1, t)
    cases.append(label_case("noise -1, 60% of points", t, p))
    cases.append(label_case("sparse labels, large values", rng.choice([-1000000, 3, 17, 999999999], 200),
                            rng.choice([-2147483648, 0, 2147483647, 12345], 200)))
    cases.append(label_case("400 classes vs 600 clusters, n=1500", rng.randint(0, 400, 1500), rng.randint(0, 600, 1500)))
    t = rng.randint(0, 10, 70000)
    p = np.where(rng.rand(70000) < 0.4, rng.randint(0, 12, 70000), (t + 3) % 12)
    cases.append(label_case("70k labels, 10 classes, 12 clusters", t, p))
    return cases


def f32(x):
    return np.asarray(x, dtype=np.float32).astype(np.float64)


def feature_case(name, x, labels, embedding=None, neighbors=(5,)):
    x = f32(x)
    labels = np.asarray(labels, dtype=int)
    case = {
        "name": name,
        "rows": int(x.shape[0]),
        "columns": int(x.shape[1]),
        "features": [float("%.9g" % v) for v in x.ravel()],
        "labels": [int(v) for v in labels],
        "silhouette": float(metrics.silhouette_score(x, labels)),
        "silhouette_samples": [float(v) for v in metrics.silhouette_samples(x, labels)],
        "calinski_harabasz": float(metrics.calinski_harabasz_score(x, labels)),
        "davies_bouldin": float(metrics.davies_bouldin_score(x, labels)),
    }
    if embedding is not None:
        e = f32(embedding)
        case["embedding_columns"] = int(e.shape[1])
        case["embedding"] = [float("%.9g" % v) for v in e.ravel()]
        case["trustworthiness"] = {str(k): float(trustworthiness(x, e, n_neighbors=k)) for k in neighbors}
    return case


def feature_cases():
    rng = np.random.RandomState(7)
    cases = []
    x, y = make_blobs(n_samples=200, n_features=5, centers=4, cluster_std=1.5, random_state=3)
    e = PCA(n_components=2, random_state=0).fit_transform(f32(x))
    cases.append(feature_case("blobs 200x5, true labels", x, y, e, neighbors=(1, 5, 10)))
    cases.append(feature_case("blobs 200x5, random labels", x, rng.randint(0, 3, 200)))
    y2 = y.copy()
    y2[0] = 9  # a singleton cluster: its silhouette is 0
    cases.append(feature_case("blobs with a singleton cluster", x, y2))
    x = rng.rand(300, 40) * 255.0
    labels = rng.randint(0, 6, 300) * 10 - 1  # -1 is an ordinary label for these metrics
    e = rng.randn(300, 3)
    cases.append(feature_case("uniform 300x40 pixel scale, 6 labels", x, labels, e, neighbors=(5, 12)))
    x, y = make_blobs(n_samples=120, n_features=30, centers=2, cluster_std=0.2, random_state=11)
    e = PCA(n_components=2, random_state=0).fit_transform(f32(x))
    cases.append(feature_case("two tight blobs 120x30", x, y, e, neighbors=(5,)))
    x = np.repeat(rng.rand(4, 3), 10, axis=0)
    cases.append(feature_case("duplicate points, 4 groups of 10", x, np.repeat(np.arange(4), 10)))
    return cases


def main():
    data = {
        "generator": "tests/Agrupa.Tests/Fixtures/metrics/generate.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "label_cases": label_cases(),
        "feature_cases": feature_cases(),
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "metrics.json")
    with open(path, "w") as f:
        json.dump(data, f, separators=(",", ":"))
    print(f"wrote {path} ({os.path.getsize(path)} bytes) with sklearn {sklearn.__version__}", file=sys.stderr)


if __name__ == "__main__":
    main()
