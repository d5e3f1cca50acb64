#!/usr/bin/python3
"""Agrupa's metrics against scikit-learn's, side by side on the same data and machine.

    bash bench/metrics/run.sh          # installs the peers, builds, runs this script

Data: Fashion-MNIST from Debian's dataset-fashion-mnist (pixels / 255); 10k test images for the silhouette and
trustworthiness, all 70k for the label metrics and Calinski-Harabasz / Davies-Bouldin. The 70k "predicted" labels
are the true ones shifted to 12 clusters with 40% of them replaced at random (seeded). Each timing is the best of
REPEATS runs after one warm-up; ratios are Agrupa time / scikit-learn time (below 1: Agrupa faster). CPU seconds
(all threads of the process, for the best run) are printed too: on a shared, overloaded machine they compare the work
done better than wall time does. ONLY=silhouette (a name prefix) runs a subset.
"""
import gzip
import os
import subprocess
import sys
import time

import numpy as np
import sklearn
from scipy.optimize import linear_sum_assignment
from sklearn import metrics
from sklearn.decomposition import PCA
from sklearn.manifold import trustworthiness

FOLDER = "/tmp/agrupa-bench-metrics"
MNIST = "/usr/share/datasets/fashion-mnist"
REPEATS = int(os.environ.get("REPEATS", "3"))
HERE = os.path.dirname(os.path.abspath(__file__))


def idx(name):
    with gzip.open(os.path.join(MNIST, name)) as f:
        data = f.read()
    if data[2] == 8 and data[3] == 3:
        return np.frombuffer(data, np.uint8, offset=16).reshape(-1, 784)
    return np.frombuffer(data, np.uint8, offset=8)


def prepare():
    os.makedirs(FOLDER, exist_ok=True)
    if os.path.exists(os.path.join(MNIST, "t10k-images-idx3-ubyte.gz")):
        test_x, test_y = idx("t10k-images-idx3-ubyte.gz"), idx("t10k-labels-idx1-ubyte.gz")
        train_x, train_y = idx("train-images-idx3-ubyte.gz"), idx("train-labels-idx1-ubyte.gz")
        source = "Fashion-MNIST"
    else:
        rng = np.random.RandomState(0)
        test_x, test_y = rng.randint(0, 256, (10000, 784)), rng.randint(0, 10, 10000)
        train_x, train_y = rng.randint(0, 256, (60000, 784)), rng.randint(0, 10, 60000)
        source = "random data of Fashion-MNIST's size (dataset-fashion-mnist not installed)"
    x10k = (test_x.astype(np.float32) / 255.0)
    y10k = test_y.astype(np.int32)
    x70k = np.vstack([train_x, test_x]).astype(np.float32) / 255.0
    truth = np.concatenate([train_y, test_y]).astype(np.int32)
    rng = np.random.RandomState(42)
    pred = np.where(rng.rand(len(truth)) < 0.4, rng.randint(0, 12, len(truth)), (truth + 3) % 12).astype(np.int32)
    emb = PCA(n_components=2, random_state=0).fit_transform(x10k[:5000]).astype(np.float32)
    for name, array in [("x10k.f32", x10k), ("labels10k.i32", y10k), ("x70k.f32", x70k), ("truth70k.i32", truth),
                        ("pred70k.i32", pred), ("embedding5k.f32", emb)]:
        array.tofile(os.path.join(FOLDER, name))
    return source, x10k, y10k, x70k, truth, pred, emb


def best(run):
    """Best wall time of REPEATS runs after a warm-up, the value, and the CPU time (all threads) of that best run."""
    value = run()
    runs = []
    for _ in range(REPEATS):
        start, cpu = time.perf_counter(), time.process_time()
        value = run()
        runs.append((time.perf_counter() - start, time.process_time() - cpu))
    wall, cpu = min(runs)
    return wall, float(value), cpu


def acc(t, p):
    c = metrics.cluster.contingency_matrix(t, p)
    r, k = linear_sum_assignment(c, maximize=True)
    return c[r, k].sum() / len(t)


def all_scores(t, p):
    acc(t, p)
    metrics.normalized_mutual_info_score(t, p)
    metrics.adjusted_rand_score(t, p)
    metrics.homogeneity_completeness_v_measure(t, p)
    c = metrics.cluster.contingency_matrix(t, p)
    c.max(axis=0).sum()
    return metrics.adjusted_mutual_info_score(t, p)


def main():
    source, x10k, y10k, x70k, truth, pred, emb = prepare()
    x10k64 = x10k.astype(np.float64)
    peers = {
        "acc_70k": lambda: acc(truth, pred),
        "nmi_70k": lambda: metrics.normalized_mutual_info_score(truth, pred),
        "ami_70k": lambda: metrics.adjusted_mutual_info_score(truth, pred),
        "ari_70k": lambda: metrics.adjusted_rand_score(truth, pred),
        "vmeasure_70k": lambda: metrics.v_measure_score(truth, pred),
        "all_label_scores_70k": lambda: all_scores(truth, pred),
        "silhouette_10k": lambda: metrics.silhouette_score(x10k, y10k),
        "calinski_harabasz_70k": lambda: metrics.calinski_harabasz_score(x70k, pred),
        "davies_bouldin_70k": lambda: metrics.davies_bouldin_score(x70k, pred),
        "trustworthiness_5k": lambda: trustworthiness(x10k64[:5000], emb.astype(np.float64), n_neighbors=5),
    }
    only = os.environ.get("ONLY")
    peers = {name: run for name, run in peers.items() if not only or name.startswith(only)}
    sk = {name: best(run) for name, run in peers.items()}
    dll = os.path.join(HERE, "MetricsBench", "bin", "Release", "net10.0", "linux-x64", "MetricsBench.dll")
    out = subprocess.run(["dotnet", dll, FOLDER, str(REPEATS)], check=True, capture_output=True, text=True,
                         env=dict(os.environ, DOTNET_gcServer="0")).stdout
    ours = {}
    for line in out.splitlines():
        name, seconds, value, cpu = line.split()
        ours[name] = (float(seconds), float(value), float(cpu))
    centered = x10k64 - x10k64.mean(axis=0)
    tightest = min(2 * centered[y10k == c].var(axis=0).sum() for c in np.unique(y10k))
    print(f"silhouette condition estimate (Agrupa's Auto picks float32 when <= 4): {(centered ** 2).sum(axis=1).mean() / tightest:.2f}")
    print(f"data: {source}; scikit-learn {sklearn.__version__}, numpy {np.__version__}; best of {REPEATS} after a warm-up; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'metric':24} {'sklearn s':>10} {'Agrupa s':>10} {'ratio':>6} {'sk CPU s':>9} {'Ag CPU s':>9} {'ratio':>6}  {'value (sklearn)':>18} {'|difference|':>12}")
    # Agrupa's explicit-precision silhouettes are compared with the same scikit-learn run.
    for variant in ("silhouette_10k_float64", "silhouette_10k_float32"):
        if variant in ours and "silhouette_10k" in sk:
            sk[variant] = sk["silhouette_10k"]
    for name, (seconds, value, cpu) in sk.items():
        ours_seconds, ours_value, ours_cpu = ours[name]
        print(f"{name:24} {seconds:10.4f} {ours_seconds:10.4f} {ours_seconds / seconds:6.2f} {cpu:9.3f} {ours_cpu:9.3f} "
              f"{ours_cpu / max(cpu, 1e-9):6.2f}  {value:18.10g} {abs(value - ours_value):12.2e}")
    # On float32 input scikit-learn's Calinski-Harabasz and Davies-Bouldin keep float32 means and distances; Agrupa
    # works in float64. Their float64 values (untimed) show which side the differences above come from.
    x70k64 = None
    for name, score in (("calinski_harabasz_70k", metrics.calinski_harabasz_score), ("davies_bouldin_70k", metrics.davies_bouldin_score)):
        if name in ours:
            x70k64 = x70k.astype(np.float64) if x70k64 is None else x70k64
            exact = score(x70k64, pred)
            print(f"{name}: scikit-learn on float64 input {exact:.10g}, |Agrupa - it| = {abs(exact - ours[name][1]):.2e}")


if __name__ == "__main__":
    sys.exit(main())
