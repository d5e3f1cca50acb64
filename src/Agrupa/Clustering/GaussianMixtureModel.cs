using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Agrupa.Data;
using Agrupa.Persistence;

namespace Agrupa.Clustering;

/// <summary>
/// A fitted Gaussian mixture (from <see cref="GaussianMixture"/>). Immutable; <see cref="Predict"/> and
/// <see cref="PredictProbabilities"/> may be called from several threads at once.
/// </summary>
public sealed class GaussianMixtureModel : IClusteringModel
{
    private readonly GaussianParameters _parameters;
    private readonly int[] _labels;

    internal GaussianMixtureModel(GaussianParameters parameters, int[] labels, double lowerBound, int iterations, bool converged)
    {
        _parameters = parameters;
        _labels = labels;
        LowerBound = lowerBound;
        Iterations = iterations;
        Converged = converged;
    }

    /// <summary>Number of features d the model was fitted on.</summary>
    public int FeatureCount => _parameters.Features;

    /// <inheritdoc />
    public int ClusterCount => _parameters.Components;

    /// <summary>Shape of the covariance matrices.</summary>
    public CovarianceType Covariance => _parameters.Type;

    /// <inheritdoc />
    public IReadOnlyList<int> Labels => _labels;

    /// <summary>Mixing weights (k values summing to 1).</summary>
    public ReadOnlyMemory<double> Weights => _parameters.Weights;

    /// <summary>Component means, k×d row-major.</summary>
    public ReadOnlyMemory<double> Means => _parameters.Means;

    /// <summary>
    /// Covariances, regularisation included: full k×d×d, tied d×d, diagonal k×d, spherical k values (scikit-learn's
    /// <c>covariances_</c> layouts).
    /// </summary>
    public ReadOnlyMemory<double> Covariances => _parameters.Covariances;

    /// <summary>
    /// Cholesky factors of the precision matrices in scikit-learn's <c>precisions_cholesky_</c> layout: for full and
    /// tied, upper triangular U with precision = U Uᵀ; for diagonal and spherical, 1/σ.
    /// </summary>
    public ReadOnlyMemory<double> PrecisionCholesky => _parameters.PrecisionCholesky;

    /// <summary>Per-sample average log-likelihood of the training data at the last E-step of the kept run (scikit-learn's <c>lower_bound_</c>).</summary>
    public double LowerBound { get; }

    /// <summary>EM iterations of the kept run.</summary>
    public int Iterations { get; }

    /// <summary>Whether the kept run met the tolerance before the iteration limit.</summary>
    public bool Converged { get; }

    /// <summary>Number of free parameters (scikit-learn's <c>_n_parameters</c>), used by <see cref="Bic"/> and <see cref="Aic"/>.</summary>
    public int ParameterCount => _parameters.ParameterCount;

    /// <summary>
    /// Most probable component of each row, with the posterior probability of that component as confidence.
    /// </summary>
    public ClusterAssignment Predict(Dataset data)
    {
        double[] probabilities = PredictProbabilities(data);
        int n = data.Count, k = ClusterCount;
        var labels = new int[n];
        var confidence = new double[n];
        for (int i = 0; i < n; i++)
        {
            int best = 0;
            for (int c = 1; c < k; c++) if (probabilities[(long)i * k + c] > probabilities[(long)i * k + best]) best = c;
            labels[i] = best;
            confidence[i] = probabilities[(long)i * k + best];
        }
        return new ClusterAssignment(labels, confidence);
    }

    /// <summary>Posterior probability of each component for each row (responsibilities), n×k row-major, rows summing to 1.</summary>
    public double[] PredictProbabilities(Dataset data)
    {
        double[] logResponsibilities = LogResponsibilities(data, out _);
        System.Numerics.Tensors.TensorPrimitives.Exp(logResponsibilities, logResponsibilities);
        return logResponsibilities;
    }

    /// <summary>Average log-likelihood per row of <paramref name="data"/> under the model (scikit-learn's <c>score</c>).</summary>
    public double AverageLogLikelihood(Dataset data)
    {
        LogResponsibilities(data, out double average);
        return average;
    }

    /// <summary>Total log-likelihood Σᵢ log p(xᵢ) of <paramref name="data"/>.</summary>
    public double LogLikelihood(Dataset data) => AverageLogLikelihood(data) * data.Count;

    /// <summary>Bayesian information criterion −2 log L + p ln n on <paramref name="data"/> (lower is better; scikit-learn's <c>bic</c>).</summary>
    public double Bic(Dataset data) => -2 * LogLikelihood(data) + ParameterCount * Math.Log(data.Count);

    /// <summary>Akaike information criterion −2 log L + 2p on <paramref name="data"/> (lower is better; scikit-learn's <c>aic</c>).</summary>
    public double Aic(Dataset data) => -2 * LogLikelihood(data) + 2.0 * ParameterCount;

    /// <summary>The model-file kind written by <see cref="Save"/>.</summary>
    public const string FileKind = "gaussian-mixture";

    /// <summary>
    /// Writes the model atomically as an Agrupa model file (kind "gaussian-mixture"): header <c>components</c>,
    /// <c>features</c>, <c>covariance</c> (Full, Diagonal, Tied, Spherical), <c>lowerBound</c>, <c>iterations</c>,
    /// <c>converged</c>; arrays <c>weights.f64</c>, <c>means.f64</c>, <c>covariances.f64</c> (float64 values stored
    /// as little-endian bytes, the layouts of <see cref="Covariances"/>) and <c>labels</c> (int32). The precision
    /// factors are recomputed on loading. <paramref name="extraHeader"/> entries (e.g. a "scaler") are copied into the header.
    /// </summary>
    public void Save(string path, JsonObject? extraHeader = null) => ModelFile.Write(path, ToContent(extraHeader));

    /// <summary>The content <see cref="Save"/> writes (also nested in composite models such as N2D's).</summary>
    internal ModelFileContent ToContent(JsonObject? extraHeader = null)
    {
        var header = new JsonObject
        {
            ["components"] = ClusterCount,
            ["features"] = FeatureCount,
            ["covariance"] = Covariance.ToString(),
            ["lowerBound"] = double.IsFinite(LowerBound) ? LowerBound : null,
            ["iterations"] = Iterations,
            ["converged"] = Converged,
        };
        if (extraHeader is not null)
            foreach (var (key, value) in extraHeader) header[key] = value?.DeepClone();
        var arrays = new Dictionary<string, ModelArray>
        {
            ["weights.f64"] = Doubles(_parameters.Weights),
            ["means.f64"] = Doubles(_parameters.Means),
            ["covariances.f64"] = Doubles(_parameters.Covariances),
            ["labels"] = ModelArray.FromInts(_labels),
        };
        return new ModelFileContent(FileKind, header, arrays);
    }

    /// <summary>Reads a model written by <see cref="Save"/>; a malformed file or another kind is a <see cref="DataFormatException"/>.</summary>
    public static GaussianMixtureModel Load(string path) => FromContent(ModelFile.Read(path, FileKind), path);

    /// <summary>The model held by already-read <paramref name="content"/> (kind "gaussian-mixture").</summary>
    public static GaussianMixtureModel FromContent(ModelFileContent content, string path)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Kind != FileKind) throw new DataFormatException(path, $"the file holds a '{content.Kind}' model, expected '{FileKind}'.");
        try
        {
            int k = (int?)content.Header["components"] ?? throw new DataFormatException(path, "the header gives no component count.");
            int d = (int?)content.Header["features"] ?? throw new DataFormatException(path, "the header gives no feature count.");
            var type = Enum.Parse<CovarianceType>((string?)content.Header["covariance"] ?? "", ignoreCase: false);
            double lowerBound = (double?)content.Header["lowerBound"] ?? double.NaN;
            int iterations = (int?)content.Header["iterations"] ?? 0;
            bool converged = (bool?)content.Header["converged"] ?? false;
            if (k < 1 || d < 1) throw new DataFormatException(path, $"implausible shape: {k} components × {d} features.");
            double[] weights = ReadDoubles(content, "weights.f64", path);
            double[] means = ReadDoubles(content, "means.f64", path);
            double[] covariances = ReadDoubles(content, "covariances.f64", path);
            int[] labels = content.Require("labels", path).AsInts();
            long expected = type switch
            {
                CovarianceType.Full => (long)k * d * d,
                CovarianceType.Tied => (long)d * d,
                CovarianceType.Diagonal => (long)k * d,
                _ => k,
            };
            if (weights.Length != k || means.LongLength != (long)k * d || covariances.LongLength != expected)
                throw new DataFormatException(path, $"the arrays do not match {k} {type} components of {d} features.");
            if (labels.Any(l => l < 0 || l >= k)) throw new DataFormatException(path, $"'labels' holds values outside [0, {k}).");
            if (!weights.Concat(means).Concat(covariances).All(double.IsFinite)) throw new DataFormatException(path, "the mixture parameters are not finite.");
            return new GaussianMixtureModel(GaussianParameters.FromMoments(type, k, d, weights, means, covariances), labels, lowerBound, iterations, converged);
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException or System.Text.Json.JsonException or ArgumentException)
        {
            throw new DataFormatException(path, $"the Gaussian mixture model is invalid: {exception.Message}", inner: exception);
        }
    }

    private static ModelArray Doubles(double[] values) => ModelArray.FromBytes(MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    private static double[] ReadDoubles(ModelFileContent content, string name, string path)
    {
        byte[] bytes = content.Require(name, path).AsBytes();
        if (bytes.Length % sizeof(double) != 0) throw new DataFormatException(path, $"'{name}' holds {bytes.Length} bytes, not a whole number of float64 values.");
        return MemoryMarshal.Cast<byte, double>(bytes).ToArray();
    }

    private double[] LogResponsibilities(Dataset data, out double average)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.FeatureCount != FeatureCount)
            throw new ArgumentException($"The Gaussian mixture expected {FeatureCount} features, got {data.FeatureCount}.", nameof(data));
        FiniteCheck.Require(data.FeatureArray, FeatureCount, "Gaussian mixture prediction", nameof(data));
        int n = data.Count;
        var x = new double[(long)n * FeatureCount];
        float[] features = data.FeatureArray;
        for (long i = 0; i < x.Length; i++) x[i] = features[i];
        var output = new double[(long)n * ClusterCount];
        _parameters.WeightedLogProbabilities(x, n, output);
        average = n == 0 ? double.NaN : GaussianParameters.Normalize(output, n, ClusterCount);
        return output;
    }
}
