using System.Text.Json.Nodes;
using Agrupa.Clustering;
using Agrupa.Data;
using Agrupa.Data.Scaling;
using Agrupa.Persistence;

namespace Agrupa.DeepClustering;

/// <summary>
/// A fitted clustering model as saved by <c>agrupa fit</c> and read by <c>agrupa predict</c>: the model plus the
/// feature scaling it was fitted with (header entry "scaler", see <see cref="ScalerJson"/>), so new data go through the
/// same map before <see cref="Predict"/>. Supported kinds: "deep-clustering" (<see cref="DeepClusteringModel"/>),
/// "n2d" (<see cref="N2dModel"/>), "kmeans" (<see cref="KMeansModel"/>) and "gaussian-mixture"
/// (<see cref="GaussianMixtureModel"/>).
/// </summary>
public sealed class ClusteringModelFile : IDisposable
{
    /// <summary>The model-file kinds <see cref="Load"/> accepts.</summary>
    public static IReadOnlyList<string> SupportedKinds { get; } = [DeepClusteringModel.FileKind, N2dModel.FileKind, KMeansModel.FileKind, GaussianMixtureModel.FileKind];

    private ClusteringModelFile(string kind, string method, IClusteringModel model, FittedScaler? scaler)
    {
        Kind = kind;
        Method = method;
        Model = model;
        Scaler = scaler;
    }

    /// <summary>The model-file kind ("deep-clustering", "n2d", "kmeans", "gaussian-mixture").</summary>
    public string Kind { get; }

    /// <summary>The method name ("dec", …, "n2d", "kmeans", "gmm").</summary>
    public string Method { get; }

    /// <summary>The fitted model (expects scaled rows).</summary>
    public IClusteringModel Model { get; }

    /// <summary>The scaling applied to raw rows before <see cref="Model"/>, or null for none.</summary>
    public FittedScaler? Scaler { get; }

    /// <summary>Features per raw input row.</summary>
    public int FeatureCount => Model switch
    {
        DeepClusteringModel deep => deep.FeatureCount,
        N2dModel n2d => n2d.FeatureCount,
        KMeansModel kmeans => kmeans.FeatureCount,
        GaussianMixtureModel mixture => mixture.FeatureCount,
        _ => Scaler?.FeatureCount ?? 0,
    };

    /// <summary>Labels and confidences of raw rows: <see cref="Scaler"/> first, then the model.</summary>
    /// <exception cref="ArgumentException">The data have another feature count than the model.</exception>
    public ClusterAssignment Predict(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (FeatureCount > 0 && data.FeatureCount != FeatureCount)
            throw new ArgumentException($"The model was fitted on {FeatureCount} features per row, the data have {data.FeatureCount}.", nameof(data));
        return Model.Predict(Scaler is null ? data : Scaler.Transform(data));
    }

    /// <summary>
    /// Writes <paramref name="model"/> with <paramref name="scaler"/> (null: the model was fitted on raw rows) to
    /// <paramref name="path"/> atomically.
    /// </summary>
    /// <exception cref="NotSupportedException">The model type has no model-file form.</exception>
    public static void Save(string path, IClusteringModel model, FittedScaler? scaler)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(model);
        JsonObject? extra = scaler is null ? null : new JsonObject { ["scaler"] = ScalerJson.ToJson(scaler) };
        switch (model)
        {
            case KMeansModel kmeans:
                kmeans.Save(path, extra);
                break;
            case GaussianMixtureModel mixture:
                mixture.Save(path, extra);
                break;
            case DeepClusteringModel deep:
                deep.Save(path);
                if (extra is not null)
                {
                    // The deep model writes its own header; add the scaler and rewrite (atomic again).
                    ModelFileContent content = ModelFile.Read(path, DeepClusteringModel.FileKind);
                    content.Header["scaler"] = extra["scaler"]!.DeepClone();
                    ModelFile.Write(path, content);
                }
                break;
            case N2dModel n2d:
                n2d.Save(path, extra);
                break;
            default:
                throw new NotSupportedException($"{model.GetType().Name} cannot be saved as a model file.");
        }
    }

    /// <summary>
    /// Reads a model written by <see cref="Save"/> (or by the models' own Save methods). A file of another kind, or a
    /// malformed one, is a <see cref="DataFormatException"/> naming the kind and the supported kinds.
    /// </summary>
    public static ClusteringModelFile Load(string path)
    {
        ModelFileContent content = ModelFile.Read(path);
        FittedScaler? scaler = content.Header["scaler"] is JsonObject json ? ScalerJson.FromJson(json, path) : null;
        switch (content.Kind)
        {
            case KMeansModel.FileKind:
                return new ClusteringModelFile(content.Kind, "kmeans", KMeansModel.FromContent(content, path), scaler);
            case GaussianMixtureModel.FileKind:
                return new ClusteringModelFile(content.Kind, "gmm", GaussianMixtureModel.FromContent(content, path), scaler);
            case N2dModel.FileKind:
                return new ClusteringModelFile(content.Kind, "n2d", N2dModel.FromContent(content, path), scaler);
            case DeepClusteringModel.FileKind:
                DeepClusteringModel deep = DeepClusteringModel.Load(path);
                return new ClusteringModelFile(content.Kind, deep.Method, deep, scaler);
            default:
                throw new DataFormatException(path, $"the file holds a '{content.Kind}' model, which cannot predict clusters; expected one of {string.Join(", ", SupportedKinds)} (written by 'agrupa fit').");
        }
    }

    /// <summary>Frees the model's native memory (deep models).</summary>
    public void Dispose() => (Model as IDisposable)?.Dispose();
}
