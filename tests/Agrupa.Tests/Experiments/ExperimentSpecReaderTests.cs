using Agrupa.Data;
using Agrupa.Experiments;

namespace Agrupa.Tests.Experiments;

public sealed class ExperimentSpecReaderTests
{
    [Fact]
    public void ReadsEveryFieldOfAFullSpec()
    {
        ExperimentSpec spec = ExperimentSpecReader.Parse("""
            // comments are allowed
            {
              "name": "fashion-12-1",
              "description": "Thesis Table 12.1",
              "data": { "name": "fashion-mnist", "scaling": "pixel", "subsample": 10000, "subsampleSeed": 3 },
              "clusters": 10,
              "pipelines": [
                "kmeans",
                { "name": "pca50+hdbscan", "label": "PCA50 + HDBSCAN", "clusters": 12, "preset": "quick",
                  "reducer": { "whiten": true }, "clusterer": { "minClusterSize": 50 } }
              ],
              "seeds": [7, 8],
              "metrics": ["acc", "NMI", "ari"],
              "output": "out/fashion",
              "plots": { "view": "umap2", "maxPoints": 3000, "samplesPerCluster": 4 },
            }
            """);
        Assert.Equal("fashion-12-1", spec.Name);
        Assert.Equal("Thesis Table 12.1", spec.Description);
        Assert.Equal("fashion-mnist", spec.Data.Name);
        Assert.Equal(DataScaling.Pixel, spec.Data.Scaling);
        Assert.Equal(10000, spec.Data.Subsample);
        Assert.Equal(3, spec.Data.SubsampleSeed);
        Assert.Equal(10, spec.Clusters);
        Assert.Equal(2, spec.Pipelines.Count);
        Assert.Equal("kmeans", spec.Pipelines[0].DisplayName);
        PipelineSpec second = spec.Pipelines[1];
        Assert.Equal(("pca50+hdbscan", "PCA50 + HDBSCAN", 12, "quick"), (second.Name, second.DisplayName, second.Clusters, second.Preset));
        Assert.True(second.ReducerOptions!.Value.GetProperty("whiten").GetBoolean());
        Assert.Equal(50, second.ClustererOptions!.Value.GetProperty("minClusterSize").GetInt32());
        Assert.Equal([7, 8], spec.Seeds);
        Assert.Equal(["acc", "nmi", "ari"], spec.Metrics);
        Assert.Equal("out/fashion", spec.Output);
        Assert.Equal(new PlotSpec { View = "umap2", MaxPoints = 3000, SamplesPerCluster = 4 }, spec.Plots);
        // The canonical JSON reads back to the same spec.
        ExperimentSpec again = ExperimentSpecReader.Parse(spec.ToJson());
        Assert.Equal(spec.ToJson(), again.ToJson());
    }

    [Fact]
    public void SeedCountMeansSeedsFromZeroAndMetricsDefaultToTheFourExternalIndices()
    {
        ExperimentSpec spec = ExperimentSpecReader.Parse("""{ "name": "a", "data": { "name": "iris" }, "pipelines": ["kmeans"], "seeds": 3 }""");
        Assert.Equal([0, 1, 2], spec.Seeds);
        Assert.Equal(["acc", "nmi", "ami", "ari"], spec.Metrics);
        Assert.Equal(DataScaling.None, spec.Data.Scaling);
        Assert.Equal("pca2", spec.Plots.View);
    }

    [Fact]
    public void ARelativeDataPathIsResolvedAgainstTheSpecFolder()
    {
        string folder = Directory.CreateTempSubdirectory("agrupa-spec-").FullName;
        try
        {
            string file = Path.Combine(folder, "spec.json");
            File.WriteAllText(file, """{ "name": "a", "data": { "path": "data/x.csv" }, "pipelines": ["kmeans"], "seeds": [1] }""");
            ExperimentSpec spec = ExperimentSpecReader.ReadFile(file);
            Assert.Equal(Path.Combine(folder, "data", "x.csv"), spec.Data.Path);
            Assert.Equal("x", spec.Data.DisplayName);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("""{ "data": { "name": "iris" }, "pipelines": ["kmeans"], "seeds": 1 }""", "$.name: is required but missing")]
    [InlineData("""{ "name": "a b", "data": { "name": "iris" }, "pipelines": ["kmeans"], "seeds": 1 }""", "$.name: expected a name of letters")]
    [InlineData("""{ "name": "a", "pipelines": ["kmeans"], "seeds": 1 }""", "$.data: is required but missing")]
    [InlineData("""{ "name": "a", "data": { "name": "iris", "path": "x.csv" }, "pipelines": ["kmeans"], "seeds": 1 }""", "$.data: expected exactly one of \"name\"")]
    [InlineData("""{ "name": "a", "data": { "name": "iris", "scaling": "log" }, "pipelines": ["kmeans"], "seeds": 1 }""", "$.data.scaling: expected one of \"none\", \"zscore\", \"minmax\", \"pixel\", got \"log\"")]
    [InlineData("""{ "name": "a", "data": { "name": "iris", "subsample": 1 }, "pipelines": ["kmeans"], "seeds": 1 }""", "$.data.subsample: expected an integer ≥ 2, got 1")]
    [InlineData("""{ "name": "a", "data": { "name": "iris" }, "pipelines": [], "seeds": 1 }""", "$.pipelines: expected a non-empty array")]
    [InlineData("""{ "name": "a", "data": { "name": "iris" }, "pipelines": ["kmeans", "K-Means"], "seeds": 1 }""", "$.pipelines[1]: expected a method name")]
    [InlineData("""{ "name": "a", "data": { "name": "iris" }, "pipelines": ["a+b+c"], "seeds": 1 }""", "$.pipelines[0]: expected a method name")]
    [InlineData("""{ "name": "a", "data": { "name": "iris" }, "pipelines": [{ "label": "x" }], "seeds": 1 }""", "$.pipelines[0].name: is required but missing")]
    [InlineData("""{ "name": "a", "data": { "name": "iris" }, "pipelines": [{ "name": "kmeans", "k": 3 }], "seeds": 1 }""", "$.pipelines[0].k: unknown property; expected one of name, label, clusters, preset, reducer, clusterer")]
    [InlineData("""{ "name": "a", "data": { "name": "iris" }, "pipelines": [{ "name": "kmeans", "reducer": {} }], "seeds": 1 }""", "$.pipelines[0].reducer: reducer options need a two-stage pipeline")]
    [InlineData("""{ "name": "a", "data": { "name": "iris" }, "pipelines": [{ "name": "umap10+gmm", "pretrained": "ae.agrupa" }], "seeds": 1 }""", "$.pipelines[0].pretrained: a pretrained autoencoder starts a deep clusterer, so it needs a one-stage pipeline")]
    [InlineData("""{ "name": "a", "data": { "name": "iris" }, "pipelines": [{ "name": "dec", "pretrained": "" }], "seeds": 1 }""", "$.pipelines[0].pretrained: expected a non-empty string")]
    [InlineData("""{ "name": "a", "data": { "name": "iris" }, "pipelines": [{ "name": "kmeans", "clusterer": 3 }], "seeds": 1 }""", "$.pipelines[0].clusterer: expected an object of options, got 3")]
    [InlineData("""{ "name": "a", "data": { "name": "iris" }, "pipelines": ["kmeans", "kmeans"], "seeds": 1 }""", "$.pipelines[1]: expected a unique label")]
    [InlineData("""{ "name": "a", "data": { "name": "iris" }, "pipelines": ["kmeans"], "seeds": [1, "a"] }""", "$.seeds[1]: expected an integer seed, got \"a\"")]
    [InlineData("""{ "name": "a", "data": { "name": "iris" }, "pipelines": ["kmeans"], "seeds": [1, 1] }""", "$.seeds[1]: expected distinct seeds: 1 is repeated")]
    [InlineData("""{ "name": "a", "data": { "name": "iris" }, "pipelines": ["kmeans"], "seeds": 0 }""", "$.seeds: expected a seed count from 1 to 1000")]
    [InlineData("""{ "name": "a", "data": { "name": "iris" }, "pipelines": ["kmeans"] }""", "$.seeds: is required but missing")]
    [InlineData("""{ "name": "a", "data": { "name": "iris" }, "pipelines": ["kmeans"], "seeds": 1, "metrics": ["acc", "f1"] }""", "$.metrics[1]: expected one of acc, nmi")]
    [InlineData("""{ "name": "a", "data": { "name": "iris" }, "pipelines": ["kmeans"], "seeds": 1, "clusters": 0 }""", "$.clusters: expected an integer ≥ 1, got 0")]
    [InlineData("""{ "name": "a", "data": { "name": "iris" }, "pipelines": ["kmeans"], "seeds": 1, "plots": { "view": "pca2+kmeans" } }""", "$.plots.view: expected a reducer name")]
    [InlineData("""{ "name": "a", "data": { "name": "iris" }, "pipelines": ["kmeans"], "seeds": 1, "plots": { "samplesPerCluster": 99 } }""", "$.plots.samplesPerCluster: expected an integer from 0 to 32, got 99")]
    [InlineData("""{ "name": "a", "data": { "name": "iris" }, "pipelines": ["kmeans"], "seeds": 1, "extra": true }""", "$.extra: unknown property")]
    [InlineData("""[1]""", "$: expected an object")]
    public void InvalidSpecsAreRejectedNamingTheJsonPathAndWhatWasExpected(string json, string expected)
    {
        var error = Assert.Throws<DataFormatException>(() => ExperimentSpecReader.Parse(json, "my-spec.json"));
        Assert.Contains(expected, error.Message);
        Assert.StartsWith("my-spec.json: ", error.Message);
    }

    [Fact]
    public void MalformedJsonNamesTheLine()
    {
        var error = Assert.Throws<DataFormatException>(() => ExperimentSpecReader.Parse("{\n  \"name\": \"a\",\n  \"seeds\": [1,,]\n}", "bad.json"));
        Assert.Equal(3, error.Line);
        Assert.Contains("not valid JSON", error.Message);
    }

    [Fact]
    public void ListsOfSpecsNameTheIndexOfTheBadSpec()
    {
        const string good = """{ "name": "a", "data": { "name": "iris" }, "pipelines": ["kmeans"], "seeds": 1 }""";
        const string bad = """{ "name": "b", "data": { "name": "iris", "scaling": 5 }, "pipelines": ["kmeans"], "seeds": 1 }""";
        Assert.Equal(2, ExperimentSpecReader.ParseMany($"[{good}, {good.Replace("\"a\"", "\"c\"")}]").Count);
        var error = Assert.Throws<DataFormatException>(() => ExperimentSpecReader.ParseMany($"[{good}, {bad}]"));
        Assert.Contains("$[1].data.scaling", error.Message);
        Assert.Throws<DataFormatException>(() => ExperimentSpecReader.ParseMany("[]"));
    }
}
