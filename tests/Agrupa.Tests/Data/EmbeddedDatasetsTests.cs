using System.Globalization;
using Agrupa.Data;

namespace Agrupa.Tests.Data;

/// <summary>The embedded resources equal the shared CSVs in ../shared/data (row counts, class counts, every value).</summary>
public sealed class EmbeddedDatasetsTests
{
    private static readonly string SharedData = TestPaths.SharedData;

    [Theory]
    [InlineData("iris", 150, 4, new[] { 50, 50, 50 })]
    [InlineData("wine", 178, 13, new[] { 59, 71, 48 })]
    [InlineData("synthetic-control", 600, 60, new[] { 100, 100, 100, 100, 100, 100 })]
    [InlineData("digits", 1797, 64, new[] { 178, 182, 177, 183, 181, 182, 181, 179, 174, 180 })]
    public void SizesAndClassCountsMatchTheReadmes(string name, int rows, int features, int[] classCounts)
    {
        Dataset data = EmbeddedDatasets.Load(name);
        Assert.Equal(name, data.Name);
        Assert.Equal(rows, data.Count);
        Assert.Equal(features, data.FeatureCount);
        Assert.Equal(classCounts, Enumerable.Range(0, classCounts.Length).Select(c => data.Labels!.Count(l => l == c)).ToArray());
        Assert.Equal(classCounts.Length, data.ClassNames!.Count);
        Assert.All(data.Features.ToArray(), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void ClassNamesAndImageShape()
    {
        Assert.Equal(new[] { "setosa", "versicolor", "virginica" }, EmbeddedDatasets.Load("iris").ClassNames);
        Assert.Equal("cultivar 3", EmbeddedDatasets.Load("wine").ClassNames![2]);
        Assert.Equal("downward shift", EmbeddedDatasets.Load("synthetic-control").ClassNames![5]);
        Dataset digits = EmbeddedDatasets.Load("DIGITS");
        Assert.Equal(new ImageShape(1, 8, 8), digits.ImageShape);
        Assert.Equal("7", digits.ClassNames![7]);
        Assert.Throws<ArgumentException>(() => EmbeddedDatasets.Load("mnist"));
    }

    [Theory]
    [InlineData("iris", "iris/iris.csv")]
    [InlineData("wine", "wine/wine.csv")]
    [InlineData("synthetic-control", "synthetic_control/synthetic_control.csv")]
    [InlineData("digits", "digits/digits.csv")]
    public void EveryValueEqualsTheSharedCsv(string name, string file)
    {
        string path = Path.Combine(SharedData, file);
        Assert.True(File.Exists(path), $"shared data file {path} is missing");
        string[] lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        Dataset data = EmbeddedDatasets.Load(name);
        Assert.Equal(lines.Length - 1, data.Count);
        string[] header = lines[0].Split(',');
        Assert.Equal(header[..^1], data.FeatureNames);
        for (int i = 0; i < data.Count; i++)
        {
            string[] fields = lines[i + 1].Split(',');
            Assert.Equal(int.Parse(fields[^1], CultureInfo.InvariantCulture), data.Labels![i]);
            ReadOnlySpan<float> row = data.Row(i);
            for (int j = 0; j < data.FeatureCount; j++)
                Assert.Equal(float.Parse(fields[j], CultureInfo.InvariantCulture), row[j]);
        }
        Assert.Equal(5.1f, EmbeddedDatasets.Load("iris").Row(0)[0]);
    }

    [Fact]
    public void UciOriginalFormatsReadWithTheRightOptions()
    {
        Dataset synthetic = CsvReader.Read(Path.Combine(SharedData, "synthetic_control/synthetic_control.data"));
        Assert.Equal((600, 60), (synthetic.Count, synthetic.FeatureCount));
        Assert.Equal(28.7812f, synthetic.Row(0)[0]);
        Assert.Equal(EmbeddedDatasets.Load("synthetic-control").Features.ToArray(), synthetic.Features.ToArray());

        Dataset wine = CsvReader.Read(Path.Combine(SharedData, "wine/wine.data"), new CsvReadOptions { LabelColumnIndex = 0 });
        Assert.Equal(new[] { "1", "2", "3" }, wine.ClassNames);
        Assert.Equal(EmbeddedDatasets.Load("wine").Labels, wine.Labels);
        Assert.Equal(EmbeddedDatasets.Load("wine").Features.ToArray(), wine.Features.ToArray());

        Dataset iris = CsvReader.Read(Path.Combine(SharedData, "iris/bezdekIris.data"), new CsvReadOptions { LabelColumnIndex = -1 });
        Assert.Equal(new[] { "Iris-setosa", "Iris-versicolor", "Iris-virginica" }, iris.ClassNames);
        Assert.Equal(EmbeddedDatasets.Load("iris").Features.ToArray(), iris.Features.ToArray());
    }
}
