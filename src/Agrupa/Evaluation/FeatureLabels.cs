using Agrupa.Data;

namespace Agrupa.Evaluation;

/// <summary>Shared checks and row selection for the metrics that score labels on features.</summary>
internal static class FeatureLabels
{
    public static void Check(float[] features, int count, int dimensions, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        if ((long)count * dimensions != features.LongLength)
            throw new ArgumentException($"Expected {count}×{dimensions} = {(long)count * dimensions} feature values, got {features.LongLength}.", nameof(features));
        if (labels.Count != count)
            throw new ArgumentException($"Expected one label per row: {count} rows, {labels.Count} labels.", nameof(labels));
        FiniteCheck.Require(features, dimensions, "The cluster quality score", nameof(features));
    }

    /// <summary>Dense label codes; throws unless 2 ≤ clusters ≤ n − 1 (scikit-learn's <c>check_number_of_labels</c>).</summary>
    public static LabelEncoding EncodeForScore(IReadOnlyList<int> labels, string metric)
    {
        LabelEncoding encoding = LabelEncoding.Create(labels);
        int k = encoding.Distinct.Length, n = labels.Count;
        if (k < 2 || k > n - 1)
            throw new ArgumentException($"{metric} needs between 2 and n − 1 = {n - 1} clusters; the labels have {k}.", nameof(labels));
        return encoding;
    }

    /// <summary>The rows whose indices are given (features and labels), copied.</summary>
    public static (float[] Features, int[] Labels) Select(float[] features, int dimensions, IReadOnlyList<int> labels, IReadOnlyList<int> rows)
    {
        var selected = new float[(long)rows.Count * dimensions];
        var selectedLabels = new int[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            Array.Copy(features, (long)rows[i] * dimensions, selected, (long)i * dimensions, dimensions);
            selectedLabels[i] = labels[rows[i]];
        }
        return (selected, selectedLabels);
    }

    /// <summary>Indices of the rows not labelled −1.</summary>
    public static int[] NonNoise(IReadOnlyList<int> labels)
    {
        var kept = new List<int>(labels.Count);
        for (int i = 0; i < labels.Count; i++) if (labels[i] != -1) kept.Add(i);
        return [.. kept];
    }

    /// <summary><paramref name="size"/> distinct indices of 0..<paramref name="count"/>−1 drawn with <paramref name="seed"/>, ascending.</summary>
    public static int[] Sample(int count, int size, int seed)
    {
        var random = new Random(seed);
        var indices = new int[count];
        for (int i = 0; i < count; i++) indices[i] = i;
        for (int i = 0; i < size; i++)
        {
            int j = random.Next(i, count);
            (indices[i], indices[j]) = (indices[j], indices[i]);
        }
        int[] chosen = indices[..size];
        Array.Sort(chosen);
        return chosen;
    }
}
