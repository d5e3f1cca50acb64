using Agrupa.Data;
using Agrupa.Neural;

namespace Agrupa.Tests.Neural;

/// <summary>Small seeded synthetic data sets for the neural tests (no files needed).</summary>
internal static class NeuralTestData
{
    /// <summary>n rows of d features in [0, 1]: k noisy prototypes (so an autoencoder has structure to learn), labelled.</summary>
    public static Dataset Blobs(int n = 240, int d = 32, int k = 4, int seed = 3, ImageShape? image = null)
    {
        var random = new Random(seed);
        var prototypes = new float[k, d];
        for (int c = 0; c < k; c++)
            for (int j = 0; j < d; j++) prototypes[c, j] = (float)random.NextDouble();
        var features = new float[n * d];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            int c = i % k;
            labels[i] = c;
            for (int j = 0; j < d; j++)
                features[i * d + j] = Math.Clamp(prototypes[c, j] + (float)(0.1 * (random.NextDouble() - 0.5)), 0f, 1f);
        }
        return new Dataset("blobs", features, d, labels, imageShape: image);
    }

    public static DenseAutoencoderOptions SmallDense(int d = 32) => new() { Inputs = d, HiddenSizes = [24, 16], EmbeddingSize = 3 };
}
