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
    with open(os.path.join(HERE, "hdbscan_reference.json"), "w") as f:
        json.dump({"reference": f"R dbscan::hdbscan {version}", "datasets": {k: v.tolist() for k, v in data.items()},
                   "cases": hdbscan_cases}, f)

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
