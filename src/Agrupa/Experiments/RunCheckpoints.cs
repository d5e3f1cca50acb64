using System.Globalization;
using System.Text.Json;
using Agrupa.Clustering;
using Agrupa.Data;
using Agrupa.DeepClustering;
using Agrupa.Neural;
using Agrupa.Persistence;
using Agrupa.Runtime;

namespace Agrupa.Experiments;

/// <summary>
/// The checkpoints of one experiment run, so that an interrupted paper-length run (DCEC: 200 pretraining epochs and an
/// hour of clustering on 2 cores) continues inside the run instead of starting it again. In the run's folder, named by
/// the run's configuration hash (a changed spec starts afresh): the autoencoder pretraining's trainer checkpoint
/// (<c>.pretraining-TAG.ckpt</c>), the deep clusterer's training stage (<c>.stage-TAG.ckpt</c>, any
/// <see cref="ICheckpointingClusterer"/>), N2D's further views' pretrainings (<c>.pretraining-TAG-viewN.ckpt</c>), all written every <see cref="Every"/> epochs and on cancellation, and, when
/// the run is cancelled, what it had measured (<c>.partial-TAG.json</c>: stage times and curves) so that the resumed
/// run reports whole times and curves. All are removed when the run ends. A run killed outright (SIGKILL) resumes from
/// the last periodic checkpoint; its times and curves then start there.
/// </summary>
internal sealed class RunCheckpoints
{
    /// <summary>Epochs between periodic checkpoints of a stage.</summary>
    public const int Every = 5;

    private static readonly string[] Kinds = [".pretraining-", ".stage-", ".partial-"];
    private readonly string _directory;
    private readonly string _tag;

    public RunCheckpoints(string runDirectory, string configuration)
    {
        _directory = runDirectory;
        _tag = configuration.Length > 16 ? configuration[..16] : configuration;
    }

    /// <summary>The pretraining's trainer checkpoint.</summary>
    public string PretrainingPath => Path.Combine(_directory, $".pretraining-{_tag}.ckpt");

    /// <summary>The deep clusterer's stage checkpoint.</summary>
    public string StagePath => Path.Combine(_directory, $".stage-{_tag}.ckpt");

    private string PartialPath => Path.Combine(_directory, $".partial-{_tag}.json");

    /// <summary>The pretraining checkpoint of N2D's network <paramref name="view"/> (1: its first further view).</summary>
    public string ViewPath(int view) => Path.Combine(_directory, string.Create(CultureInfo.InvariantCulture, $".pretraining-{_tag}-view{view + 1}.ckpt"));

    private string[] ViewPaths() => Directory.Exists(_directory) ? Directory.GetFiles(_directory, $".pretraining-{_tag}-view*.ckpt") : [];

    /// <summary>Whether a stage of this run was checkpointed before (the run resumes).</summary>
    public bool Any => File.Exists(PretrainingPath) || File.Exists(StagePath) || ViewPaths().Length > 0;

    /// <summary>Removes the files of other configurations (a changed spec), keeping this one's.</summary>
    public void RemoveStale()
    {
        if (!Directory.Exists(_directory)) return;
        foreach (string file in Directory.GetFiles(_directory))
        {
            string name = Path.GetFileName(file);
            if (Kinds.Any(k => name.StartsWith(k, StringComparison.Ordinal)) && !name.Contains(_tag, StringComparison.Ordinal)) File.Delete(file);
        }
    }

    /// <summary>Removes this run's checkpoints (the run ended: succeeded or failed).</summary>
    public void Remove()
    {
        if (!Directory.Exists(_directory)) return;
        foreach (string file in ViewPaths().Concat([PretrainingPath, StagePath, PartialPath])) File.Delete(file);
    }

    /// <summary>
    /// Pretrains with <paramref name="reducer"/>, keeping <see cref="PretrainingPath"/> (its layer-wise stage too, when it
    /// has one), or continues from it.
    /// </summary>
    public AutoencoderModel Pretrain(AutoencoderReducer reducer, Dataset data, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_directory);
        return reducer.Fit(data, PretrainingPath, Every, resume: File.Exists(PretrainingPath), progress, cancellationToken);
    }

    /// <summary>Fits <paramref name="clusterer"/>, keeping <see cref="StagePath"/> for its training stage, or continues from it.</summary>
    public IClusteringModel Fit(ICheckpointingClusterer clusterer, Dataset data, AutoencoderModel? pretrained, IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_directory);
        bool resumes = File.Exists(StagePath);
        // A method that pretrains inside its fit (VaDE) keeps that pretraining here too; the others' was done before (Pretrain).
        var checkpoint = new ClusteringCheckpoint(StagePath, Every, resumes)
        {
            PretrainingPath = clusterer is IPretrainingClusterer ? null : PretrainingPath,
            ResumePretraining = clusterer is not IPretrainingClusterer && !resumes && File.Exists(PretrainingPath),
        };
        return clusterer.Fit(data, pretrained, checkpoint, progress, cancellationToken);
    }

    /// <summary>
    /// Fits N2D from its autoencoder <paramref name="pretrained"/> (the caller's, copied), pretraining its further views, if any,
    /// with their checkpoints at <see cref="ViewPath"/> (<see cref="N2d.PretrainKeeping"/>), or continuing from them.
    /// </summary>
    public IClusteringModel FitViews(N2d n2d, Dataset data, AutoencoderModel pretrained, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_directory);
        return n2d.Fit(data, [pretrained], ViewPath, Every, resume: true, progress, cancellationToken);
    }

    /// <summary>What a cancelled run had measured, kept for its resumption.</summary>
    /// <param name="ReduceSeconds">Time in the reducer so far.</param>
    /// <param name="ClusterSeconds">Time in the pretraining and the clusterer so far.</param>
    /// <param name="History">The curves recorded so far.</param>
    public sealed record Partial(double ReduceSeconds, double ClusterSeconds, IReadOnlyList<TrainingHistoryPoint> History);

    /// <summary>Keeps <paramref name="partial"/> for the resumed run (only useful while a checkpoint exists).</summary>
    public void Save(Partial partial)
    {
        if (!Any) return;
        Csv.WriteAtomic(PartialPath, JsonSerializer.Serialize(partial));
    }

    /// <summary>What the cancelled run had measured, or null (none kept, no checkpoint left, or unreadable).</summary>
    public Partial? Load()
    {
        if (!Any || !File.Exists(PartialPath)) return null;
        try
        {
            return JsonSerializer.Deserialize<Partial>(File.ReadAllText(PartialPath));
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
