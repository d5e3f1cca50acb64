using System.Globalization;
using System.Text.Json.Nodes;
using Agrupa.Data;

namespace Agrupa.DeepClustering;

/// <summary>
/// How one view's embedding enters N2D's joint code when there are several (<see cref="N2dOptions.Views"/>): centred
/// on its training mean and multiplied by one scale, chosen so that every view's centred code has the same mean squared
/// norm, 1/V for V views. Each view keeps its own geometry (distances within a view are only rescaled) and every view
/// weighs equally in the joint code's distances, whatever its dimension or units.
/// </summary>
internal sealed record ViewScaling(float[] Mean, float Scale)
{
    /// <summary>The scaling of a view whose training embedding is <paramref name="code"/>, one of <paramref name="views"/>.</summary>
    public static ViewScaling Fit(Dataset code, int views)
    {
        int n = code.Count, e = code.FeatureCount;
        ReadOnlySpan<float> x = code.Features.Span;
        var mean = new double[e];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < e; j++) mean[j] += x[i * e + j];
        for (int j = 0; j < e; j++) mean[j] /= n;
        double squares = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < e; j++)
            {
                double d = x[i * e + j] - mean[j];
                squares += d * d;
            }
        double meanSquaredNorm = squares / n;
        float scale = meanSquaredNorm > 0 ? (float)(1 / Math.Sqrt(views * meanSquaredNorm)) : 1f;
        return new ViewScaling(Array.ConvertAll(mean, m => (float)m), scale);
    }

    /// <summary>The views' embeddings of the same rows, each scaled, side by side (n × Σ dimensions).</summary>
    public static Dataset Join(IReadOnlyList<Dataset> codes, IReadOnlyList<ViewScaling> scalings)
    {
        if (codes.Count != scalings.Count) throw new ArgumentException($"{codes.Count} embeddings but {scalings.Count} scalings.", nameof(scalings));
        int n = codes[0].Count, total = codes.Sum(c => c.FeatureCount);
        var joint = new float[(long)n * total];
        int offset = 0;
        for (int v = 0; v < codes.Count; v++)
        {
            Dataset code = codes[v];
            ViewScaling scaling = scalings[v];
            int e = code.FeatureCount;
            if (code.Count != n) throw new ArgumentException($"View {v} embeds {code.Count} rows, view 0 {n}.", nameof(codes));
            if (scaling.Mean.Length != e) throw new ArgumentException($"View {v} has {e} dimensions, its scaling {scaling.Mean.Length}.", nameof(scalings));
            ReadOnlySpan<float> x = code.Features.Span;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < e; j++) joint[(long)i * total + offset + j] = (x[i * e + j] - scaling.Mean[j]) * scaling.Scale;
            offset += e;
        }
        return codes[0].WithFeatures(joint, total);
    }

    /// <summary>As a model-file header entry: <c>{"mean": [...], "scale": s}</c>, floats in shortest round-trip form.</summary>
    public JsonObject ToJson() => new()
    {
        ["mean"] = new JsonArray(Mean.Select(m => (JsonNode)JsonValue.Create(m)).ToArray()),
        ["scale"] = Scale,
    };

    /// <summary>Reads <see cref="ToJson"/>'s form; a malformed entry is a <see cref="DataFormatException"/> naming <paramref name="path"/>.</summary>
    public static ViewScaling FromJson(JsonNode? node, string path, int view)
    {
        try
        {
            var json = node as JsonObject ?? throw new InvalidOperationException("not an object");
            var means = json["mean"] as JsonArray ?? throw new InvalidOperationException("no mean");
            float[] mean = means.Select(m => m?.GetValue<float>() ?? throw new InvalidOperationException("a null mean")).ToArray();
            float scale = json["scale"]?.GetValue<float>() ?? throw new InvalidOperationException("no scale");
            if (!float.IsFinite(scale) || scale <= 0 || mean.Any(m => !float.IsFinite(m))) throw new InvalidOperationException("values out of range");
            return new ViewScaling(mean, scale);
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException)
        {
            throw new DataFormatException(path, string.Create(CultureInfo.InvariantCulture, $"the scaling of view {view} is invalid ({exception.Message})."), inner: exception);
        }
    }
}
