using Agrupa.Clustering;
using Agrupa.Data;
using Agrupa.Experiments;
using Agrupa.Neural;
using Agrupa.Reduction;
using Agrupa.Runtime;

namespace Agrupa.Tests.Experiments;

/// <summary>
/// Small test-only methods for the runner and report tests (never in src/): a nearest-centre-of-random-rows clusterer, a
/// first-features reducer, a clusterer that fails on chosen seeds and one that marks rows as noise, plus a scorer.
/// </summary>
internal static class TestMethods
{
    /// <summary>A registry with "nearest" (clusterer), "noisy" (clusterer with noise), "failing" (fails on odd seeds) and "first" (reducer).</summary>
    public static MethodRegistry Registry(FitCounter? counter = null)
    {
        counter ??= new FitCounter();
        return new MethodRegistry()
            .AddClusterer("nearest", c => new NearestRandomRows(c.Clusters, c.Seed, c.OptionsAs<NearestOptions>().Epochs, counter), "nearest of k random rows")
            .AddClusterer("noisy", c => new NoisyClusterer(c.Clusters, c.Seed, counter))
            .AddClusterer("failing", c => new FailingOnOddSeeds(c.Clusters, c.Seed, counter))
            .AddReducer("first", c => new FirstFeatures(c.Dimensions ?? 2, counter));
    }

    /// <summary>Three well separated blobs in 4-D with labels 0, 1, 2 (20 rows each); rows are 2×2 images.</summary>
    public static Dataset Blobs(int perClass = 20, bool labelled = true)
    {
        var random = new Random(5);
        int n = perClass * 3;
        var features = new float[n * 4];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = i / perClass;
            for (int j = 0; j < 4; j++) features[i * 4 + j] = labels[i] * 10 + (float)random.NextDouble();
        }
        return new Dataset("blobs", features, 4, labelled ? labels : null, labelled ? ["left", "middle", "right"] : null, new ImageShape(1, 2, 2));
    }

    public static ExperimentSpec Spec(string pipelines = "[\"nearest\", \"first2+nearest\"]", string seeds = "[0, 1]", string extra = "") =>
        ExperimentSpecReader.Parse($$"""
            { "name": "test", "data": { "name": "blobs" }, "pipelines": {{pipelines}}, "seeds": {{seeds}},
              "metrics": ["acc"], "plots": { "view": "first2" } {{extra}} }
            """);

    internal sealed class FitCounter
    {
        public int Fits;
    }

    internal sealed record NearestOptions
    {
        public int Epochs { get; init; } = 3;
    }

    /// <summary>Centres = k distinct random rows (seeded); each row goes to its nearest centre. Reports an "inertia" loss per epoch.</summary>
    internal sealed class NearestRandomRows(int clusters, int seed, int epochs, FitCounter counter) : IClusterer
    {
        public string Name => "nearest";

        public IClusteringModel Fit(Dataset data, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref counter.Fits);
            int[] rows = Enumerable.Range(0, data.Count).ToArray();
            new Random(seed).Shuffle(rows);
            int[] centres = rows[..clusters];
            var labels = new int[data.Count];
            double inertia = 0;
            for (int i = 0; i < data.Count; i++)
            {
                double best = double.PositiveInfinity;
                for (int c = 0; c < clusters; c++)
                {
                    double distance = 0;
                    ReadOnlySpan<float> a = data.Row(i), b = data.Row(centres[c]);
                    for (int j = 0; j < a.Length; j++) distance += (a[j] - b[j]) * (a[j] - b[j]);
                    if (distance < best) { best = distance; labels[i] = c; }
                }
                inertia += best;
            }
            for (int epoch = 1; epoch <= epochs; epoch++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new TrainingProgress
                {
                    Stage = "assign", Epoch = epoch, TotalEpochs = epochs,
                    Losses = new Dictionary<string, double> { ["inertia"] = inertia / epoch },
                    Metrics = new Dictionary<string, double> { ["agreement"] = 0.5 + 0.1 * epoch },
                });
            }
            return new Model(labels, clusters);
        }
    }

    internal sealed class NoisyClusterer(int clusters, int seed, FitCounter counter) : IClusterer
    {
        public string Name => "noisy";

        public IClusteringModel Fit(Dataset data, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref counter.Fits);
            // Every 4th row is noise, the others get their row index modulo k (seed unused on purpose: deterministic).
            _ = seed;
            return new Model(Enumerable.Range(0, data.Count).Select(i => i % 4 == 0 ? -1 : i % clusters).ToArray(), clusters);
        }
    }

    internal sealed class FailingOnOddSeeds(int clusters, int seed, FitCounter counter) : IClusterer
    {
        public string Name => "failing";

        public IClusteringModel Fit(Dataset data, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref counter.Fits);
            if (seed % 2 == 1) throw new InvalidOperationException($"seed {seed} is odd, so this test method fails");
            return new Model(new int[data.Count], clusters);
        }
    }

    internal sealed class FirstFeatures(int dimensions, FitCounter counter) : IReducer
    {
        public string Name => $"first{dimensions}";

        public int Dimensions => dimensions;

        public IReductionModel Fit(Dataset data, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref counter.Fits);
            var features = new float[data.Count * dimensions];
            for (int i = 0; i < data.Count; i++) data.Row(i)[..dimensions].CopyTo(features.AsSpan(i * dimensions, dimensions));
            return new Reduction(data.WithFeatures(features, dimensions));
        }
    }

    private sealed class Model(int[] labels, int clusters) : IClusteringModel
    {
        public IReadOnlyList<int> Labels => labels;

        public int ClusterCount => clusters;

        public ClusterAssignment Predict(Dataset data) => throw new NotSupportedException("test model");
    }

    /// <summary>A reduction with a "decoder": reconstructions are the rows negated.</summary>
    private sealed class Reduction(Dataset embedding) : IReductionModel, IReconstructingModel
    {
        public Dataset Embedding => embedding;

        public Dataset Transform(Dataset data) => throw new NotSupportedException("test model");

        public bool CanReconstruct => true;

        public Dataset Reconstruct(Dataset data) => data.WithFeatures(data.Features.ToArray().Select(v => -v).ToArray(), data.FeatureCount, keepImageShape: true);
    }
}

/// <summary>A test scorer: "acc" = share of rows whose predicted label equals the true label (no matching); confusion in label order.</summary>
internal sealed class IdentityScorer : IClusterScorer
{
    public string NoiseHandling => "noise counted as a wrong label (test scorer)";

    public IReadOnlyDictionary<string, double> Score(Dataset data, IReadOnlyList<int> predicted, IReadOnlyList<string> metrics)
    {
        var values = new Dictionary<string, double>();
        if (data.Labels is { } truth && metrics.Contains("acc"))
            values["acc"] = Enumerable.Range(0, truth.Count).Count(i => truth[i] == predicted[i]) / (double)truth.Count;
        return values;
    }

    public ConfusionTable Confusion(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, IReadOnlyList<string>? classNames)
    {
        int classes = truth.Max() + 1;
        int clusters = Math.Max(predicted.Max() + 1, 1);
        var counts = new int[classes * clusters];
        for (int i = 0; i < truth.Count; i++)
            if (predicted[i] >= 0) counts[truth[i] * clusters + predicted[i]]++;
        return new ConfusionTable(counts, classNames ?? Enumerable.Range(0, classes).Select(c => $"class {c}").ToArray(),
            Enumerable.Range(0, clusters).Select(c => $"cluster {c}").ToArray());
    }
}
