#!/usr/bin/python3
"""Fashion-MNIST (70,000 images, /255) reduced to PCA-2, PCA-10 (and UMAP-2 when umap-learn is installed), written as
raw little-endian float32 row-major files <name>.f32 with a <name>.json header {rows, cols}, plus labels.i32.
Usage: make_embeddings.py OUTDIR [--umap]"""
import gzip
import json
import os
import sys

import numpy as np
from sklearn.decomposition import PCA

SOURCE = "/usr/share/datasets/fashion-mnist"


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def write(out, name, x):
    x = np.ascontiguousarray(x, dtype=np.float32)
    x.tofile(os.path.join(out, name + ".f32"))
    with open(os.path.join(out, name + ".json"), "w") as f:
        json.dump({"rows": x.shape[0], "cols": x.shape[1]}, f)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    images = np.concatenate([idx(f"{SOURCE}/train-images-idx3-ubyte.gz"), idx(f"{SOURCE}/t10k-images-idx3-ubyte.gz")])
    labels = np.concatenate([idx(f"{SOURCE}/train-labels-idx1-ubyte.gz"), idx(f"{SOURCE}/t10k-labels-idx1-ubyte.gz")])
    x = images.reshape(len(images), -1).astype(np.float32) / 255.0
    labels.astype(np.int32).tofile(os.path.join(out, "labels.i32"))
    pca = PCA(n_components=10, random_state=0).fit_transform(x)
    write(out, "fmnist_pca10", pca)
    write(out, "fmnist_pca2", pca[:, :2])
    if "--umap" in sys.argv:
        import umap
        write(out, "fmnist_umap2", umap.UMAP(n_components=2, random_state=42).fit_transform(x))


if __name__ == "__main__":
    main()
