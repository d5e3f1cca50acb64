using Agrupa.Data;

namespace Agrupa.Tests.Data;

public sealed class CsvReaderTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void HeaderWithLabelColumnIsDetected()
    {
        string path = _files.Text("a.csv", "x,y,label\n1,2,0\n3.5,-4e2,1\n");
        Dataset data = CsvReader.Read(path);
        Assert.Equal(2, data.Count);
        Assert.Equal(2, data.FeatureCount);
        Assert.Equal(new float[] { 1, 2, 3.5f, -400 }, data.Features.ToArray());
        Assert.Equal(new[] { 0, 1 }, data.Labels);
        Assert.Null(data.ClassNames);
        Assert.Equal(new[] { "x", "y" }, data.FeatureNames);
        Assert.Equal("a", data.Name);
    }

    [Fact]
    public void NoHeaderNoLabels()
    {
        Dataset data = CsvReader.Read(_files.Text("b.csv", "1,2,3\n4,5,6\n"));
        Assert.Equal(2, data.Count);
        Assert.Equal(3, data.FeatureCount);
        Assert.Null(data.Labels);
        Assert.Null(data.FeatureNames);
    }

    [Theory]
    [InlineData("1;2;3\n4;5;6\n")]
    [InlineData("1\t2\t3\n4\t5\t6\n")]
    [InlineData("  1   2  3\n4 5\t6  \n")]
    [InlineData("1,2,3\r\n4,5,6\r\n")]
    [InlineData("\uFEFF1,2,3\n\n4,5,6\n\n")]
    public void DelimitersLineEndsBomAndBlankLinesAreHandled(string content)
    {
        Dataset data = CsvReader.Read(_files.Text("d.csv", content));
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, data.Features.ToArray());
    }

    [Fact]
    public void ExplicitDelimiterOverridesDetection()
    {
        Dataset data = CsvReader.Read(_files.Text("e.csv", "1.5;2\n3;4\n"), new CsvReadOptions { Delimiter = ';' });
        Assert.Equal(new float[] { 1.5f, 2, 3, 4 }, data.Features.ToArray());
    }

    [Fact]
    public void StringLabelsBecomeSortedClassNames()
    {
        string path = _files.Text("s.csv", "5.1,3.5,Iris-virginica\n4.9,3.0,Iris-setosa\n6.0,2.2,Iris-virginica\n");
        Dataset data = CsvReader.Read(path, new CsvReadOptions { LabelColumnIndex = -1 });
        Assert.Equal(new[] { "Iris-setosa", "Iris-virginica" }, data.ClassNames);
        Assert.Equal(new[] { 1, 0, 1 }, data.Labels);
        Assert.Equal(2, data.FeatureCount);
    }

    [Fact]
    public void NonContiguousIntegerLabelsAreMappedInNumericOrder()
    {
        Dataset data = CsvReader.Read(_files.Text("w.csv", "3,1.0\n1,2.0\n10,3.0\n"), new CsvReadOptions { LabelColumnIndex = 0 });
        Assert.Equal(new[] { "1", "3", "10" }, data.ClassNames);
        Assert.Equal(new[] { 1, 0, 2 }, data.Labels);
    }

    [Fact]
    public void LabelColumnByNameAndNoLabels()
    {
        string path = _files.Text("n.csv", "cls,a,label\n1,2,3\n0,5,6\n");
        Dataset byName = CsvReader.Read(path, new CsvReadOptions { LabelColumn = "CLS" });
        Assert.Equal(new[] { 1, 0 }, byName.Labels);
        Assert.Equal(new[] { "a", "label" }, byName.FeatureNames);
        Dataset none = CsvReader.Read(path, new CsvReadOptions { NoLabels = true });
        Assert.Null(none.Labels);
        Assert.Equal(3, none.FeatureCount);
    }

    [Fact]
    public void QuotedFieldsAreUnquoted()
    {
        Dataset data = CsvReader.Read(_files.Text("q.csv", "\"a, b\",\"c\"\"d\",label\n\"1\",2,x\n3,4,y\n"));
        Assert.Equal(new[] { "a, b", "c\"d" }, data.FeatureNames);
        Assert.Equal(new[] { "x", "y" }, data.ClassNames);
    }

    [Theory]
    [InlineData("a,b\n1,2\n3,x\n", 3, 2, "expected a number")]
    [InlineData("a,b\n1,2\n3,\n", 3, 2, "missing value")]
    [InlineData("a,b\n1,2\n3,4,5\n", 3, null, "expected 2 fields")]
    [InlineData("a,b\n1,2\nnan,4\n", 3, 1, "NaN")]
    [InlineData("a,b\n1,2\n3,-inf\n", 3, 2, "infinite")]
    [InlineData("a,b\n1,1e39\n", 2, 2, "float32 range")]
    [InlineData("a,b\n1,\"2\n", 2, 2, "unterminated")]
    public void MalformedValuesNameLineAndColumn(string content, int line, int? column, string expected)
    {
        string path = _files.Text("bad.csv", content);
        var error = Assert.Throws<DataFormatException>(() => CsvReader.Read(path));
        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Contains(expected, error.Message);
        Assert.StartsWith(path, error.Message);
    }

    [Fact]
    public void NonFiniteValuesAreKeptWhenAllowed()
    {
        Dataset data = CsvReader.Read(_files.Text("nan.csv", "1,NaN\ninf,2\n"), new CsvReadOptions { AllowNonFinite = true });
        Assert.True(float.IsNaN(data.Features.Span[1]));
        Assert.True(float.IsPositiveInfinity(data.Features.Span[2]));
    }

    [Fact]
    public void NonUtf8IsRejectedWithOffset()
    {
        string path = _files.Bytes("latin1.csv", [(byte)'1', (byte)',', (byte)'2', (byte)'\n', 0xE9, (byte)',', (byte)'3', (byte)'\n']);
        var error = Assert.Throws<DataFormatException>(() => CsvReader.Read(path));
        Assert.Equal(4, error.Offset);
        Assert.Equal(2, error.Line);
        Assert.Contains("UTF-8", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n  \n")]
    [InlineData("a,b,label\n")]
    [InlineData("label\n1\n2\n")]
    public void EmptyHeaderOnlyOrLabelOnlyFilesAreRejected(string content)
    {
        string path = _files.Text("empty.csv", content);
        var error = Assert.Throws<DataFormatException>(() => CsvReader.Read(path));
        Assert.Equal(path, error.Path);
    }

    [Fact]
    public void OneRowIsAValidDataSet()
    {
        Dataset data = CsvReader.Read(_files.Text("one.csv", "1,2,3\n"));
        Assert.Equal(1, data.Count);
    }

    [Fact]
    public void UnknownLabelColumnListsTheHeader()
    {
        string path = _files.Text("h.csv", "a,b\n1,2\n");
        var error = Assert.Throws<DataFormatException>(() => CsvReader.Read(path, new CsvReadOptions { LabelColumn = "species" }));
        Assert.Contains("a, b", error.Message);
        Assert.Throws<DataFormatException>(() => CsvReader.Read(path, new CsvReadOptions { LabelColumnIndex = 2 }));
    }

    [Fact]
    public void ConflictingOptionsAreArgumentErrors()
    {
        string path = _files.Text("c.csv", "1,2\n");
        Assert.Throws<ArgumentException>(() => CsvReader.Read(path, new CsvReadOptions { LabelColumn = "a", NoLabels = true }));
        Assert.Throws<ArgumentOutOfRangeException>(() => CsvReader.Read(path, new CsvReadOptions { Delimiter = '|' }));
    }

    [Fact]
    public void GzipCompressedCsvIsRead()
    {
        string path = _files.Bytes("z.csv.gz", TestFiles.Gzip("a,label\n1,0\n2,1\n"u8.ToArray()));
        Dataset data = CsvReader.Read(path);
        Assert.Equal("z", data.Name);
        Assert.Equal(new[] { 0, 1 }, data.Labels);
    }

    [Fact]
    public void MissingFileIsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => CsvReader.Read(_files.PathOf("absent.csv")));
    }
}
