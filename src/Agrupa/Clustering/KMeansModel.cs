using System.Text.Json.Nodes;
using Agrupa.Data;
using Agrupa.Persistence;

namespace Agrupa.Clustering;

/// <summary>
/// A fitted k-means model (from <see cref="KMeans"/> or <see cref="MiniBatchKMeans"/>): the centres, the training
/// labels, inertia and iteration count. Immutable; <see cref="Predict"/> and <see cref="Transform"/> may be called
/// from several threads at once.
/// </summary>
/// <remarks>
/// <see cref="Predict"/> subtracts the training mean from each row before comparing it with the centres, exactly as
/// the fit did, so <c>Predict(training data).Labels</c> equals <see cref="Labels"/> row for row.
/// </remarks>
public sealed unsafe class KMeansModel : IClusteringModel
{
    private readonly float[] _centeredCenters;
    private readonly float[] _mean;
    private readonly float[] _centerNorms;
    private readonly float[] _centers;
    private readonly int[] _labels;

    internal KMeansModel(float[] centeredCenters, double[] mean, int[] labels, double inertia, int iterations)
    {
        FeatureCount = mean.Length;
        ClusterCount = centeredCenters.Length / FeatureCount;
        _centeredCenters = centeredCenters;
        _mean = mean.Select(m => (float)m).ToArray();
        _centers = new float[centeredCenters.Length];
        for (int j = 0; j < centeredCenters.Length; j++) _centers[j] = (float)(centeredCenters[j] + mean[j % FeatureCount]);
        _centerNorms = new float[ClusterCount];
        LloydIterations.CenterNorms(centeredCenters, ClusterCount, FeatureCount, _centerNorms);
        _labels = labels;
        Inertia = inertia;
        Iterations = iterations;
    }

    /// <summary>
    /// A model from centres found without a final full pass (mini-batch k-means): labels and the exact weighted
    /// inertia Σ w‖x − c‖² of <paramref name="data"/> are computed here.
    /// </summary>
    internal static KMeansModel FromCenters(Dataset data, double[]? weights, float[] centeredCenters, double[] mean, int iterations)
    {
        var probe = new KMeansModel(centeredCenters, mean, [], 0, iterations);
        int d = probe.FeatureCount, k = probe.ClusterCount;
        var labels = new int[data.Count];
        var rowInertia = new double[data.Count];
        probe.ForEachCenteredBlock(data, (rows, block, start, norms) =>
        {
            int* blockLabels = stackalloc int[4];
            Span<float> dotBuffer = 4 * k <= 16384 ? stackalloc float[4 * k] : new float[4 * k];
            fixed (float* dots = dotBuffer)
            fixed (float* c = probe._centeredCenters)
            fixed (float* cn = probe._centerNorms)
            {
                CenterKernels.Nearest(rows, block, d, c, cn, k, blockLabels, null, null, dots);
                for (int r = 0; r < block; r++)
                {
                    labels[start + r] = blockLabels[r];
                    double w = weights is null ? 1.0 : weights[start + r];
                    rowInertia[start + r] = w * CenterKernels.SquaredDistance(rows + (long)r * d, c + (long)blockLabels[r] * d, d);
                }
            }
        });
        double inertia = 0;
        foreach (double value in rowInertia) inertia += value;
        return new KMeansModel(centeredCenters, mean, labels, inertia, iterations);
    }

    /// <summary>Number of features d the model was fitted on.</summary>
    public int FeatureCount { get; }

    /// <inheritdoc />
    public int ClusterCount { get; }

    /// <summary>Cluster centres, k × <see cref="FeatureCount"/>, row-major (scikit-learn's <c>cluster_centers_</c>).</summary>
    public ReadOnlyMemory<float> Centers => _centers;

    /// <summary>Centre <paramref name="cluster"/> as a span of <see cref="FeatureCount"/> values.</summary>
    public ReadOnlySpan<float> Center(int cluster) => new(_centers, cluster * FeatureCount, FeatureCount);

    /// <inheritdoc />
    public IReadOnlyList<int> Labels => _labels;

    /// <summary>Σ w·‖x − c(x)‖² over the training rows (weights 1 unless given), computed in float64.</summary>
    public double Inertia { get; }

    /// <summary>Lloyd iterations of the kept run (for mini-batch k-means: passes over the data, rounded up).</summary>
    public int Iterations { get; }

    /// <summary>
    /// Nearest centre of each row, with confidence <c>1 − d₁/d₂</c> where d₁ and d₂ are the Euclidean distances to the
    /// nearest and second-nearest centres: 0 on the boundary between two clusters, close to 1 deep inside one, and 1
    /// when the row sits on its centre or when k = 1. (k-means has no probabilistic model; this ratio is scale-free
    /// and needs no temperature, unlike a softmax of negative distances.)
    /// </summary>
    /// <exception cref="ArgumentException">The data have a different feature count ("expected 784 features, got 783").</exception>
    public ClusterAssignment Predict(Dataset data)
    {
        CheckFeatures(data);
        int n = data.Count, d = FeatureCount, k = ClusterCount;
        var labels = new int[n];
        var confidence = new double[n];
        ForEachCenteredBlock(data, (rows, block, start, norms) =>
        {
            int* blockLabels = stackalloc int[4];
            float* best = stackalloc float[4];
            float* second = stackalloc float[4];
            Span<float> dotBuffer = 4 * k <= 16384 ? stackalloc float[4 * k] : new float[4 * k];
            fixed (float* dots = dotBuffer)
            fixed (float* c = _centeredCenters)
            fixed (float* cn = _centerNorms)
                CenterKernels.Nearest(rows, block, d, c, cn, k, blockLabels, best, second, dots);
            for (int r = 0; r < block; r++)
            {
                labels[start + r] = blockLabels[r];
                double nearest = Math.Sqrt(Math.Max(0.0, norms[r] + best[r]));
                double next = Math.Sqrt(Math.Max(0.0, norms[r] + (double)second[r]));
                confidence[start + r] = k == 1 || next <= 0 || double.IsInfinity(next) ? 1.0 : Math.Clamp(1.0 - nearest / next, 0.0, 1.0);
            }
        });
        return new ClusterAssignment(labels, confidence);
    }

    /// <summary>
    /// Euclidean distances of each row to every centre (scikit-learn's <c>transform</c>): a data set with k features
    /// named "distance to centre j", keeping the rows' labels.
    /// </summary>
    public Dataset Transform(Dataset data)
    {
        CheckFeatures(data);
        int d = FeatureCount, k = ClusterCount;
        var distances = new float[(long)data.Count * k];
        ForEachCenteredBlock(data, (rows, block, start, norms) =>
        {
            Span<float> dotBuffer = 4 * k <= 16384 ? stackalloc float[4 * k] : new float[4 * k];
            fixed (float* dots = dotBuffer)
            fixed (float* c = _centeredCenters)
            {
                CenterKernels.Dots(rows, block, d, c, k, dots);
                for (int r = 0; r < block; r++)
                    for (int j = 0; j < k; j++)
                        distances[(long)(start + r) * k + j] = (float)Math.Sqrt(Math.Max(0.0, norms[r] + _centerNorms[j] - 2.0 * dots[r * k + j]));
            }
        });
        var names = Enumerable.Range(0, k).Select(j => $"distance to centre {j}").ToArray();
        return new Dataset(data.Name, distances, k, data.LabelArray, data.ClassNames, null, names);
    }

    /// <summary>The model-file kind written by <see cref="Save"/>.</summary>
    public const string FileKind = "kmeans";

    /// <summary>
    /// Writes the model atomically as an Agrupa model file (kind "kmeans"): header <c>clusters</c>, <c>features</c>,
    /// <c>inertia</c>, <c>iterations</c>; arrays <c>centeredCenters</c> (float32 k×d, centres minus the training mean),
    /// <c>mean</c> (float32 d) and <c>labels</c> (int32 n). <paramref name="extraHeader"/> entries (e.g. a "scaler")
    /// are copied into the header.
    /// </summary>
    public void Save(string path, JsonObject? extraHeader = null)
    {
        var header = new JsonObject
        {
            ["clusters"] = ClusterCount,
            ["features"] = FeatureCount,
            ["inertia"] = Inertia,
            ["iterations"] = Iterations,
        };
        if (extraHeader is not null)
            foreach (var (key, value) in extraHeader) header[key] = value?.DeepClone();
        var arrays = new Dictionary<string, ModelArray>
        {
            ["centeredCenters"] = ModelArray.FromFloats(_centeredCenters, ClusterCount, FeatureCount),
            ["mean"] = ModelArray.FromFloats(_mean),
            ["labels"] = ModelArray.FromInts(_labels),
        };
        ModelFile.Write(path, new ModelFileContent(FileKind, header, arrays));
    }

    /// <summary>Reads a model written by <see cref="Save"/>; a malformed file or another kind is a <see cref="DataFormatException"/>.</summary>
    public static KMeansModel Load(string path) => FromContent(ModelFile.Read(path, FileKind), path);

    /// <summary>The model held by already-read <paramref name="content"/> (kind "kmeans").</summary>
    public static KMeansModel FromContent(ModelFileContent content, string path)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Kind != FileKind) throw new DataFormatException(path, $"the file holds a '{content.Kind}' model, expected '{FileKind}'.");
        try
        {
            int k = (int?)content.Header["clusters"] ?? throw new DataFormatException(path, "the header gives no cluster count.");
            int d = (int?)content.Header["features"] ?? throw new DataFormatException(path, "the header gives no feature count.");
            double inertia = (double?)content.Header["inertia"] ?? 0;
            int iterations = (int?)content.Header["iterations"] ?? 0;
            if (k < 1 || d < 1) throw new DataFormatException(path, $"implausible shape: {k} clusters × {d} features.");
            float[] centers = content.Require("centeredCenters", path).AsFloats();
            float[] mean = content.Require("mean", path).AsFloats();
            int[] labels = content.Require("labels", path).AsInts();
            if (centers.LongLength != (long)k * d) throw new DataFormatException(path, $"'centeredCenters' holds {centers.Length} values, expected {k}×{d}.");
            if (mean.Length != d) throw new DataFormatException(path, $"'mean' holds {mean.Length} values, expected {d}.");
            if (labels.Any(l => l < 0 || l >= k)) throw new DataFormatException(path, $"'labels' holds values outside [0, {k}).");
            if (!centers.All(float.IsFinite) || !mean.All(float.IsFinite)) throw new DataFormatException(path, "the centres or the mean are not finite.");
            return new KMeansModel(centers, Array.ConvertAll(mean, m => (double)m), labels, inertia, iterations);
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException or System.Text.Json.JsonException or ArgumentException)
        {
            throw new DataFormatException(path, $"the k-means model is invalid: {exception.Message}", inner: exception);
        }
    }

    private delegate void CenteredBlock(float* rows, int block, int start, double* squaredNorms);

    /// <summary>Runs <paramref name="visit"/> on blocks of up to four rows with the training mean subtracted.</summary>
    private void ForEachCenteredBlock(Dataset data, CenteredBlock visit)
    {
        int n = data.Count, d = FeatureCount;
        float[] x = data.FeatureArray;
        FiniteCheck.Require(x, d, "k-means prediction", nameof(data));
        var partitions = new RowPartitions(n);
        partitions.ForEach(p =>
        {
            var scratch = new float[4 * d];
            double* norms = stackalloc double[4];
            int start = partitions.Start(p), end = start + partitions.Length(p);
            fixed (float* s = scratch)
            fixed (float* source = x)
            fixed (float* mean = _mean)
                for (int i = start; i < end; i += 4)
                {
                    int block = Math.Min(4, end - i);
                    for (int r = 0; r < block; r++)
                    {
                        float* from = source + (long)(i + r) * d, to = s + r * d;
                        for (int j = 0; j < d; j++) to[j] = from[j] - mean[j];
                        norms[r] = CenterKernels.SquaredNorm(to, d);
                    }
                    visit(s, block, i, norms);
                }
        });
    }

    private void CheckFeatures(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.FeatureCount != FeatureCount)
            throw new ArgumentException($"The k-means model expected {FeatureCount} features, got {data.FeatureCount}.", nameof(data));
    }
}
