using Agrupa.Cli;

namespace Agrupa.Tests.Cli;

public class ReduceCommandTests
{
    private static string WriteCsv(string folder)
    {
        var random = new Random(1);
        var lines = new List<string> { "a,b,c,d,label" };
        for (int i = 0; i < 120; i++)
        {
            int label = i % 2;
            lines.Add(string.Join(',', Enumerable.Range(0, 4).Select(_ => (random.NextDouble() + label * 20).ToString(System.Globalization.CultureInfo.InvariantCulture))) + $",{label}");
        }
        string path = Path.Combine(folder, "points.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Theory]
    [InlineData("pca", "embedding.csv")]
    [InlineData("umap", "embedding.npy")]
    [InlineData("tsne", "embedding.csv")]
    public void WritesTheEmbedding(string method, string file)
    {
        string folder = Directory.CreateTempSubdirectory("agrupa-reduce-").FullName;
        try
        {
            string input = WriteCsv(folder), output = Path.Combine(folder, file);
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int code = CliApplication.Run(["reduce", "--data", input, "--method", method, "--dims", "2", "--epochs", "30", "--out", output], stdout, stderr);
            Assert.True(code == 0, stderr.ToString());
            Assert.True(File.Exists(output));
            Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
            if (file.EndsWith(".csv"))
            {
                string[] lines = File.ReadAllLines(output);
                Assert.Equal("dim_1,dim_2,label", lines[0]);
                Assert.Equal(121, lines.Length);
            }
            else
            {
                byte[] bytes = File.ReadAllBytes(output);
                Assert.Equal(0x93, bytes[0]);
                Assert.Contains("'shape': (120, 2)", System.Text.Encoding.ASCII.GetString(bytes, 10, 100));
                Assert.Equal(0, (10 + BitConverter.ToUInt16(bytes, 8)) % 64);
                Assert.Equal(10 + BitConverter.ToUInt16(bytes, 8) + 120 * 2 * 4, bytes.Length);
            }
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void BadArgumentsGiveUsageErrorsAndNoFile()
    {
        string folder = Directory.CreateTempSubdirectory("agrupa-reduce-").FullName;
        try
        {
            string input = WriteCsv(folder), output = Path.Combine(folder, "out.csv");
            var stderr = new StringWriter();
            Assert.Equal(2, CliApplication.Run(["reduce", "--data", input, "--method", "nope", "--out", output], new StringWriter(), stderr));
            Assert.Equal(2, CliApplication.Run(["reduce", "--data", input, "--dims", "0", "--out", output], new StringWriter(), stderr));
            Assert.Equal(2, CliApplication.Run(["reduce", "--data", input, "--method", "tsne", "--perplexity", "0", "--out", output], new StringWriter(), stderr));
            Assert.Equal(2, CliApplication.Run(["reduce", "--data", input, "--method", "tsne", "--epochs", "0", "--out", output], new StringWriter(), stderr));
            Assert.Equal(2, CliApplication.Run(["reduce", "--data", input, "--out", Path.Combine(folder, "out.txt")], new StringWriter(), stderr));
            Assert.Equal(1, CliApplication.Run(["reduce", "--data", Path.Combine(folder, "missing.csv"), "--out", output], new StringWriter(), stderr));
            File.WriteAllText(Path.Combine(folder, "bad.csv"), "a,b\n1,2\n3,x\n");
            var error = new StringWriter();
            Assert.Equal(1, CliApplication.Run(["reduce", "--data", Path.Combine(folder, "bad.csv"), "--out", output], new StringWriter(), error));
            Assert.Contains("bad.csv", error.ToString());
            Assert.False(File.Exists(output));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
