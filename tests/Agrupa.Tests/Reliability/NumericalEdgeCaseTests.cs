using Agrupa.Clustering;
using Agrupa.Data;
using Agrupa.DeepClustering;
using Agrupa.Neural;
using Agrupa.Reduction;
using Xunit.Abstractions;

namespace Agrupa.Tests.Reliability;

/// <summary>
/// Every estimator on degenerate data: constant features, duplicate rows, more clusters than distinct points or rows,
/// a single row, NaN and ±∞. Each case must end in a defined result (labels in range, confidences in [0, 1], a finite
/// embedding of the right shape) or an <see cref="ArgumentException"/> whose message names the problem — never NaN
/// output, another exception type, or a hang. The expected outcome of each pair is written out (docs/reliability.md
/// holds the same table), so a change in behaviour fails here rather than passing silently.
/// </summary>
public sealed class NumericalEdgeCaseTests(ITestOutputHelper log)
{
    /// <summary>The degenerate inputs: name, data, and the number of clusters (or output dimensions) asked for.</summary>
    private static (Dataset Data, int K) Input(string name) => name switch
    {
        "constant" => (Make(12, 4, (_, _) => 0.5f), 2),
        "one-constant-column" => (Make(30, 4, (i, j) => j == 2 ? 3f : Blob(i, j)), 3),
        "identical-rows" => (Make(12, 4, (_, j) => j + 1f), 2),
        "many-duplicates" => (Make(30, 4, (i, j) => (i % 3) * 5f + j), 3),
        "k-above-distinct" => (Make(12, 4, (i, j) => (i % 2) * 5f + j), 3),
        "k-above-n" => (Make(5, 8, Blob), 6),
        "one-row" => (Make(1, 4, (_, j) => j), 1),
        "nan" => (Make(20, 4, (i, j) => i == 7 && j == 1 ? float.NaN : Blob(i, j)), 2),
        "infinity" => (Make(20, 4, (i, j) => i == 3 && j == 0 ? float.PositiveInfinity : Blob(i, j)), 2),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    public static readonly string[] Inputs =
        ["constant", "one-constant-column", "identical-rows", "many-duplicates", "k-above-distinct", "k-above-n", "one-row", "nan", "infinity"];

    /// <summary>Every estimator, built with tiny settings for <c>k</c> clusters (or output dimensions).</summary>
    private static object Estimator(string name, int k) => name switch
    {
        "kmeans" => new KMeans(new KMeansOptions { Clusters = k, Seed = 1 }),
        "minibatch-kmeans" => new MiniBatchKMeans(new MiniBatchKMeansOptions { Clusters = k, BatchSize = 8, Seed = 1 }),
        "gmm-full" => new GaussianMixture(new GaussianMixtureOptions { Components = k, Covariance = CovarianceType.Full, Seed = 1 }),
        "gmm-tied" => new GaussianMixture(new GaussianMixtureOptions { Components = k, Covariance = CovarianceType.Tied, Seed = 1 }),
        "gmm-diagonal" => new GaussianMixture(new GaussianMixtureOptions { Components = k, Covariance = CovarianceType.Diagonal, Seed = 1 }),
        "gmm-spherical" => new GaussianMixture(new GaussianMixtureOptions { Components = k, Covariance = CovarianceType.Spherical, Seed = 1 }),
        "hdbscan" => new Hdbscan(new HdbscanOptions { MinClusterSize = 3 }),
        "agglomerative-ward" => new Agglomerative(new AgglomerativeOptions { Clusters = k, Linkage = AgglomerativeLinkage.Ward }),
        "agglomerative-average" => new Agglomerative(new AgglomerativeOptions { Clusters = k, Linkage = AgglomerativeLinkage.Average }),
        "agglomerative-complete" => new Agglomerative(new AgglomerativeOptions { Clusters = k, Linkage = AgglomerativeLinkage.Complete }),
        "agglomerative-single" => new Agglomerative(new AgglomerativeOptions { Clusters = k, Linkage = AgglomerativeLinkage.Single }),
        "agglomerative-knn" => new Agglomerative(new AgglomerativeOptions { Clusters = k, ConnectivityNeighbors = 3 }),
        "pca" => new Pca(new PcaOptions { Components = k, Seed = 1 }),
        "umap" => new Umap(new UmapOptions { Dimensions = k, NeighborCount = 4, Epochs = 30, Seed = 1 }),
        "tsne" => new Tsne(new TsneOptions { Dimensions = Math.Min(k, 3), Perplexity = 3, Iterations = 260, EarlyExaggerationIterations = 100, Seed = 1 }),
        "autoencoder" => new AutoencoderReducer(new AutoencoderReducerOptions { EmbeddingSize = k, Network = null, Training = Training, Seed = 1 }),
        "dec" => new Dec(new DecOptions { Clusters = k, HiddenSizes = Hidden, EmbeddingSize = 2, Pretraining = Training, BatchSize = 8, MaxIterations = 6, UpdateInterval = 3, KMeansRestarts = 1, Seed = 1 }),
        "dcn" => new Dcn(new DcnOptions { Clusters = k, HiddenSizes = Hidden, EmbeddingSize = 2, Pretraining = Training, Epochs = 2, BatchSize = 8, InitialCount = 2, KMeansRestarts = 1, Seed = 1 }),
        "deep-kmeans" => new DeepKMeans(new DeepKMeansOptions { Clusters = k, HiddenSizes = Hidden, EmbeddingSize = 2, AlphaSteps = 2, EpochsPerAlpha = 1, BatchSize = 8, KMeansRestarts = 1, Seed = 1 }),
        "vade" => new Vade(new VadeOptions { Clusters = k, Reconstruction = ReconstructionDistribution.Gaussian, HiddenSizes = Hidden, LatentSize = 2, Pretraining = Training, Epochs = 2, BatchSize = 8, Seed = 1 }),
        "n2d" => new N2d(new N2dOptions { Clusters = k, HiddenSizes = Hidden, Pretraining = Training, UmapNeighbors = 4, UmapDimensions = 2, Seed = 1 }),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static readonly int[] Hidden = [8, 8];
    private static readonly TrainerOptions Training = new() { Epochs = 2, BatchSize = 8 };

    public static readonly string[] Estimators =
    [
        "kmeans", "minibatch-kmeans", "gmm-full", "gmm-tied", "gmm-diagonal", "gmm-spherical", "hdbscan",
        "agglomerative-ward", "agglomerative-average", "agglomerative-complete", "agglomerative-single", "agglomerative-knn",
        "pca", "umap", "tsne", "autoencoder", "dec", "dcn", "deep-kmeans", "vade", "n2d",
    ];

    public static TheoryData<string> EstimatorNames()
    {
        var data = new TheoryData<string>();
        foreach (string estimator in Estimators) data.Add(estimator);
        return data;
    }

    /// <summary>One theory row per estimator; all degenerate inputs run inside it (keeps the test list short).</summary>
    [Theory]
    [MemberData(nameof(EstimatorNames))]
    public async Task DegenerateInputGivesADefinedResultOrAClearError(string estimator)
    {
        var failures = new List<string>();
        foreach (string input in Inputs)
        {
            var (data, k) = Input(input);
            string outcome;
            try
            {
                outcome = await Task.Run(() => Run(estimator, data, k)).WaitAsync(TimeSpan.FromSeconds(60));
            }
            catch (TimeoutException)
            {
                outcome = "hang (no result after 60 s)";
            }
            string expected = Expected(estimator, input);
            log.WriteLine($"{estimator} / {input}: {outcome}");
            if (!Matches(outcome, expected)) failures.Add($"{input}: expected {expected}, got {outcome}");
        }
        Assert.True(failures.Count == 0, $"{estimator}:\n" + string.Join("\n", failures));
    }

    /// <summary>
    /// A fitted clusterer's <c>Predict</c> (and a reducer's <c>Transform</c>) on new rows holding NaN or ±∞: an
    /// <see cref="ArgumentException"/> naming the problem, or (for methods without out-of-sample rules)
    /// <see cref="NotSupportedException"/> — never NaN confidences or embeddings.
    /// </summary>
    [Theory]
    [MemberData(nameof(EstimatorNames))]
    public async Task PredictingNonFiniteRowsIsAClearError(string estimator)
    {
        var (train, k) = Input("one-constant-column");
        string outcome = await Task.Run(() => PredictOutcome(estimator, train, k)).WaitAsync(TimeSpan.FromSeconds(60));
        log.WriteLine($"{estimator} / predict-nan: {outcome}");
        Assert.True(outcome is "refused" or "unsupported", $"{estimator}: {outcome}");
    }

    private static string PredictOutcome(string estimator, Dataset train, int k)
    {
        var (bad, _) = Input("nan");
        bad = new Dataset("bad", bad.Features.ToArray(), bad.FeatureCount);
        object instance = Estimator(estimator, k);
        IDisposable? owned = null;
        try
        {
            switch (instance)
            {
                case IClusterer clusterer:
                {
                    IClusteringModel model = clusterer.Fit(train);
                    owned = model as IDisposable;
                    ClusterAssignment predicted = model.Predict(bad);
                    return predicted.Confidence.Any(c => !(c >= 0 && c <= 1)) ? "NaN confidence" : "accepted NaN rows";
                }
                case IReducer reducer:
                {
                    IReductionModel model = reducer.Fit(train);
                    owned = model as IDisposable;
                    Dataset embedding = model.Transform(bad);
                    return embedding.Features.ToArray().Any(v => !float.IsFinite(v)) ? "non-finite embedding" : "accepted NaN rows";
                }
                default: return "not an estimator";
            }
        }
        catch (ArgumentException error) when (error.Message.Contains("finite", StringComparison.OrdinalIgnoreCase)) { return "refused"; }
        catch (NotSupportedException) { return "unsupported"; }
        catch (Exception other) { return $"{other.GetType().Name}: {other.Message}"; }
        finally { owned?.Dispose(); }
    }

    /// <summary>Fits and classifies the outcome: "ok", "error: message" (ArgumentException) or a description of what went wrong.</summary>
    private static string Run(string estimator, Dataset data, int k)
    {
        try
        {
            object instance;
            try { instance = Estimator(estimator, k); }
            catch (ArgumentException construction) { return "error: " + construction.Message; }
            switch (instance)
            {
                case IClusterer clusterer:
                {
                    IClusteringModel model = clusterer.Fit(data);
                    try
                    {
                        string? problem = CheckLabels(model.Labels, model.ClusterCount, data.Count, "labels");
                        if (problem is not null) return problem;
                        ClusterAssignment predicted;
                        try { predicted = model.Predict(data.WithoutLabels()); }
                        catch (NotSupportedException) when (model is AgglomerativeModel) { return "ok"; }   // documented: no out-of-sample rule
                        problem = CheckLabels(predicted.Labels, model.ClusterCount, data.Count, "predicted labels");
                        if (problem is not null) return problem;
                        if (predicted.Confidence.Any(c => !(c >= 0 && c <= 1))) return "confidence outside [0, 1] or NaN";
                        return "ok";
                    }
                    finally { (model as IDisposable)?.Dispose(); }
                }
                case IReducer reducer:
                {
                    IReductionModel model = reducer.Fit(data);
                    try
                    {
                        Dataset embedding = model.Embedding;
                        if (embedding.Count != data.Count) return $"embedding has {embedding.Count} rows for {data.Count}";
                        if (embedding.FeatureCount != reducer.Dimensions) return $"embedding has {embedding.FeatureCount} dimensions, not {reducer.Dimensions}";
                        if (embedding.Features.ToArray().Any(v => !float.IsFinite(v))) return "non-finite embedding";
                        return "ok";
                    }
                    finally { (model as IDisposable)?.Dispose(); }
                }
                default: return "not an estimator";
            }
        }
        catch (ArgumentException error)
        {
            return string.IsNullOrWhiteSpace(error.Message) ? "ArgumentException without a message" : "error: " + error.Message;
        }
        catch (Exception other)
        {
            return $"{other.GetType().Name}: {other.Message}";
        }
    }

    private static string? CheckLabels(IReadOnlyList<int> labels, int clusters, int rows, string what)
    {
        if (labels.Count != rows) return $"{labels.Count} {what} for {rows} rows";
        if (clusters < 1 && labels.Any(l => l != -1)) return $"{what} without clusters";
        int bad = labels.FirstOrDefault(l => l < -1 || l >= clusters, int.MinValue);
        return bad == int.MinValue ? null : $"{what} has label {bad} outside -1..{clusters - 1}";
    }

    /// <summary>
    /// The documented outcome: "ok", or "error:" plus a fragment the message must contain. The table in
    /// docs/reliability.md mirrors this.
    /// </summary>
    private static string Expected(string estimator, string input)
    {
        bool deep = estimator is "dec" or "dcn" or "deep-kmeans" or "vade" or "n2d";
        return input switch
        {
            "nan" or "infinity" => "error:finite",
            // No number of clusters (HDBSCAN), or an output dimension that may exceed the row count (UMAP, t-SNE, autoencoder).
            "k-above-n" when estimator is "hdbscan" or "umap" or "tsne" or "autoencoder" => "ok",
            "k-above-n" => "error:rows",
            "one-row" when estimator == "tsne" => "error:at least 3 rows",
            "one-row" when estimator == "umap" => "error:at least 2 rows",
            "one-row" when deep => "error:Clusters",                      // the deep clusterers need Clusters ≥ 2
            _ => "ok",
        };
    }

    private static bool Matches(string outcome, string expected) =>
        expected == "ok" ? outcome == "ok"
        : outcome.StartsWith("error: ", StringComparison.Ordinal) && outcome.Contains(expected["error:".Length..], StringComparison.OrdinalIgnoreCase);

    private static float Blob(int i, int j) => (i % 3) * 4f + (float)Math.Sin(i * 1.7 + j * 0.9);

    private static Dataset Make(int n, int d, Func<int, int, float> value)
    {
        var features = new float[n * d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) features[i * d + j] = value(i, j);
        return new Dataset("edge", features, d);
    }
}
