namespace Agrupa.Data;

/// <summary>
/// An immutable table of <see cref="Count"/> rows × <see cref="FeatureCount"/> float32 features, stored contiguously
/// row-major, with optional integer class labels (0-based, -1 = unknown), class names, image shape and feature names.
/// </summary>
/// <remarks>Derived data sets (subsets, embeddings) share nothing mutable with their source.</remarks>
public sealed class Dataset
{
    private readonly float[] _features;
    private readonly int[]? _labels;

    /// <summary>Creates a data set. The arrays are taken over, not copied: do not change them afterwards.</summary>
    /// <exception cref="ArgumentException">Sizes disagree (features not n×d, labels not n, image shape not d).</exception>
    public Dataset(string name, float[] features, int featureCount, int[]? labels = null,
        IReadOnlyList<string>? classNames = null, ImageShape? imageShape = null, IReadOnlyList<string>? featureNames = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        if (features.Length % featureCount != 0)
            throw new ArgumentException($"Feature array length {features.Length} is not a multiple of the feature count {featureCount}.", nameof(features));
        int count = features.Length / featureCount;
        if (labels is not null && labels.Length != count)
            throw new ArgumentException($"Expected {count} labels (one per row), got {labels.Length}.", nameof(labels));
        if (imageShape is { } shape && shape.Size != featureCount)
            throw new ArgumentException($"Image shape {shape} holds {shape.Size} values but rows have {featureCount} features.", nameof(imageShape));
        if (featureNames is not null && featureNames.Count != featureCount)
            throw new ArgumentException($"Expected {featureCount} feature names, got {featureNames.Count}.", nameof(featureNames));
        if (labels is not null && classNames is not null)
            foreach (int label in labels)
                if (label >= classNames.Count)
                    throw new ArgumentException($"Label {label} has no class name: only {classNames.Count} class names were given.", nameof(classNames));
        Name = name;
        _features = features;
        _labels = labels;
        FeatureCount = featureCount;
        Count = count;
        ClassNames = classNames;
        ImageShape = imageShape;
        FeatureNames = featureNames;
    }

    /// <summary>Short name used in reports (e.g. "iris", "fashion-mnist").</summary>
    public string Name { get; }

    /// <summary>Number of rows n.</summary>
    public int Count { get; }

    /// <summary>Number of features d per row.</summary>
    public int FeatureCount { get; }

    /// <summary>All features, row-major n×d.</summary>
    public ReadOnlyMemory<float> Features => _features;

    /// <summary>The backing array (row-major n×d) for kernels that need an array; must not be written to.</summary>
    internal float[] FeatureArray => _features;

    /// <summary>Class labels (0-based), or null when the data set is unlabelled.</summary>
    public IReadOnlyList<int>? Labels => _labels;

    /// <summary>The backing label array, or null; must not be written to.</summary>
    internal int[]? LabelArray => _labels;

    /// <summary>Names of the classes, indexed by label, or null.</summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>Image shape when every row is an image, else null.</summary>
    public ImageShape? ImageShape { get; }

    /// <summary>Names of the features (columns), or null.</summary>
    public IReadOnlyList<string>? FeatureNames { get; }

    /// <summary>Number of distinct classes (max label + 1), or 0 when unlabelled.</summary>
    public int ClassCount => ClassNames?.Count ?? (_labels is null || _labels.Length == 0 ? 0 : _labels.Max() + 1);

    /// <summary>Row <paramref name="index"/> as a span of <see cref="FeatureCount"/> values.</summary>
    public ReadOnlySpan<float> Row(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"Row index must be in [0, {Count}).");
        return new ReadOnlySpan<float>(_features, index * FeatureCount, FeatureCount);
    }

    /// <summary>The rows at <paramref name="indices"/>, in that order (repeats allowed).</summary>
    public Dataset Select(IReadOnlyList<int> indices, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(indices);
        int d = FeatureCount;
        var features = new float[(long)indices.Count * d];
        int[]? labels = _labels is null ? null : new int[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            int source = indices[i];
            if ((uint)source >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(indices), source, $"Row index must be in [0, {Count}).");
            Array.Copy(_features, (long)source * d, features, (long)i * d, d);
            if (labels is not null) labels[i] = _labels![source];
        }
        return new Dataset(name ?? Name, features, d, labels, ClassNames, ImageShape, FeatureNames);
    }

    /// <summary>
    /// A random subset of <paramref name="count"/> rows, drawn without replacement with <paramref name="seed"/>.
    /// When <paramref name="stratified"/> and the data are labelled, each class keeps its proportion (largest remainders).
    /// Rows keep their original order.
    /// </summary>
    public Dataset Subsample(int count, int seed, bool stratified = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (count >= Count) return this;
        var random = new Random(seed);
        int[] chosen;
        if (stratified && _labels is not null)
        {
            var byClass = _labels.Select((label, index) => (label, index)).GroupBy(p => p.label).OrderBy(g => g.Key)
                .Select(g => g.Select(p => p.index).ToArray()).ToArray();
            double scale = (double)count / Count;
            var quota = byClass.Select(g => (int)Math.Floor(g.Length * scale)).ToArray();
            int remaining = count - quota.Sum();
            foreach (int c in Enumerable.Range(0, byClass.Length).OrderByDescending(c => byClass[c].Length * scale - quota[c]).ThenBy(c => c).Take(remaining))
                quota[c]++;
            var list = new List<int>(count);
            for (int c = 0; c < byClass.Length; c++)
            {
                int[] members = (int[])byClass[c].Clone();
                random.Shuffle(members);
                list.AddRange(members.Take(quota[c]));
            }
            chosen = list.ToArray();
        }
        else
        {
            chosen = Enumerable.Range(0, Count).ToArray();
            random.Shuffle(chosen);
            chosen = chosen[..count];
        }
        Array.Sort(chosen);
        return Select(chosen);
    }

    /// <summary>A data set with the same rows, labels and class names but new features (an embedding, a scaled copy).</summary>
    /// <param name="features">Row-major n×<paramref name="featureCount"/>; taken over, not copied.</param>
    /// <param name="featureCount">Features per row.</param>
    /// <param name="keepImageShape">Keep <see cref="ImageShape"/> (only when the feature count is unchanged, e.g. scaling).</param>
    /// <param name="name">New name; default keeps the current one.</param>
    public Dataset WithFeatures(float[] features, int featureCount, bool keepImageShape = false, string? name = null)
    {
        if (features.Length != (long)Count * featureCount)
            throw new ArgumentException($"Expected {Count}×{featureCount} features, got {features.Length} values.", nameof(features));
        return new Dataset(name ?? Name, features, featureCount, _labels, ClassNames,
            keepImageShape ? ImageShape : null, keepImageShape || featureCount == FeatureCount ? (featureCount == FeatureCount ? FeatureNames : null) : null);
    }

    /// <summary>The same data without labels (what a clusterer may see).</summary>
    public Dataset WithoutLabels() => new(Name, _features, FeatureCount, null, null, ImageShape, FeatureNames);

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Count}×{FeatureCount}" + (ImageShape is { } s ? $" images {s}" : "") + (_labels is null ? "" : $", {ClassCount} classes");
}
