#!/usr/bin/python3
"""scikit-learn side of bench/clustering/run.sh (Debian's python3-sklearn, OpenBLAS pthread).

  peer_sklearn.py kmeans DIR SEED LABELS_OUT        KMeans(n_clusters=10, n_init=1) on Fashion-MNIST 70k x 784 float32
  peer_sklearn.py minibatch DIR SEED LABELS_OUT    MiniBatchKMeans(n_clusters=10, n_init=1, batch_size=1024) on the same data
  peer_sklearn.py pca    DIR OUT.f32                 PCA-10 embedding of Fashion-MNIST (float32, row-major) for the GMM runs
  peer_sklearn.py gmm    F32 ROWS COLS SEED LABELS_OUT  GaussianMixture(10, covariance_type='full') on the embedding
  peer_sklearn.py nmi    DIR LABELS...              NMI / ARI of label files against the Fashion-MNIST classes
Each timing mode prints one JSON line.
"""
import gzip
import json
import sys
import time

import numpy as np


def fashion(directory):
    def images(name):
        with gzip.open(f"{directory}/{name}", "rb") as f:
            return np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 784)

    def labels(name):
        with gzip.open(f"{directory}/{name}", "rb") as f:
            return np.frombuffer(f.read(), np.uint8, offset=8)

    x = np.vstack([images("train-images-idx3-ubyte.gz"), images("t10k-images-idx3-ubyte.gz")]).astype(np.float32) / 255.0
    y = np.concatenate([labels("train-labels-idx1-ubyte.gz"), labels("t10k-labels-idx1-ubyte.gz")])
    return np.ascontiguousarray(x), y


def blas_info():
    try:
        from threadpoolctl import threadpool_info
        return [{k: i.get(k) for k in ("internal_api", "num_threads", "architecture", "version")} for i in threadpool_info()]
    except Exception as error:  # threadpoolctl missing: say so rather than fail
        return str(error)


def main():
    mode = sys.argv[1]
    if mode == "kmeans":
        from sklearn.cluster import KMeans
        x, _ = fashion(sys.argv[2])
        seed = int(sys.argv[3])
        cpu, start = time.process_time(), time.perf_counter()
        model = KMeans(n_clusters=10, n_init=1, random_state=seed, algorithm="lloyd").fit(x)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        np.savetxt(sys.argv[4], model.labels_, fmt="%d")
        print(json.dumps({"method": "sklearn-kmeans", "seconds": seconds, "cpu_seconds": cpu, "iterations": int(model.n_iter_),
                          "ms_per_iteration": 1000 * seconds / model.n_iter_, "inertia": float(model.inertia_), "blas": blas_info()}))
    elif mode == "kmeans-init":
        # The same start for both sides: scikit-learn's k-means++ centres, then one Lloyd run each (timed apart).
        from sklearn.cluster import KMeans, kmeans_plusplus
        x, _ = fashion(sys.argv[2])
        seed = int(sys.argv[3])
        cpu, start = time.process_time(), time.perf_counter()
        centers, _ = kmeans_plusplus(x - x.mean(axis=0), 10, random_state=seed)
        seeding = time.perf_counter() - start
        centers = centers + x.mean(axis=0)
        centers.astype(np.float32).tofile(sys.argv[4])
        start = time.perf_counter()
        model = KMeans(n_clusters=10, init=centers, n_init=1, algorithm="lloyd").fit(x)
        seconds = time.perf_counter() - start
        cpu = time.process_time() - cpu
        np.savetxt(sys.argv[5], model.labels_, fmt="%d")
        print(json.dumps({"method": "sklearn-lloyd-from-init", "seeding_seconds": seeding, "lloyd_seconds": seconds, "cpu_seconds": cpu,
                          "iterations": int(model.n_iter_), "ms_per_iteration": 1000 * seconds / model.n_iter_, "inertia": float(model.inertia_)}))
    elif mode == "minibatch":
        from sklearn.cluster import MiniBatchKMeans
        x, _ = fashion(sys.argv[2])
        seed = int(sys.argv[3])
        cpu, start = time.process_time(), time.perf_counter()
        model = MiniBatchKMeans(n_clusters=10, n_init=1, batch_size=1024, random_state=seed).fit(x)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        np.savetxt(sys.argv[4], model.labels_, fmt="%d")
        print(json.dumps({"method": "sklearn-minibatch-kmeans", "seconds": seconds, "cpu_seconds": cpu, "passes": int(model.n_iter_),
                          "steps": int(model.n_steps_), "inertia": float(model.inertia_)}))
    elif mode == "pca":
        from sklearn.decomposition import PCA
        x, _ = fashion(sys.argv[2])
        PCA(n_components=10, random_state=0).fit_transform(x).astype(np.float32).tofile(sys.argv[3])
    elif mode == "gmm":
        from sklearn.mixture import GaussianMixture
        rows, cols, seed = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
        x = np.fromfile(sys.argv[2], dtype=np.float32).reshape(rows, cols).astype(np.float64)
        cpu, start = time.process_time(), time.perf_counter()
        model = GaussianMixture(n_components=10, covariance_type="full", random_state=seed).fit(x)
        labels = model.predict(x)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        np.savetxt(sys.argv[6], labels, fmt="%d")
        print(json.dumps({"method": "sklearn-gmm-full", "seconds": seconds, "cpu_seconds": cpu, "iterations": int(model.n_iter_),
                          "converged": bool(model.converged_), "lower_bound": float(model.lower_bound_)}))
    elif mode == "nmi":
        from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
        _, y = fashion(sys.argv[2])
        for path in sys.argv[3:]:
            labels = np.loadtxt(path, dtype=int)
            print(json.dumps({"labels": path, "nmi": normalized_mutual_info_score(y, labels), "ari": adjusted_rand_score(y, labels)}))


if __name__ == "__main__":
    main()
