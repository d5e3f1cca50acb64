using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Agrupa.Data;
using Agrupa.Neural;
using Agrupa.Persistence;

namespace Agrupa.Experiments;

/// <summary>
/// Pretrainings that later runs of an experiment share (DEC, IDEC and DCN of one seed), kept on disk from the moment
/// they finish until their last run has started from them: <c>.shared-pretraining-HASH.agrupa</c> (the network) and
/// <c>.json</c> beside it (its time, source and curve) in the experiment's folder. An invocation stopped in between
/// starts the remaining runs from the kept network instead of pretraining it again; the hash names the pretraining
/// (network, training options, seed) and the data, so a changed spec never starts from another's network. A finished
/// experiment removes them all.
/// </summary>
internal sealed class KeptPretrainings(string directory)
{
    private const string Prefix = ".shared-pretraining-";

    /// <summary>A kept pretraining: the network with its embedding of the data, and what the run that trained it measured.</summary>
    public sealed record Kept(AutoencoderModel Model, double Seconds, string Source, IReadOnlyList<TrainingHistoryPoint> Curve);

    private sealed record Sidecar(double Seconds, string Source, IReadOnlyList<TrainingHistoryPoint> Curve);

    /// <summary>The file of the pretraining named by <paramref name="key"/> on <paramref name="data"/> as <paramref name="dataSpec"/> prepared it.</summary>
    public string PathOf(string key, Dataset data, DataSpec dataSpec)
    {
        string text = $"{data.Name}|{data.Count}x{data.FeatureCount}|{dataSpec.Scaling}|{dataSpec.Subsample}|{dataSpec.SubsampleSeed}|{key}";
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
        return Path.Combine(directory, Prefix + hash + ".agrupa");
    }

    /// <summary>Keeps <paramref name="model"/> at <paramref name="path"/>, the network first, then the sidecar that makes it usable.</summary>
    public static void Save(string path, AutoencoderModel model, double seconds, string source, IReadOnlyList<TrainingHistoryPoint> curve)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        model.Save(path);
        Csv.WriteAtomic(path + ".json", JsonSerializer.Serialize(new Sidecar(seconds, source, curve)));
    }

    /// <summary>
    /// The pretraining kept at <paramref name="path"/>, its embedding of <paramref name="data"/> computed, or null when
    /// none is kept or the files cannot be read (the run then pretrains for itself).
    /// </summary>
    public static Kept? Load(string path, Dataset data)
    {
        if (!File.Exists(path) || !File.Exists(path + ".json")) return null;
        try
        {
            Sidecar? sidecar = JsonSerializer.Deserialize<Sidecar>(File.ReadAllText(path + ".json"));
            if (sidecar is null) return null;
            AutoencoderModel loaded = AutoencoderModel.Load(path);
            try
            {
                return new Kept(loaded.WithEmbedding(data), sidecar.Seconds, sidecar.Source, sidecar.Curve);
            }
            catch
            {
                loaded.Dispose();
                throw;
            }
        }
        catch (Exception exception) when (exception is JsonException or DataFormatException or IOException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Removes the pretraining kept at <paramref name="path"/>.</summary>
    public static void Remove(string path)
    {
        File.Delete(path);
        File.Delete(path + ".json");
    }

    /// <summary>Removes every kept pretraining of the folder (the experiment finished).</summary>
    public void RemoveAll()
    {
        if (!Directory.Exists(directory)) return;
        foreach (string file in Directory.GetFiles(directory, Prefix + "*")) File.Delete(file);
    }
}
