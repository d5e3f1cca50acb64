using Agrupa.Clustering;
using Agrupa.Data;
using Agrupa.Evaluation;

namespace Agrupa.Tests.DeepClustering;

/// <summary>
/// The shared conformance check of every deep clusterer (as ClustPy's test helpers): small separable synthetic data,
/// a short schedule; labels valid, clusters found, Predict on the training rows equal to Labels, same seed → same labels,
/// and the clusters recover the blobs.
/// </summary>
internal static class DeepClusteringHarness
{
    /// <summary>Three well-separated Gaussian blobs in 16 dimensions, 60 rows each, scaled into [0, 1].</summary>
    public static Dataset Blobs(int seed = 3, int perCluster = 60, int clusters = 3, int dimensions = 16)
    {
        var random = new Random(seed);
        var features = new float[perCluster * clusters * dimensions];
        var labels = new int[perCluster * clusters];
        var centers = new double[clusters, dimensions];
        for (int c = 0; c < clusters; c++)
            for (int d = 0; d < dimensions; d++) centers[c, d] = random.NextDouble();
        for (int i = 0; i < labels.Length; i++)
        {
            int c = i % clusters;
            labels[i] = c;
            for (int d = 0; d < dimensions; d++)
            {
                double noise = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                features[i * dimensions + d] = (float)(centers[c, d] + 0.03 * noise);
            }
        }
        float min = features.Min(), max = features.Max();
        for (int i = 0; i < features.Length; i++) features[i] = (features[i] - min) / (max - min);
        return new Dataset("blobs", features, dimensions, labels);
    }

    /// <summary>Fits twice with the same seed and checks the contract; returns the first model.</summary>
    public static IClusteringModel Check(Func<IClusterer> create, Dataset data, int clusters, double minimumAri = 0.9, bool predictEqualsLabels = true)
    {
        IClusteringModel model = create().Fit(data);
        Assert.Equal(data.Count, model.Labels.Count);
        Assert.All(model.Labels, label => Assert.InRange(label, 0, clusters - 1));
        Assert.Equal(clusters, model.ClusterCount);

        ClusterAssignment predicted = model.Predict(data.WithoutLabels());
        if (predictEqualsLabels) Assert.Equal(model.Labels, predicted.Labels);
        else Assert.True(ClusterMetrics.Compute(model.Labels, predicted.Labels).Ari >= 0.9, "Predict on the training rows must agree with Labels");
        Assert.All(predicted.Confidence, c => Assert.InRange(c, 0.0, 1.0));

        IClusteringModel again = create().Fit(data);
        Assert.Equal(model.Labels, again.Labels);

        double ari = ClusterMetrics.Compute(data.Labels!, model.Labels).Ari;
        Assert.True(ari >= minimumAri, $"ARI {ari:F3} below {minimumAri} on separable blobs");
        return model;
    }
}
