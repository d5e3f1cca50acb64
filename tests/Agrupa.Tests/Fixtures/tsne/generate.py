#!/usr/bin/python3
"""Fixtures for Agrupa's t-SNE tests, from scikit-learn (Debian python3-sklearn).

Run: /usr/bin/python3 tests/Agrupa.Tests/Fixtures/tsne/generate.py   (apt-get install -y python3-sklearn)
Writes affinities.json (a small P matrix from sklearn's _joint_probabilities_nn) and digits.json (the 1,797 digits,
sklearn's Barnes-Hut t-SNE embedding of them, its KL divergence and trustworthiness).
"""
import json
import os
import time

import numpy as np
import sklearn
from sklearn.datasets import load_digits
from sklearn.manifold import TSNE, trustworthiness
from sklearn.manifold._t_sne import _joint_probabilities_nn
from sklearn.neighbors import NearestNeighbors

HERE = os.path.dirname(os.path.abspath(__file__))


def affinities():
    rng = np.random.RandomState(0)
    centres = rng.normal(scale=4.0, size=(3, 6))
    x = (centres[rng.randint(0, 3, size=150)] + rng.normal(size=(150, 6))).astype(np.float32)
    perplexity = 10.0
    k = int(3 * perplexity)  # Agrupa's (and openTSNE's) neighbour count
    graph = NearestNeighbors(n_neighbors=k).fit(x).kneighbors_graph(mode="distance")
    graph.data **= 2  # sklearn's TSNE squares the euclidean distances before the binary search
    p = _joint_probabilities_nn(graph, perplexity, 0).tocoo()
    return {
        "sklearn": sklearn.__version__,
        "perplexity": perplexity,
        "neighbors": k,
        "features": 6,
        "data": [float(v) for v in x.ravel()],
        "rows": p.row.tolist(),
        "columns": p.col.tolist(),
        "values": p.data.tolist(),
    }


def digits():
    x, y = load_digits(return_X_y=True)
    x = x.astype(np.float32)
    start = time.perf_counter()
    tsne = TSNE(n_components=2, perplexity=30.0, init="pca", learning_rate="auto", method="barnes_hut",
                angle=0.5, n_iter=1000, random_state=0)
    embedding = tsne.fit_transform(x)
    seconds = time.perf_counter() - start
    return {
        "sklearn": sklearn.__version__,
        "perplexity": 30.0,
        "iterations": 1000,
        "seconds": round(seconds, 2),
        "features": 64,
        "data": [int(v) for v in x.ravel()],
        "labels": y.tolist(),
        "embedding": [round(float(v), 5) for v in embedding.ravel()],
        "kl_divergence": float(tsne.kl_divergence_),
        "trustworthiness10": float(trustworthiness(x, embedding, n_neighbors=10)),
    }


def main():
    for name, make in (("affinities.json", affinities), ("digits.json", digits)):
        with open(os.path.join(HERE, name), "w") as f:
            json.dump(make(), f, separators=(",", ":"))
            f.write("\n")


if __name__ == "__main__":
    main()
