using System.Text.Json;
using Agrupa.Clustering;

namespace Agrupa.Tests.Clustering;

/// <summary>
/// EM from the same initial responsibilities as scikit-learn 1.2's GaussianMixture (one-hot labels), for all four
/// covariance types: lower bound, average log-likelihood, BIC and AIC within 1e-4 relative, the same labels and
/// iteration count.
/// </summary>
public sealed class GaussianMixtureReferenceTests
{
    private const string File = "gmm_reference.json";

    public static TheoryData<string> CaseNames => ClusteringFixtures.Names(File);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MatchesScikitLearnFromTheSameInitialisation(string name)
    {
        JsonElement item = ClusteringFixtures.Case(File, name);
        var data = ClusteringFixtures.Data(item);
        var covariance = item.GetProperty("covariance").GetString() switch
        {
            "full" => CovarianceType.Full,
            "tied" => CovarianceType.Tied,
            "diag" => CovarianceType.Diagonal,
            _ => CovarianceType.Spherical,
        };
        var options = new GaussianMixtureOptions
        {
            Components = item.GetProperty("components").GetInt32(),
            Covariance = covariance,
            InitialLabels = ClusteringFixtures.Ints(item.GetProperty("initial_labels")),
        };

        GaussianMixtureModel model = new GaussianMixture(options).Fit(data);

        AssertRelative(item.GetProperty("lower_bound").GetDouble(), model.LowerBound, "lower bound");
        AssertRelative(item.GetProperty("score").GetDouble(), model.AverageLogLikelihood(data), "average log-likelihood");
        AssertRelative(item.GetProperty("bic").GetDouble(), model.Bic(data), "BIC");
        AssertRelative(item.GetProperty("aic").GetDouble(), model.Aic(data), "AIC");
        Assert.Equal(ClusteringFixtures.Ints(item.GetProperty("labels")), model.Labels);
        Assert.Equal(item.GetProperty("iterations").GetInt32(), model.Iterations);
        Assert.Equal(item.GetProperty("converged").GetBoolean(), model.Converged);
        double[] weights = ClusteringFixtures.Doubles(item.GetProperty("weights"));
        for (int c = 0; c < weights.Length; c++) Assert.Equal(weights[c], model.Weights.Span[c], 4);
        double[] probabilities = ClusteringFixtures.Doubles(item.GetProperty("probabilities_first_rows"));
        double[] ours = model.PredictProbabilities(data.Select(Enumerable.Range(0, 5).ToArray()));
        for (int i = 0; i < probabilities.Length; i++) Assert.Equal(probabilities[i], ours[i], 4);
    }

    private static void AssertRelative(double expected, double actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-4 * Math.Abs(expected), $"{what}: {actual} vs scikit-learn {expected}");
}
