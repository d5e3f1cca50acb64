using Agrupa.Data;
using Agrupa.Data.Scaling;

namespace Agrupa.Tests.Data;

public sealed class ScalerTests
{
    // Columns: varying, constant, large offset.
    private static readonly Dataset Data = new("t", [1, 5, 1000, 2, 5, 1002, 3, 5, 1004, 6, 5, 1010], 3, [0, 1, 0, 1]);

    [Fact]
    public void StandardScalerMatchesHandComputedZScores()
    {
        FittedScaler scaler = new StandardScaler().Fit(Data);
        Dataset z = scaler.Transform(Data);
        // Column 0: mean 3, population std sqrt(((−2)² + (−1)² + 0² + 3²)/4) = sqrt(3.5).
        Assert.Equal(-2 / MathF.Sqrt(3.5f), z.Row(0)[0], 1e-6f);
        Assert.Equal(3 / MathF.Sqrt(3.5f), z.Row(3)[0], 1e-6f);
        Assert.All(Enumerable.Range(0, 4), i => Assert.Equal(0f, z.Row(i)[1]));
        Assert.Equal(1f, scaler.Scales[1]);
        Assert.Equal(Data.Labels, z.Labels);
        Dataset back = scaler.InverseTransform(z);
        for (int i = 0; i < Data.FeatureArray.Length; i++) Assert.Equal(Data.FeatureArray[i], back.FeatureArray[i], 1e-3f);
    }

    [Fact]
    public void MinMaxScalerMapsToTheRangeAndAppliesToNewData()
    {
        FittedScaler scaler = new MinMaxScaler().Fit(Data);
        Dataset m = scaler.Transform(Data);
        Assert.Equal(0f, m.Row(0)[0]);
        Assert.Equal(1f, m.Row(3)[0], 1e-6f);
        Assert.Equal(0.2f, m.Row(1)[0], 1e-6f);
        Assert.Equal(0f, m.Row(2)[1]);
        Assert.Equal(0.4f, m.Row(2)[2], 1e-5f);
        Dataset fresh = new("n", [11, 5, 1000], 3);
        Assert.Equal(2f, scaler.Transform(fresh).Row(0)[0], 1e-6f);
        Dataset wide = new MinMaxScaler(-1, 1).Fit(Data).Transform(Data);
        Assert.Equal(-1f, wide.Row(0)[0]);
        Assert.Equal(1f, wide.Row(3)[0], 1e-6f);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MinMaxScaler(1, 1));
    }

    [Fact]
    public void PixelScalerDividesBy255AndKeepsTheImageShape()
    {
        Dataset images = new("i", [0, 255, 51, 102], 4, imageShape: new ImageShape(1, 2, 2));
        Dataset scaled = new PixelScaler().Fit(images).Transform(images);
        Assert.Equal(new[] { 0f, 1f, 0.2f, 0.4f }, scaled.Features.ToArray());
        Assert.Equal(images.ImageShape, scaled.ImageShape);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PixelScaler(0));
    }

    [Fact]
    public void WrongFeatureCountIsAnArgumentError()
    {
        FittedScaler scaler = new StandardScaler().Fit(Data);
        var error = Assert.Throws<ArgumentException>(() => scaler.Transform(new Dataset("x", [1, 2], 2)));
        Assert.Contains("3 features", error.Message);
    }

    [Fact]
    public void ConstantDataNeverProducesNaN()
    {
        Dataset constant = new("c", Enumerable.Repeat(0.1f, 30).ToArray(), 3);
        foreach (IScaler s in new IScaler[] { new StandardScaler(), new MinMaxScaler() })
            Assert.All(s.Fit(constant).Transform(constant).Features.ToArray(), v => Assert.True(float.IsFinite(v)));
    }
}
