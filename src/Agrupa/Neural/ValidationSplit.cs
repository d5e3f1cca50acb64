namespace Agrupa.Neural;

/// <summary>Splits row indices into training and held-out validation rows, stratified by class when labels exist.</summary>
internal static class ValidationSplit
{
    public static (int[] Training, int[] Validation) Split(int count, IReadOnlyList<int>? labels, double fraction, int seed)
    {
        if (fraction <= 0 || count < 2) return (Enumerable.Range(0, count).ToArray(), []);
        int target = Math.Clamp((int)Math.Round(count * fraction), 1, count - 1);
        var random = new Random(HashCode.Combine(seed, 0x5EED_0001) & int.MaxValue);
        var validation = new List<int>(target);
        if (labels is not null)
        {
            var groups = Enumerable.Range(0, count).GroupBy(i => labels[i]).OrderBy(g => g.Key).Select(g => g.ToArray()).ToArray();
            double scale = (double)target / count;
            int[] quota = groups.Select(g => (int)Math.Floor(g.Length * scale)).ToArray();
            int remaining = target - quota.Sum();
            foreach (int g in Enumerable.Range(0, groups.Length).OrderByDescending(g => groups[g].Length * scale - quota[g]).ThenBy(g => g).Take(remaining))
                quota[g]++;
            for (int g = 0; g < groups.Length; g++)
            {
                random.Shuffle(groups[g]);
                validation.AddRange(groups[g].Take(quota[g]));
            }
        }
        else
        {
            int[] all = Enumerable.Range(0, count).ToArray();
            random.Shuffle(all);
            validation.AddRange(all.Take(target));
        }
        var held = new bool[count];
        foreach (int i in validation) held[i] = true;
        int[] validationRows = validation.Order().ToArray();
        int[] trainingRows = Enumerable.Range(0, count).Where(i => !held[i]).ToArray();
        return (trainingRows, validationRows);
    }
}
