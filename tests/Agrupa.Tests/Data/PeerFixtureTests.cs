using System.Text.Json;
using Agrupa.Data;

namespace Agrupa.Tests.Data;

/// <summary>
/// Files written by NumPy 1.24 and h5py 3.7 (Fixtures/data/generate.py) read to the values NumPy itself reports
/// (Fixtures/data/expected.json): every dtype, byte order and memory order, and an h5py file laid out as USPS's.
/// </summary>
public sealed class PeerFixtureTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "data");
    private static readonly JsonElement Expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "expected.json"))).RootElement;

    public static TheoryData<string> NpyNames()
    {
        var names = new TheoryData<string>();
        foreach (JsonProperty p in Expected.GetProperty("npy").EnumerateObject())
            if (p.Name != "labels_i8") names.Add(p.Name);
        return names;
    }

    [Theory]
    [MemberData(nameof(NpyNames))]
    public void NumPyFilesReadToNumPysValues(string name)
    {
        JsonElement expected = Expected.GetProperty("npy").GetProperty(name);
        int[] shape = expected.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        float[] values = expected.GetProperty("values").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
        Dataset data = NpyReader.Read(Path.Combine(Folder, $"{name}.npy"));
        Assert.Equal(shape[0], data.Count);
        Assert.Equal(values, data.Features.ToArray());
        if (shape.Length == 3) Assert.Equal(new ImageShape(1, shape[1], shape[2]), data.ImageShape);
        if (shape.Length == 4) Assert.Equal(new ImageShape(shape[1], shape[2], shape[3]), data.ImageShape);
    }

    [Fact]
    public void NumPyLabels()
    {
        Assert.Equal(new[] { 3, 0, 2, 2, 1 }, NpyReader.ReadLabels(Path.Combine(Folder, "labels_i8.npy")));
    }

    [Theory]
    [InlineData("/train/data", "/train/target")]
    [InlineData("/test/data", "/test/target")]
    public void H5pyFileReadsLikeUsps(string dataPath, string targetPath)
    {
        JsonElement hdf5 = Expected.GetProperty("hdf5");
        float[] values = hdf5.GetProperty(dataPath).GetProperty("values").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
        int[] target = hdf5.GetProperty(targetPath).EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Dataset data = Hdf5Reader.Read(Path.Combine(Folder, "usps_like.h5"), dataPath);
        Assert.Equal(16, data.FeatureCount);
        Assert.Equal(values, data.Features.ToArray());
        Assert.Equal(target, data.Labels);
    }

    [Fact]
    public void H5pyStringDataSetIsAnUnsupportedType()
    {
        string path = Path.Combine(Folder, "usps_like.h5");
        var error = Assert.Throws<DataFormatException>(() => Hdf5Reader.Read(path, "/strings", ""));
        Assert.Contains("supported", error.Message);
        Assert.Contains("/train/data", Hdf5Reader.ListDatasets(path));
    }
}
