using Agrupa.Data;

namespace Agrupa.Experiments;

/// <summary>The rows shown in an experiment's scatter plots: all of them, or a stratified subsample of at most a given count.</summary>
public static class PlotSample
{
    /// <summary>
    /// Row indices (ascending) of at most <paramref name="maxPoints"/> rows of <paramref name="data"/>, drawn with
    /// <see cref="Dataset.Subsample"/> (stratified by class when labelled) and <paramref name="seed"/>.
    /// </summary>
    public static int[] Indices(Dataset data, int maxPoints, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 1);
        if (data.Count <= maxPoints) return Enumerable.Range(0, data.Count).ToArray();
        var rows = new float[data.Count];
        for (int i = 0; i < rows.Length; i++) rows[i] = i;
        var index = new Dataset(data.Name, rows, 1, data.Labels?.ToArray());
        float[] chosen = index.Subsample(maxPoints, seed, stratified: true).Features.ToArray();
        return chosen.Select(v => (int)v).ToArray();
    }
}
