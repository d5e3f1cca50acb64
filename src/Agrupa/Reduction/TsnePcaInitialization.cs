using Agrupa.LinearAlgebra;
using TorchSharp;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Agrupa.Reduction;

/// <summary>
/// The PCA start of t-SNE: the centred data projected on the leading eigenvectors of its covariance (computed with
/// TorchSharp: a d×d product, then a symmetric eigendecomposition in float64), each component's sign fixed so that its
/// largest loading is positive, then the whole layout scaled so that column 0 has standard deviation 1e-4 (sklearn,
/// openTSNE, FIt-SNE). Kept private to t-SNE and minimal; the covariance route suits d up to a few thousand.
/// </summary>
internal static class TsnePcaInitialization
{
    public const double TargetStandardDeviation = 1e-4;

    public static double[] Compute(float[] data, int count, int features, int dimensions)
    {
        using var scope = torch.NewDisposeScope();
        TorchTensor x = TorchMatrix.FromRows(data, count, features);
        TorchTensor centred = x - x.mean(new long[] { 0 }, keepdim: true);
        TorchTensor covariance = torch.matmul(centred.t(), centred).to_type(torch.float64) / Math.Max(1, count - 1);
        var (_, vectors) = torch.linalg.eigh(covariance);
        int take = Math.Min(dimensions, features);
        TorchTensor leading = vectors.narrow(1, features - take, take).flip(1);
        TorchTensor largest = leading.abs().argmax(0);
        TorchTensor signs = leading.gather(0, largest.unsqueeze(0)).sign();
        signs = torch.where(signs == 0, torch.ones_like(signs), signs);
        leading = (leading * signs).to_type(torch.float32);
        double[] projected = torch.matmul(centred, leading).to_type(torch.float64).contiguous().data<double>().ToArray();
        var layout = new double[(long)count * dimensions];
        for (int i = 0; i < count; i++)
            for (int d = 0; d < take; d++) layout[(long)i * dimensions + d] = projected[(long)i * take + d];
        return Rescale(layout, count, dimensions);
    }

    /// <summary>Scales the layout so that column 0 has (population) standard deviation 1e-4; a constant column 0 is left as is.</summary>
    public static double[] Rescale(double[] layout, int count, int dimensions)
    {
        double mean = 0;
        for (int i = 0; i < count; i++) mean += layout[(long)i * dimensions];
        mean /= count;
        double variance = 0;
        for (int i = 0; i < count; i++)
        {
            double difference = layout[(long)i * dimensions] - mean;
            variance += difference * difference;
        }
        double deviation = Math.Sqrt(variance / count);
        if (deviation > 0)
            for (int t = 0; t < layout.Length; t++) layout[t] *= TargetStandardDeviation / deviation;
        return layout;
    }
}
