#!/usr/bin/python3
"""Peers for the t-SNE bench: prepares Fashion-MNIST PCA-50 matrices and times scikit-learn's Barnes-Hut t-SNE.

  peers.py prepare OUTDIR          writes fmnist10k_pca50.f32 (the 10,000 test images) and fmnist70k_pca50.f32 (all 70,000)
  peers.py sklearn OUTDIR ROWS     runs sklearn.manifold.TSNE (defaults: Barnes-Hut, 1000 iterations, perplexity 30,
                                   PCA init, learning_rate='auto') and prints one JSON line; saves the embedding
  peers.py opentsne OUTDIR ROWS    the same with openTSNE, when importable
Pixels are scaled to [0, 1]; PCA (sklearn, seed 0) is fitted on the rows used. Both implementations read the same matrix.
"""
import gzip
import json
import os
import sys
import time

import numpy as np

FASHION = "/usr/share/datasets/fashion-mnist"


def idx_images(name):
    with gzip.open(os.path.join(FASHION, name)) as f:
        data = f.read()
    count, rows, cols = (int.from_bytes(data[i:i + 4], "big") for i in (4, 8, 12))
    return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(count, rows * cols).astype(np.float32) / 255


def prepare(out):
    from sklearn.decomposition import PCA
    os.makedirs(out, exist_ok=True)
    test = idx_images("t10k-images-idx3-ubyte.gz")
    train = idx_images("train-images-idx3-ubyte.gz")
    for name, x in (("fmnist10k", test), ("fmnist70k", np.vstack([train, test]))):
        reduced = PCA(n_components=50, random_state=0).fit_transform(x).astype(np.float32)
        reduced.tofile(os.path.join(out, f"{name}_pca50.f32"))


def matrix(out, rows):
    name = "fmnist10k" if rows == 10000 else "fmnist70k"
    return np.fromfile(os.path.join(out, f"{name}_pca50.f32"), dtype=np.float32).reshape(rows, 50), name


def run_sklearn(out, rows):
    import sklearn
    from sklearn.manifold import TSNE
    x, name = matrix(out, rows)
    start = time.perf_counter()
    tsne = TSNE(n_components=2, perplexity=30.0, init="pca", learning_rate="auto", random_state=0)
    y = tsne.fit_transform(x)
    seconds = time.perf_counter() - start
    y.astype(np.float32).tofile(os.path.join(out, f"{name}_pca50.sklearn.f32"))
    print(json.dumps({"implementation": f"sklearn {sklearn.__version__}", "method": "barnes_hut", "rows": rows,
                      "iterations": 1000, "seconds": round(seconds, 2), "kl_reported": round(float(tsne.kl_divergence_), 4)}))


def run_opentsne(out, rows):
    try:
        import openTSNE
    except ImportError:
        print(json.dumps({"implementation": "openTSNE", "skipped": "not installed (no Debian package python3-opentsne)"}))
        return
    x, name = matrix(out, rows)
    start = time.perf_counter()
    embedding = openTSNE.TSNE(n_jobs=os.cpu_count(), random_state=0).fit(x)
    seconds = time.perf_counter() - start
    np.asarray(embedding, dtype=np.float32).tofile(os.path.join(out, f"{name}_pca50.opentsne.f32"))
    print(json.dumps({"implementation": f"openTSNE {openTSNE.__version__}", "rows": rows, "iterations": 750,
                      "seconds": round(seconds, 2), "kl_reported": round(float(embedding.kl_divergence), 4)}))


if __name__ == "__main__":
    command, out = sys.argv[1], sys.argv[2]
    if command == "prepare":
        prepare(out)
    elif command == "sklearn":
        run_sklearn(out, int(sys.argv[3]))
    elif command == "opentsne":
        run_opentsne(out, int(sys.argv[3]))
    else:
        raise SystemExit(f"unknown command {command}")
