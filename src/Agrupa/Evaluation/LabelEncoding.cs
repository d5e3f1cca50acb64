namespace Agrupa.Evaluation;

/// <summary>
/// Maps arbitrary integer labels to dense codes 0..k−1 in ascending label order (as NumPy's
/// <c>np.unique(labels, return_inverse=True)</c>): the shared first step of every label metric.
/// </summary>
internal sealed class LabelEncoding
{
    private LabelEncoding(int[] distinct, int[] codes, long[] counts)
    {
        Distinct = distinct;
        Codes = codes;
        Counts = counts;
    }

    /// <summary>The distinct labels, ascending.</summary>
    public int[] Distinct { get; }

    /// <summary>For each point, the index of its label in <see cref="Distinct"/>.</summary>
    public int[] Codes { get; }

    /// <summary>Points per distinct label.</summary>
    public long[] Counts { get; }

    public static LabelEncoding Create(IReadOnlyList<int> labels)
    {
        int n = labels.Count;
        var codes = new int[n];
        if (n == 0) return new LabelEncoding([], codes, []);
        int min = int.MaxValue, max = int.MinValue;
        for (int i = 0; i < n; i++)
        {
            int label = labels[i];
            if (label < min) min = label;
            if (label > max) max = label;
        }
        long range = (long)max - min + 1;
        int[] distinct;
        if (range <= Math.Max(4L * n, 1024))
        {
            // Small range: a direct lookup table, O(n + range).
            var code = new int[range];
            for (int i = 0; i < n; i++) code[labels[i] - min] = 1;
            int k = 0;
            for (long v = 0; v < range; v++) code[v] = code[v] != 0 ? k++ : -1;
            distinct = new int[k];
            for (long v = 0; v < range; v++) if (code[v] >= 0) distinct[code[v]] = (int)(v + min);
            for (int i = 0; i < n; i++) codes[i] = code[labels[i] - min];
        }
        else
        {
            var sorted = new int[n];
            for (int i = 0; i < n; i++) sorted[i] = labels[i];
            Array.Sort(sorted);
            int k = 0;
            for (int i = 0; i < n; i++) if (i == 0 || sorted[i] != sorted[i - 1]) sorted[k++] = sorted[i];
            distinct = sorted[..k];
            for (int i = 0; i < n; i++) codes[i] = Array.BinarySearch(distinct, labels[i]);
        }
        var counts = new long[distinct.Length];
        foreach (int c in codes) counts[c]++;
        return new LabelEncoding(distinct, codes, counts);
    }
}
