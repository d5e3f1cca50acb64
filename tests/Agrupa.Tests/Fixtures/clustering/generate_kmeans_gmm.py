#!/usr/bin/python3
"""Reference values for Agrupa's k-means and Gaussian mixture tests, computed with Debian's scikit-learn.

Run with Debian's interpreter (python3-sklearn installed):  /usr/bin/python3 generate_kmeans_gmm.py
Writes kmeans_reference.json and gmm_reference.json beside this script.

Every data matrix is rounded to float32 first, so Agrupa (float32 features) and scikit-learn see the same numbers.
k-means starts from fixed initial centres (rows of the data, or a far-away point to force an empty-cluster
relocation), so the random seeding plays no part. The Gaussian mixtures start from the parameters that scikit-learn's
own k-means initialisation would compute from given labels (one-hot responsibilities -> _estimate_gaussian_parameters),
passed as weights_init / means_init / precisions_init; Agrupa gets the same labels as GaussianMixtureOptions.InitialLabels.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs
from sklearn.mixture import GaussianMixture
from sklearn.mixture._gaussian_mixture import _estimate_gaussian_parameters

HERE = os.path.dirname(os.path.abspath(__file__))


def f32(x):
    return np.asarray(x, dtype=np.float32)


def kmeans_case(name, X, init, sample_weight=None, tol=1e-4, max_iter=300):
    X = f32(X)
    init = f32(init)
    model = KMeans(n_clusters=init.shape[0], init=init, n_init=1, algorithm="lloyd", tol=tol, max_iter=max_iter)
    model.fit(X, sample_weight=sample_weight)
    return {
        "name": name,
        "rows": X.shape[0],
        "features": X.shape[1],
        "data": X.ravel().tolist(),
        "initial_centers": init.ravel().tolist(),
        "sample_weight": None if sample_weight is None else [float(w) for w in sample_weight],
        "tolerance": tol,
        "max_iterations": max_iter,
        "centers": model.cluster_centers_.astype(np.float64).ravel().tolist(),
        "labels": model.labels_.tolist(),
        "inertia": float(model.inertia_),
        "iterations": int(model.n_iter_),
    }


def gmm_case(name, X, labels, covariance_type):
    X = f32(X).astype(np.float64)
    n, k = X.shape[0], int(labels.max()) + 1
    resp = np.zeros((n, k))
    resp[np.arange(n), labels] = 1
    reg = 1e-6
    weights, means, covariances = _estimate_gaussian_parameters(X, resp, reg, covariance_type)
    weights /= n
    if covariance_type in ("full",):
        precisions = np.array([np.linalg.inv(c) for c in covariances])
    elif covariance_type == "tied":
        precisions = np.linalg.inv(covariances)
    else:
        precisions = 1.0 / covariances
    model = GaussianMixture(n_components=k, covariance_type=covariance_type, tol=1e-3, reg_covar=reg, max_iter=100,
                            weights_init=weights, means_init=means, precisions_init=precisions, random_state=0)
    model.fit(X)
    return {
        "name": name,
        "covariance": covariance_type,
        "rows": n,
        "features": X.shape[1],
        "components": k,
        "data": X.ravel().tolist(),
        "initial_labels": labels.tolist(),
        "lower_bound": float(model.lower_bound_),
        "iterations": int(model.n_iter_),
        "converged": bool(model.converged_),
        "score": float(model.score(X)),
        "bic": float(model.bic(X)),
        "aic": float(model.aic(X)),
        "labels": model.predict(X).tolist(),
        "weights": model.weights_.tolist(),
        "means": model.means_.ravel().tolist(),
        "probabilities_first_rows": model.predict_proba(X[:5]).ravel().tolist(),
    }


def main():
    kmeans_cases = []
    # Well separated blobs, centres started from four data rows.
    X, _ = make_blobs(n_samples=300, n_features=5, centers=4, cluster_std=1.0, random_state=1)
    X = f32(X)
    kmeans_cases.append(kmeans_case("blobs", X, X[[0, 1, 2, 3]]))
    # Overlapping blobs: many iterations; tolerance 0 makes only strict convergence stop the run.
    X, _ = make_blobs(n_samples=500, n_features=3, centers=5, cluster_std=2.5, random_state=7)
    X = f32(X)
    kmeans_cases.append(kmeans_case("overlapping", X, X[[10, 20, 30, 40, 50]], tol=0.0))
    # The same with sample weights.
    rng = np.random.RandomState(3)
    weights = rng.uniform(0.5, 2.0, size=X.shape[0]).astype(np.float32)
    kmeans_cases.append(kmeans_case("weighted", X, X[[10, 20, 30, 40, 50]], sample_weight=weights))
    # One initial centre far from all rows: its cluster is empty after the first assignment and is relocated.
    X, _ = make_blobs(n_samples=200, n_features=2, centers=3, cluster_std=0.8, random_state=11)
    X = f32(X)
    init = np.vstack([X[[0, 1]], [[100.0, 100.0]]])
    kmeans_cases.append(kmeans_case("empty-cluster", X, init))
    # Iteration cap: stopped after 2 iterations, labels from a final E-step.
    X, _ = make_blobs(n_samples=400, n_features=4, centers=6, cluster_std=3.0, random_state=5)
    X = f32(X)
    kmeans_cases.append(kmeans_case("max-iterations", X, X[[0, 1, 2, 3, 4, 5]], max_iter=2))

    gmm_cases = []
    rng = np.random.RandomState(0)
    X, _ = make_blobs(n_samples=400, n_features=3, centers=3, cluster_std=[1.0, 1.5, 0.7], random_state=2)
    X = X @ np.array([[1.0, 0.4, 0.0], [0.0, 1.0, 0.3], [0.2, 0.0, 1.0]])   # anisotropic
    X = f32(X)
    init_labels = KMeans(n_clusters=3, init=X[[0, 1, 2]], n_init=1).fit(X).labels_
    for covariance_type in ("full", "tied", "diag", "spherical"):
        gmm_cases.append(gmm_case("anisotropic-" + covariance_type, X, init_labels, covariance_type))
    # Overlapping components started from random labels: many EM iterations.
    X, _ = make_blobs(n_samples=300, n_features=2, centers=4, cluster_std=1.6, random_state=4)
    X = f32(X)
    random_labels = rng.randint(0, 4, size=X.shape[0])
    for covariance_type in ("full", "tied", "diag", "spherical"):
        gmm_cases.append(gmm_case("random-start-" + covariance_type, X, random_labels, covariance_type))

    header = {"generator": "generate_kmeans_gmm.py", "sklearn": sklearn.__version__, "numpy": np.__version__}
    with open(os.path.join(HERE, "kmeans_reference.json"), "w") as f:
        json.dump({**header, "cases": kmeans_cases}, f)
    with open(os.path.join(HERE, "gmm_reference.json"), "w") as f:
        json.dump({**header, "cases": gmm_cases}, f)


if __name__ == "__main__":
    main()
