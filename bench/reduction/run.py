#!/usr/bin/python3
"""Side-by-side benchmark: Agrupa vs scikit-learn / pynndescent / umap-learn on Fashion-MNIST 70k (pixels / 255).

    apt-get install -y python3-sklearn python3-umap-learn libopenblas0-pthread dataset-fashion-mnist
    dotnet build -c Release bench/reduction
    nice /usr/bin/python3 bench/reduction/run.py [--seeds 0 1 2] [--skip-peers] [--skip-ours] [--n 70000]

Prints one JSON line per measurement: wall seconds and process CPU seconds (all threads). Times exclude data loading; the peers'
numba JIT is warmed up on a 2,000-row subset first and not counted. Thread count: all cores for both sides.
"""
import argparse, gzip, json, os, resource, subprocess, sys, time
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OURS = os.path.join(HERE, "bin", "Release", "net10.0", "linux-x64", "ReductionBench")
FOLDER = "/usr/share/datasets/fashion-mnist"


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def fashion(n):
    x = np.concatenate([idx(f"{FOLDER}/train-images-idx3-ubyte.gz"), idx(f"{FOLDER}/t10k-images-idx3-ubyte.gz")]).reshape(-1, 784)
    y = np.concatenate([idx(f"{FOLDER}/train-labels-idx1-ubyte.gz"), idx(f"{FOLDER}/t10k-labels-idx1-ubyte.gz")])
    assert n >= len(y), "the peers run on the full 70k set"
    return (x / 255.0).astype(np.float32), y


def emit(record):
    print(json.dumps(record), flush=True)
    return record


def ours(*args):
    out = subprocess.run([OURS, *map(str, args)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def nmi_of(embedding, y, seeds):
    from sklearn.cluster import KMeans
    from sklearn.metrics import normalized_mutual_info_score
    return [float(normalized_mutual_info_score(y, KMeans(10, n_init=10, random_state=s).fit_predict(embedding))) for s in seeds]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    p.add_argument("--n", type=int, default=70000)
    p.add_argument("--skip-peers", action="store_true")
    p.add_argument("--skip-ours", action="store_true")
    a = p.parse_args()
    x, y = fashion(a.n)
    n = len(y)
    results = []
    queries = np.linspace(0, n, 2000, endpoint=False).astype(int)
    from sklearn.neighbors import NearestNeighbors
    truth = NearestNeighbors(n_neighbors=15, algorithm="brute").fit(x).kneighbors(x[queries], return_distance=False)

    if not a.skip_peers:
        from sklearn.decomposition import PCA
        t, c = time.time(), time.process_time(); PCA(50, random_state=0).fit_transform(x)
        results.append(emit({"peer": "sklearn PCA(50)", "seconds": time.time() - t, "cpu_seconds": time.process_time() - c}))
        import pynndescent, umap
        pynndescent.NNDescent(x[:2000], n_neighbors=15, random_state=0)          # JIT warm-up
        t, c = time.time(), time.process_time()
        index = pynndescent.NNDescent(x, n_neighbors=15, n_trees=min(64, 5 + int(round(n ** 0.5 / 20))),
                                      n_iters=max(5, int(round(np.log2(n)))), max_candidates=60, random_state=0)
        knn = index.neighbor_graph[0]
        seconds, cpu = time.time() - t, time.process_time() - c
        recall = np.mean([len(set(knn[q]) & set(truth[i])) / 15 for i, q in enumerate(queries)])
        results.append(emit({"peer": "pynndescent k=15", "seconds": seconds, "cpu_seconds": cpu, "recall": float(recall)}))
        umap.UMAP().fit_transform(x[:2000])                                          # JIT warm-up
        t, c = time.time(), time.process_time(); e = umap.UMAP().fit_transform(x); seconds, cpu = time.time() - t, time.process_time() - c
        results.append(emit({"peer": "umap-learn 2-D (parallel, no random_state)", "seconds": seconds, "cpu_seconds": cpu,
                             "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                             "kmeans_nmi": nmi_of(e, y, a.seeds)}))

    if not a.skip_ours:
        results.append(emit({"ours": "PCA(50)", **ours("pca", "--n", n)}))
        results.append(emit({"ours": "NN-descent k=15", **ours("knn", "--n", n)}))
        for seed in a.seeds:
            path = f"/tmp/agrupa-umap-{seed}.f32"
            r = ours("umap", "--n", n, "--seed", seed, "--out", path)
            e = np.fromfile(path, dtype=np.float32).reshape(n, 2)
            labels = np.fromfile(path + ".labels", dtype=np.uint8)
            r["kmeans_nmi"] = nmi_of(e, labels, a.seeds)
            results.append(emit({"ours": f"UMAP 2-D seed {seed}", **r}))
    print("done; compare figures only within one invocation (same machine state)", file=sys.stderr)


if __name__ == "__main__":
    main()
