using Agrupa.Runtime;

namespace Agrupa.Reduction;

/// <summary>The exact O(n²) repulsion of t-SNE (van der Maaten &amp; Hinton 2008) for any output dimension.</summary>
internal sealed class TsneExactRepulsion(int count, int dimensions) : ITsneRepulsion
{
    private readonly double[] _rowSums = new double[count];

    public double Compute(double[] embedding, double[] repulsion)
    {
        int n = count, dims = dimensions;
        Parallel.For(0, n, ThreadBudget.Options, i =>
        {
            Span<double> force = stackalloc double[dims];
            force.Clear();
            double z = 0;
            int baseI = i * dims;
            for (int j = 0; j < n; j++)
            {
                if (j == i) continue;
                int baseJ = j * dims;
                double squared = 0;
                for (int d = 0; d < dims; d++)
                {
                    double difference = embedding[baseI + d] - embedding[baseJ + d];
                    squared += difference * difference;
                }
                double w = 1 / (1 + squared);
                z += w;
                double w2 = w * w;
                for (int d = 0; d < dims; d++) force[d] += w2 * (embedding[baseI + d] - embedding[baseJ + d]);
            }
            for (int d = 0; d < dims; d++) repulsion[baseI + d] = force[d];
            _rowSums[i] = z;
        });
        double total = 0;
        for (int i = 0; i < n; i++) total += _rowSums[i];
        return total;
    }
}
