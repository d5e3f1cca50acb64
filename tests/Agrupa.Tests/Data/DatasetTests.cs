using Agrupa.Data;

namespace Agrupa.Tests.Data;

public sealed class DatasetTests
{
    private static Dataset Sample()
    {
        int n = 100;
        float[] features = Enumerable.Range(0, n * 2).Select(i => (float)i).ToArray();
        int[] labels = Enumerable.Range(0, n).Select(i => i < 70 ? 0 : i < 90 ? 1 : 2).ToArray();
        return new Dataset("s", features, 2, labels, ["a", "b", "c"]);
    }

    [Fact]
    public void SelectCopiesRowsAndLabelsInOrder()
    {
        Dataset picked = Sample().Select([5, 95, 5]);
        Assert.Equal(new float[] { 10, 11, 190, 191, 10, 11 }, picked.Features.ToArray());
        Assert.Equal(new[] { 0, 2, 0 }, picked.Labels);
        Assert.Equal(3, picked.ClassNames!.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => Sample().Select([100]));
    }

    [Fact]
    public void StratifiedSubsampleKeepsProportionsAndIsSeeded()
    {
        Dataset data = Sample();
        Dataset sub = data.Subsample(10, seed: 3);
        Assert.Equal(10, sub.Count);
        Assert.Equal(new[] { 7, 2, 1 }, Enumerable.Range(0, 3).Select(c => sub.Labels!.Count(l => l == c)).ToArray());
        Assert.Equal(sub.Features.ToArray(), data.Subsample(10, seed: 3).Features.ToArray());
        Assert.NotEqual(sub.Features.ToArray(), data.Subsample(10, seed: 4).Features.ToArray());
        float[] rowStarts = Enumerable.Range(0, 10).Select(i => sub.Row(i)[0]).ToArray();
        Assert.Equal(rowStarts.Order().ToArray(), rowStarts);
        Assert.Same(data, data.Subsample(500, seed: 1));
        Assert.Equal(10, data.Subsample(10, seed: 1, stratified: false).Count);
    }

    [Fact]
    public void InconsistentSizesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new Dataset("x", new float[5], 2));
        Assert.Throws<ArgumentException>(() => new Dataset("x", new float[4], 2, [0]));
        Assert.Throws<ArgumentException>(() => new Dataset("x", new float[4], 2, imageShape: new ImageShape(1, 2, 2)));
    }
}
