using Agrupa.Data;
using Agrupa.LinearAlgebra;
using Agrupa.Runtime;
using TorchSharp;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Agrupa.Reduction;

/// <summary>
/// A fitted PCA: mean, principal axes and explained variances. Immutable; <see cref="Transform(Dataset)"/> and
/// <see cref="InverseTransform"/> may be called from several threads at once.
/// </summary>
public sealed class PcaModel : IReductionModel
{
    private readonly float[] _components;
    private readonly float[] _mean;
    private readonly double[] _explainedVariance;
    private readonly double[] _explainedVarianceRatio;
    private readonly double[] _singularValues;

    internal PcaModel(double[] mean, float[] components, int featureCount, int componentCount, double[] explainedVariance,
        double[] explainedVarianceRatio, double[] singularValues, bool whiten, PcaSolver solver, Dataset training, TorchTensor trainingRows, bool centreRows)
    {
        _mean = mean.Select(v => (float)v).ToArray();
        _centreRows = centreRows;
        _meanScores = new float[componentCount];
        for (int c = 0; c < componentCount; c++)
        {
            double score = 0;
            for (int j = 0; j < featureCount; j++) score += mean[j] * components[c * featureCount + j];
            _meanScores[c] = (float)score;
        }
        _components = components;
        FeatureCount = featureCount;
        ComponentCount = componentCount;
        _explainedVariance = explainedVariance;
        _explainedVarianceRatio = explainedVarianceRatio;
        _singularValues = singularValues;
        Whiten = whiten;
        Solver = solver;
        Embedding = training.WithFeatures(Project(trainingRows), ComponentCount);
    }

    private readonly float[] _meanScores;
    private readonly bool _centreRows;

    /// <summary>Number of input features d.</summary>
    public int FeatureCount { get; }

    /// <summary>Number of components k.</summary>
    public int ComponentCount { get; }

    /// <summary>Principal axes, row-major k×d, unit length, by decreasing explained variance (scikit-learn's <c>components_</c>).</summary>
    public ReadOnlyMemory<float> Components => _components;

    /// <summary>Per-feature mean of the training data (d values).</summary>
    public ReadOnlyMemory<float> Mean => _mean;

    /// <summary>Variance along each component, s²/(n − 1) (scikit-learn's <c>explained_variance_</c>).</summary>
    public IReadOnlyList<double> ExplainedVariance => _explainedVariance;

    /// <summary>Each component's share of the total variance (scikit-learn's <c>explained_variance_ratio_</c>).</summary>
    public IReadOnlyList<double> ExplainedVarianceRatio => _explainedVarianceRatio;

    /// <summary>Singular values of the centred training matrix for the kept components.</summary>
    public IReadOnlyList<double> SingularValues => _singularValues;

    /// <summary>Whether scores are divided by √(explained variance).</summary>
    public bool Whiten { get; }

    /// <summary>The solver that was used (Auto resolved).</summary>
    public PcaSolver Solver { get; }

    /// <inheritdoc />
    public Dataset Embedding { get; }

    /// <inheritdoc />
    public Dataset Transform(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.WithFeatures(Transform(data.FeatureArray, data.Count, data.FeatureCount), ComponentCount);
    }

    /// <summary>Scores of row-major n×d <paramref name="rows"/>: (x − mean) Vᵀ, divided by √variance when whitening.</summary>
    public float[] Transform(float[] rows, int count, int featureCount)
    {
        if (featureCount != FeatureCount)
            throw new ArgumentException($"PCA was fitted on {FeatureCount} features, got {featureCount}.", nameof(featureCount));
        FiniteCheck.Require(rows, featureCount, "PCA", nameof(rows));
        ThreadBudget.ApplyToTorch();
        using var scope = torch.NewDisposeScope();
        return Project(TorchMatrix.FromRows(rows, count, featureCount));
    }

    /// <summary>
    /// x Vᵀ − μ Vᵀ (scikit-learn's order: no centred copy of the rows), or (x − μ) Vᵀ when the training offsets were too
    /// large for float32 (see <see cref="Pca"/>); divided by √variance when whitening.
    /// </summary>
    private float[] Project(TorchTensor x)
    {
        using var scope = torch.NewDisposeScope();
        TorchTensor axes = torch.tensor(_components, new long[] { ComponentCount, FeatureCount }).t();
        TorchTensor scores = _centreRows ? (x - torch.tensor(_mean)).matmul(axes) : x.matmul(axes) - torch.tensor(_meanScores);
        if (Whiten) scores = scores / torch.tensor(_explainedVariance.Select(v => (float)Math.Sqrt(Math.Max(v, 1e-300))).ToArray());
        return TorchMatrix.ToArray(scores);
    }

    /// <summary>Maps scores back to the input space: z Vᵀ⁻¹ + mean (the projection on the kept axes, not the original rows).</summary>
    public Dataset InverseTransform(Dataset scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.FeatureCount != ComponentCount)
            throw new ArgumentException($"PCA has {ComponentCount} components, got {scores.FeatureCount} score columns.", nameof(scores));
        ThreadBudget.ApplyToTorch();
        using var scope = torch.NewDisposeScope();
        TorchTensor z = TorchMatrix.FromRows(scores.FeatureArray, scores.Count, ComponentCount);
        if (Whiten) z = z * torch.tensor(_explainedVariance.Select(v => (float)Math.Sqrt(Math.Max(v, 0))).ToArray());
        TorchTensor x = z.matmul(torch.tensor(_components, new long[] { ComponentCount, FeatureCount })) + torch.tensor(_mean);
        return scores.WithFeatures(TorchMatrix.ToArray(x), FeatureCount);
    }
}
