using System.Text.Json;

namespace Agrupa.Experiments;

/// <summary>Plot settings of an experiment's report.</summary>
public sealed record PlotSpec
{
    /// <summary>
    /// Reducer (a registry name with its dimension, e.g. "pca2", "umap2") that draws the shared 2-D view every pipeline's
    /// clusters are shown on; a pipeline whose own reducer has 2 dimensions is also shown on its own embedding.
    /// Null = no shared view (data with exactly 2 features are shown as they are).
    /// </summary>
    public string? View { get; init; } = "pca2";

    /// <summary>At most this many points (a stratified subsample) in every scatter plot; the view is fitted on them.</summary>
    public int MaxPoints { get; init; } = 5000;

    /// <summary>Images shown per cluster in the sample grids of image data (0 = no grids).</summary>
    public int SamplesPerCluster { get; init; } = 8;

    internal void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        if (View is null) writer.WriteNull("view");
        else writer.WriteString("view", View);
        writer.WriteNumber("maxPoints", MaxPoints);
        writer.WriteNumber("samplesPerCluster", SamplesPerCluster);
        writer.WriteEndObject();
    }
}
