using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Agrupa.Clustering;
using Agrupa.Data;
using Agrupa.DeepClustering;
using Agrupa.Neural;
using Agrupa.Reduction;
using Agrupa.Runtime;

namespace Agrupa.Experiments;

/// <summary>
/// Runs every pipeline × seed of an <see cref="ExperimentSpec"/> on one data set and records each run (metrics, clusters
/// found, noise fraction, wall time per stage, peak memory) as a row of <c>results.csv</c>, rewritten atomically as each
/// run ends. A run already in <c>results.csv</c> with status "ok" and the same configuration hash is not repeated, so an
/// interrupted experiment resumes where it stopped. Failed runs are recorded with their error and retried on the next
/// invocation; cancellation writes nothing for the run in progress.
/// </summary>
public sealed class ExperimentRunner
{
    private readonly MethodRegistry _registry;
    private readonly IClusterScorer? _scorer;

    /// <summary>Creates a runner building methods from <paramref name="registry"/> and scoring with <paramref name="scorer"/>.</summary>
    /// <param name="registry">The methods.</param>
    /// <param name="scorer">The metrics; null records no metric (clusters, noise, times and memory are still recorded).</param>
    public ExperimentRunner(MethodRegistry registry, IClusterScorer? scorer)
    {
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _scorer = scorer;
    }

    /// <summary>
    /// Checks that every pipeline can be built with its options for <paramref name="data"/> (names registered, options
    /// valid, a cluster count known) before anything runs.
    /// </summary>
    /// <exception cref="ArgumentException">A pipeline cannot be built; the message names its JSON path.</exception>
    public void Validate(ExperimentSpec spec, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(data);
        for (int i = 0; i < spec.Pipelines.Count; i++)
        {
            PipelineSpec pipeline = spec.Pipelines[i];
            string path = $"$.pipelines[{i}]";
            int clusters = ClustersOf(spec, pipeline, data, path);
            try
            {
                _registry.Build(pipeline, spec.Seeds[0], clusters, path);
            }
            catch (ArgumentException exception) when (!exception.Message.StartsWith(path, StringComparison.Ordinal))
            {
                throw new ArgumentException($"{path} ({pipeline.DisplayName}): {exception.Message}", exception);
            }
        }
    }

    /// <summary>Runs the experiment into <paramref name="outputDirectory"/> (created if needed) and writes results and summary.</summary>
    /// <param name="spec">What to run.</param>
    /// <param name="data">The data set, already loaded and scaled as the spec says (labels are used only for evaluation).</param>
    /// <param name="outputDirectory">Where the files go; an earlier invocation's results there are resumed.</param>
    /// <param name="progress">Which run and stage, the methods' own progress (prefixed with the run), and the experiment's ETA.</param>
    /// <param name="cancellationToken">Stops between and (when the method honours it) within runs; finished runs stay recorded.</param>
    public ExperimentOutcome Run(ExperimentSpec spec, Dataset data, string outputDirectory,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outputDirectory);
        Validate(spec, data);
        var clock = Stopwatch.StartNew();
        var layout = new ExperimentLayout(Path.GetFullPath(outputDirectory));
        Directory.CreateDirectory(layout.Directory);
        Csv.WriteAtomic(layout.SpecPath, spec.SourceJson ?? spec.ToJson());

        var records = ResultsFile.Read(layout.ResultsPath).ToList();
        int[] sample = PlotSample.Indices(data, spec.Plots.MaxPoints, spec.Seeds[0]);
        var plan = spec.Pipelines.SelectMany((pipeline, index) => spec.Seeds.Select(seed => (pipeline, index, seed))).ToArray();
        var current = new List<RunRecord>();
        var notes = new List<string>();
        if (_scorer is null) notes.Add("No metric was computed: this build has no scorer bound, so only clusters, noise, times and memory are reported.");
        int executed = 0;
        double executedSeconds = 0;
        // Pipelines that share a reducer (same name, preset, options, seed and cluster count, e.g. umap2+kmeans and
        // umap2+hdbscan) fit it once: the embedding is kept while a later run of the plan still needs it. A reducer
        // that ignores its seed (t-SNE's PCA start, PCA's exact solvers) is shared by all seeds, and a pipeline whose
        // stages all ignore it is run for the first seed only: the other seeds report that result. Deep clusterers with
        // the same pretraining (network, training options, seed; e.g. DEC, IDEC and DCN of one seed) pretrain once, and
        // so does an autoencoder reducer with the same pretraining (simclr+kmeans and N2D on the contrastive encoder).
        SeedUse[] seedUse = spec.Pipelines.Select((pipeline, index) => SeedUseOf(spec, data, pipeline, index)).ToArray();
        string?[] reducerKeys = plan.Select(p => PretrainingKey(spec, data, p.pipeline, p.index, p.seed) ?? ReducerKey(p.pipeline,
            seedUse[p.index].Reducer ? p.seed : null, ClustersOf(spec, p.pipeline, data, $"$.pipelines[{p.index}]"))).ToArray();
        var lastUse = new Dictionary<string, int>();
        for (int r = 0; r < plan.Length; r++) if (reducerKeys[r] is { } k) lastUse[k] = r;
        var reductions = new Dictionary<string, SharedReduction>();
        var kept = new KeptPretrainings(layout.Directory);
        for (int r = 0; r < plan.Length; r++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            (PipelineSpec pipeline, int index, int seed) = plan[r];
            int clusters = ClustersOf(spec, pipeline, data, $"$.pipelines[{index}]");
            string configuration = ConfigurationHash(spec, data, pipeline, clusters, pipeline.PretrainedPath(seed));
            RunRecord? done = records.FirstOrDefault(x => x.Pipeline == pipeline.DisplayName && x.Seed == seed);
            string prefix = $"run {r + 1}/{plan.Length} {pipeline.DisplayName} seed {seed}";
            TimeSpan? remaining = executed == 0 ? null : TimeSpan.FromSeconds(executedSeconds / executed * (plan.Length - r));
            string? key = reducerKeys[r];
            SharedReduction? shared = key is not null && reductions.TryGetValue(key, out var found) ? found : null;
            if (key is not null && lastUse[key] == r) reductions.Remove(key);   // no later run needs it
            if (done is { Status: RunRecord.Succeeded } && done.Configuration == configuration)
            {
                progress?.Report(new TrainingProgress { Stage = $"{prefix}: done earlier, kept", Epoch = r + 1, TotalEpochs = plan.Length, Remaining = remaining });
                current.Add(done);
                continue;
            }
            RunRecord? first = seedUse[index].Run || seed == spec.Seeds[0] ? null
                : current.FirstOrDefault(x => x.Pipeline == pipeline.DisplayName && x.Seed == spec.Seeds[0] && x.Status == RunRecord.Succeeded);
            RunRecord record;
            if (first is not null)
            {
                progress?.Report(new TrainingProgress { Stage = $"{prefix}: no stage uses the seed, reporting seed {first.Seed}'s result", Epoch = r + 1, TotalEpochs = plan.Length, Remaining = remaining });
                record = Repeat(layout, first, seed);
                notes.Add($"{pipeline.DisplayName} seed {seed} repeats seed {first.Seed}'s result: no stage of the pipeline uses the seed ({seedUse[index].Reason}); its times are that run's.");
            }
            else
            {
                // A pretraining that later runs share is kept on disk until its last run, so that a stop in between
                // does not cost it; a run after such a stop starts from the kept one.
                string? keptPath = key is not null && key.StartsWith(PretrainKeyPrefix, StringComparison.Ordinal) ? kept.PathOf(key, data, spec.Data) : null;
                if (shared is null && keptPath is not null && KeptPretrainings.Load(keptPath, data) is { } stored)
                {
                    shared = new SharedReduction(stored.Model, stored.Seconds, stored.Source, stored.Curve, Pretraining: true);
                    if (lastUse[key!] > r) reductions[key!] = shared;
                }
                record = RunOne(spec, data, layout, pipeline, index, seed, clusters, configuration, sample, prefix, r, plan.Length, remaining,
                    shared, fitted =>
                    {
                        if (key is null || lastUse[key] <= r) return;
                        reductions[key] = fitted;
                        if (keptPath is not null && fitted is { Pretraining: true, Model: AutoencoderModel model })
                            KeptPretrainings.Save(keptPath, model, fitted.Seconds, fitted.Source, fitted.History);
                    }, progress, cancellationToken);
                if (keptPath is not null && lastUse[key!] == r) KeptPretrainings.Remove(keptPath);
                bool twoStage = pipeline.Name.Contains('+', StringComparison.Ordinal);
                if (shared is not null && record.Status == RunRecord.Succeeded)
                    notes.Add(shared.Pretraining && twoStage
                        ? $"{pipeline.DisplayName} seed {seed} reused the autoencoder {shared.Source} pretrained (same network, training options and seed); its reduce time is that pretraining's."
                        : shared.Pretraining
                        ? $"{pipeline.DisplayName} seed {seed} started from the autoencoder {shared.Source} pretrained (same network, training options and seed); its cluster time includes that pretraining's."
                        : $"{pipeline.DisplayName} seed {seed} reused the embedding {shared.Source} fitted (same reducer and options, "
                            + (seedUse[index].Reducer ? "same seed" : "the reducer does not use its seed") + "); its reduce time is that fit's.");
            }
            executed++;
            executedSeconds += record.TotalSeconds;
            records.RemoveAll(x => x.Pipeline == record.Pipeline && x.Seed == record.Seed);
            records.Add(record);
            current.Add(record);
            ResultsFile.Write(layout.ResultsPath, records, spec.Metrics);
            progress?.Report(new TrainingProgress { Stage = $"{prefix}: {Outcome(record)}", Epoch = r + 1, TotalEpochs = plan.Length, Metrics = record.Metrics });
        }

        kept.RemoveAll();
        progress?.Report(new TrainingProgress { Stage = "shared 2-D view", Epoch = plan.Length, TotalEpochs = plan.Length });
        string? viewNote = WriteView(spec, data, layout, sample, cancellationToken);
        if (viewNote is not null) notes.Add(viewNote);
        var summary = ExperimentSummary.Compute(current, spec.Pipelines.Select(p => p.DisplayName).ToArray(), spec.Metrics);
        Csv.WriteAtomic(layout.SummaryMarkdownPath, $"# {spec.Name}: {data}\n\n{summary.ToMarkdown()}\nMean ± sample standard deviation over seeds {string.Join(", ", spec.Seeds)}; noise: {_scorer?.NoiseHandling ?? "no metrics computed"}.\n");
        Csv.WriteAtomic(layout.SummaryCsvPath, summary.ToCsv());
        return new ExperimentOutcome
        {
            Spec = spec, Data = data, Layout = layout, Records = current, Summary = summary, RunsExecuted = executed,
            Seconds = clock.Elapsed.TotalSeconds, Notes = notes,
        };
    }

    private RunRecord RunOne(ExperimentSpec spec, Dataset data, ExperimentLayout layout, PipelineSpec pipelineSpec, int index, int seed,
        int clusters, string configuration, int[] sample, string prefix, int run, int runs, TimeSpan? remaining,
        SharedReduction? shared, Action<SharedReduction> fitted, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var history = new TrainingHistory();
        var total = Stopwatch.StartNew();
        PeakMemory.Reset();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        double reduceSeconds = 0, clusterSeconds = 0, evaluateSeconds = 0;
        string stage = "build";
        // An interrupted run continues from its checkpoints, with the times and curves it had measured.
        var checkpoints = new RunCheckpoints(layout.RunDirectory(pipelineSpec.DisplayName, seed), configuration);
        checkpoints.RemoveStale();
        RunCheckpoints.Partial? before = checkpoints.Load();
        bool resuming = checkpoints.Any;
        if (before is not null) history.AddRange(before.History);
        var reduceWatch = new Stopwatch();
        var pretrainWatch = new Stopwatch();
        var clusterWatch = new Stopwatch();
        int pointsBeforeCluster = -1;
        void Announce(string name)
        {
            stage = name;
            progress?.Report(new TrainingProgress { Stage = $"{prefix}: {name}", Epoch = run + 1, TotalEpochs = runs, Remaining = remaining });
        }
        var relay = new RelayProgress(report =>
        {
            history.Add(report);
            progress?.Report(report with { Stage = $"{prefix}: {stage} · {report.Stage}" });
        });
        try
        {
            Announce(resuming ? "build (resuming from the run's checkpoints)" : "build");
            Pipeline pipeline = _registry.Build(pipelineSpec, seed, clusters, $"$.pipelines[{index}]");
            Dataset input = data;
            IReductionModel? reduction = null;
            if (pipeline.Reducer is IReducer reducer)
            {
                if (shared is not null)
                {
                    Announce($"reduce ({reducer.Name}): reusing the {(shared.Pretraining ? "autoencoder" : "embedding")} {shared.Source} {(shared.Pretraining ? "pretrained" : "fitted")}");
                    (reduction, reduceSeconds) = (shared.Model, shared.Seconds);
                    history.AddRange(shared.History);
                }
                else
                {
                    Announce($"reduce ({reducer.Name})");
                    reduceWatch.Start();
                    reduction = reducer is AutoencoderReducer autoencoderReducer
                        ? checkpoints.Pretrain(autoencoderReducer, data, relay, cancellationToken)
                        : reducer.Fit(data, relay, cancellationToken);
                    reduceWatch.Stop();
                    reduceSeconds = reduceWatch.Elapsed.TotalSeconds + (before?.ReduceSeconds ?? 0);
                    // An autoencoder reducer's model can also start a deep clusterer with the same pretraining (PretrainingKey).
                    bool autoencoder = reduction is AutoencoderModel;
                    fitted(new SharedReduction(reduction, reduceSeconds, $"{pipelineSpec.DisplayName} seed {seed}", autoencoder ? history.Points.ToArray() : [], autoencoder));
                }
                input = reduction.Embedding;
                if (input.Count != data.Count)
                    throw new InvalidOperationException($"the reducer returned {input.Count} rows for {data.Count}.");
                if (input.FeatureCount == 2)
                {
                    float[] xy = new float[sample.Length * 2];
                    for (int i = 0; i < sample.Length; i++) input.Row(sample[i]).CopyTo(xy.AsSpan(2 * i, 2));
                    Directory.CreateDirectory(layout.RunDirectory(pipelineSpec.DisplayName, seed));
                    ExperimentLayout.WritePoints(layout.EmbeddingPath(pipelineSpec.DisplayName, seed), sample, xy);
                }
            }
            AutoencoderModel? pretrained = null;
            double pretrainSeconds = 0;
            if (pipelineSpec.Pretrained is not null && (pipeline.Clusterer is not IPretrainingClusterer starter || starter.Pretraining(data) is null))
                throw new InvalidOperationException($"\"pretrained\" needs a clusterer that pretrains an autoencoder (dec, idec, dcec, dcn, dkmp, n2d); {pipeline.Clusterer.Name} does not.");
            if (reduction is null && pipeline.Clusterer is IPretrainingClusterer deepClusterer && deepClusterer.Pretraining(data) is { } pretraining)
            {
                if (shared is not null)
                {
                    Announce($"pretrain ({pretraining.Name}): starting from the autoencoder {shared.Source} pretrained");
                    (pretrained, pretrainSeconds) = ((AutoencoderModel)shared.Model, shared.Seconds);
                    history.AddRange(shared.History);
                }
                else if (pipelineSpec.PretrainedPath(seed) is { } file)
                {
                    Announce($"pretrain ({pretraining.Name}): loading {file}");
                    pretrained = LoadPretrained(file, deepClusterer, data);
                    // The file's recorded epoch times stand for the pretraining, so times stay comparable with runs that pretrain.
                    pretrainSeconds = pretrained.History.Sum(e => e.Seconds);
                    TrainingHistoryPoint[] curve = PretrainingCurve(pretrained.History, $"pretrain {pretraining.Name}");
                    history.AddRange(curve);
                    fitted(new SharedReduction(pretrained, pretrainSeconds, file, curve, Pretraining: true));
                }
                else if (pipeline.Clusterer is ICheckpointingClusterer && File.Exists(checkpoints.StagePath))
                {
                    // The clustering stage resumes from its checkpoint, which holds the network: no pretraining needed.
                    Announce($"pretrain ({pretraining.Name}): done before the stage checkpoint");
                }
                else
                {
                    Announce($"pretrain ({pretraining.Name})");
                    pretrainWatch.Start();
                    pretrained = checkpoints.Pretrain(pretraining, data, relay, cancellationToken);
                    pretrainWatch.Stop();
                    pretrainSeconds = pretrainWatch.Elapsed.TotalSeconds;
                    fitted(new SharedReduction(pretrained, pretrainSeconds, $"{pipelineSpec.DisplayName} seed {seed}", history.Points.ToArray(), Pretraining: true));
                }
            }
            Announce($"cluster ({pipeline.Clusterer.Name})");
            pointsBeforeCluster = history.Points.Count;
            clusterWatch.Start();
            IClusteringModel model = pipeline.Clusterer switch
            {
                ICheckpointingClusterer keeping => checkpoints.Fit(keeping, input, pretrained, relay, cancellationToken),
                N2d n2d when pretrained is not null => checkpoints.FitViews(n2d, input, pretrained, relay, cancellationToken),
                IPretrainingClusterer starting when pretrained is not null => starting.Fit(input, pretrained, relay, cancellationToken),
                _ => pipeline.Clusterer.Fit(input, relay, cancellationToken),
            };
            clusterWatch.Stop();
            clusterSeconds = pretrainSeconds + clusterWatch.Elapsed.TotalSeconds + (before?.ClusterSeconds ?? 0);
            checkpoints.Remove();
            IReadOnlyList<int> labels = model.Labels;
            if (labels.Count != data.Count) throw new InvalidOperationException($"the clusterer returned {labels.Count} labels for {data.Count} rows.");
            if (reduction is null && model is DeepClustering.DeepClusteringModel { EmbeddingSize: 2 } deep)
            {
                // A deep clusterer with a 2-D code (e.g. DCN in the small-data notebook) gets the same own-embedding plots as a 2-D reducer.
                Directory.CreateDirectory(layout.RunDirectory(pipelineSpec.DisplayName, seed));
                ExperimentLayout.WritePoints(layout.EmbeddingPath(pipelineSpec.DisplayName, seed), sample, deep.Transform(data.Select(sample)).Features.ToArray());
            }
            Announce("evaluate");
            var evaluateWatch = Stopwatch.StartNew();
            IReadOnlyDictionary<string, double> metrics = _scorer?.Score(data, labels, spec.Metrics) ?? new Dictionary<string, double>();
            evaluateSeconds = evaluateWatch.Elapsed.TotalSeconds;
            Directory.CreateDirectory(layout.RunDirectory(pipelineSpec.DisplayName, seed));
            ExperimentLayout.WriteLabels(layout.LabelsPath(pipelineSpec.DisplayName, seed), labels);
            Csv.WriteAtomic(layout.HistoryPath(pipelineSpec.DisplayName, seed), history.ToCsv());
            WriteReconstructions(spec, data, layout, pipelineSpec.DisplayName, seed, sample, reduction as IReconstructingModel ?? model as IReconstructingModel);
            int noise = labels.Count(l => l < 0);
            return new RunRecord
            {
                Pipeline = pipelineSpec.DisplayName, Method = pipelineSpec.Name, Seed = seed, Status = RunRecord.Succeeded,
                Configuration = configuration, ClustersRequested = clusters, ClustersFound = labels.Where(l => l >= 0).Distinct().Count(),
                NoiseFraction = labels.Count == 0 ? 0 : (double)noise / labels.Count, Metrics = metrics,
                ReduceSeconds = reduceSeconds, ClusterSeconds = clusterSeconds, EvaluateSeconds = evaluateSeconds,
                TotalSeconds = total.Elapsed.TotalSeconds + (shared?.Seconds ?? 0), PeakMemoryMegabytes = PeakMemory.ReadMegabytes(),
                AllocatedMegabytes = (GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore) / (1024.0 * 1024.0),
                Finished = DateTimeOffset.UtcNow,
            };
        }
        catch (OperationCanceledException)
        {
            // Keep what the checkpoints cover: everything when the clustering stage wrote one, else up to the clustering.
            bool staged = File.Exists(checkpoints.StagePath);
            IEnumerable<TrainingHistoryPoint> kept = staged || pointsBeforeCluster < 0 ? history.Points : history.Points.Take(pointsBeforeCluster);
            double cluster = (before?.ClusterSeconds ?? 0) + pretrainWatch.Elapsed.TotalSeconds + (staged ? clusterWatch.Elapsed.TotalSeconds : 0);
            checkpoints.Save(new RunCheckpoints.Partial((before?.ReduceSeconds ?? 0) + reduceWatch.Elapsed.TotalSeconds, cluster, kept.ToArray()));
            throw;
        }
        catch (Exception exception)
        {
            checkpoints.Remove();   // a failed run starts afresh when retried
            return new RunRecord
            {
                Pipeline = pipelineSpec.DisplayName, Method = pipelineSpec.Name, Seed = seed, Status = RunRecord.Failed,
                Configuration = configuration, ClustersRequested = clusters, ReduceSeconds = reduceSeconds, ClusterSeconds = clusterSeconds,
                TotalSeconds = total.Elapsed.TotalSeconds + (shared?.Seconds ?? 0), PeakMemoryMegabytes = PeakMemory.ReadMegabytes(),
                Finished = DateTimeOffset.UtcNow, Message = $"{stage}: {exception.GetType().Name}: {exception.Message}".ReplaceLineEndings(" "),
            };
        }
    }

    /// <summary>Whether a pipeline's reducer and whole run depend on the seed, and in words why not.</summary>
    private sealed record SeedUse(bool Reducer, bool Run, string Reason);

    /// <summary>
    /// Asks the pipeline's estimators (built for the first seed) whether the seed can change their result on data of this
    /// shape. A pipeline that cannot be built counts as seed-dependent: its runs then report the error.
    /// </summary>
    private SeedUse SeedUseOf(ExperimentSpec spec, Dataset data, PipelineSpec pipelineSpec, int index)
    {
        try
        {
            string path = $"$.pipelines[{index}]";
            Pipeline pipeline = _registry.Build(pipelineSpec, spec.Seeds[0], ClustersOf(spec, pipelineSpec, data, path), path);
            bool reducer = pipeline.Reducer?.DependsOnSeed(data.Count, data.FeatureCount) ?? false;
            bool clusterer = pipeline.Clusterer.DependsOnSeed(data.Count, pipeline.Reducer?.Dimensions ?? data.FeatureCount);
            string reason = pipeline.Reducer is null ? $"{pipeline.Clusterer.Name} is deterministic" : $"{pipeline.Reducer.Name} and {pipeline.Clusterer.Name} are deterministic";
            return new SeedUse(pipeline.Reducer is null || reducer, reducer || clusterer, reason);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            return new SeedUse(true, true, "");
        }
    }

    /// <summary>
    /// The record of <paramref name="seed"/> for a pipeline that ignores its seed: <paramref name="first"/>'s result and
    /// times under the new seed, its files (labels, history, embedding, reconstructions) copied.
    /// </summary>
    private static RunRecord Repeat(ExperimentLayout layout, RunRecord first, int seed)
    {
        string source = layout.RunDirectory(first.Pipeline, first.Seed), target = layout.RunDirectory(first.Pipeline, seed);
        Directory.CreateDirectory(target);
        if (Directory.Exists(source))
            foreach (string file in Directory.GetFiles(source).Where(f => !Path.GetFileName(f).StartsWith('.')))   // not AtomicFile leftovers
                AtomicFile.Write(Path.Combine(target, Path.GetFileName(file)), stream =>
                {
                    using FileStream input = File.OpenRead(file);
                    input.CopyTo(stream);
                });
        return first with { Seed = seed, Finished = DateTimeOffset.UtcNow, Message = $"repeats seed {first.Seed} (no stage uses the seed)" };
    }

    /// <summary>
    /// A fitted reduction, or a deep clusterer's pretrained autoencoder (<paramref name="Pretraining"/>), kept for later
    /// runs of the plan, with its fit time, the run that fitted it and the curves it reported.
    /// </summary>
    private sealed record SharedReduction(IReductionModel Model, double Seconds, string Source, IReadOnlyList<TrainingHistoryPoint> History, bool Pretraining);

    /// <summary>
    /// What makes two runs' reductions identical: the reducer stage of the name, the preset, the reducer options, the seed
    /// (null when the reducer ignores it) and the cluster count (some reducers size themselves by it). Null for a pipeline without a reducer.
    /// </summary>
    private static string? ReducerKey(PipelineSpec pipeline, int? seed, int clusters)
    {
        string[] stages = pipeline.Name.Split('+');
        return stages.Length < 2 ? null
            : $"{stages[0].Trim().ToLowerInvariant()}|{pipeline.Preset}|{Canonical(pipeline.ReducerOptions)}|{seed?.ToString(CultureInfo.InvariantCulture) ?? "any"}|{clusters}";
    }

    /// <summary>The start of the keys of pretrainings the runner trains (not loaded from a pipeline's file).</summary>
    private const string PretrainKeyPrefix = "pretrain|";

    /// <summary>
    /// What makes two runs' pretrainings identical, for a one-stage pipeline whose deep clusterer pretrains an
    /// autoencoder and for a pipeline whose reducer is an autoencoder (<see cref="AutoencoderReducer.Fingerprint"/>:
    /// network, training options, seed); null otherwise or when the pipeline cannot be built (its run then reports the error).
    /// </summary>
    private string? PretrainingKey(ExperimentSpec spec, Dataset data, PipelineSpec pipelineSpec, int index, int seed)
    {
        try
        {
            string path = $"$.pipelines[{index}]";
            Pipeline pipeline = _registry.Build(pipelineSpec, seed, ClustersOf(spec, pipelineSpec, data, path), path);
            if (pipeline.Reducer is AutoencoderReducer autoencoder) return PretrainKeyPrefix + autoencoder.Fingerprint(data);
            if (pipeline.Reducer is not null || pipeline.Clusterer is not IPretrainingClusterer deep || deep.Pretraining(data) is not { } pretraining) return null;
            return pipelineSpec.PretrainedPath(seed) is { } file ? "pretrained|" + file : PretrainKeyPrefix + pretraining.Fingerprint(data);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// The autoencoder of a pipeline's <c>"pretrained"</c> file, refused (the run fails with the reason, naming the
    /// file) when it cannot start <paramref name="clusterer"/> on <paramref name="data"/> (<see cref="PretrainedStart.Mismatch"/>).
    /// </summary>
    private static AutoencoderModel LoadPretrained(string file, IPretrainingClusterer clusterer, Dataset data)
    {
        AutoencoderModel model = AutoencoderModel.Load(file);
        if (PretrainedStart.Mismatch(model, file, clusterer, data) is { } reason)
        {
            model.Dispose();
            throw new InvalidOperationException(reason);
        }
        return model;
    }

    /// <summary>A saved autoencoder's per-epoch losses as history points of <paramref name="stage"/> (the same curve a live pretraining reports).</summary>
    private static TrainingHistoryPoint[] PretrainingCurve(IReadOnlyList<EpochSummary> epochs, string stage)
    {
        var points = new List<TrainingHistoryPoint>();
        foreach (EpochSummary epoch in epochs)
        {
            points.Add(new TrainingHistoryPoint(stage, epoch.Epoch, TrainingHistoryPoint.LossKind, "train", epoch.TrainingLoss));
            if (epoch.ValidationLoss is { } validation) points.Add(new TrainingHistoryPoint(stage, epoch.Epoch, TrainingHistoryPoint.LossKind, "validation", validation));
            foreach ((string name, double value) in epoch.Terms) points.Add(new TrainingHistoryPoint(stage, epoch.Epoch, TrainingHistoryPoint.LossKind, name, value));
        }
        return points.ToArray();
    }

    /// <summary>One line on a finished run: status, clusters, noise, time, and the message of a failure.</summary>
    private static string Outcome(RunRecord record) => record.Status == RunRecord.Succeeded
        ? $"finished, {record.ClustersFound} clusters" + (record.NoiseFraction > 0 ? $", {record.NoiseFraction:P1} noise" : "") + $", {record.TotalSeconds:F1} s"
        : $"FAILED after {record.TotalSeconds:F1} s: {record.Message}";

    /// <summary>
    /// For image data and a model with a decoder: the first <see cref="PlotSpec.SamplesPerCluster"/> rows of the plot
    /// sample (at least 8) and their reconstructions, for the report's reconstruction grid.
    /// </summary>
    private static void WriteReconstructions(ExperimentSpec spec, Dataset data, ExperimentLayout layout, string pipeline, int seed, int[] sample,
        IReconstructingModel? model)
    {
        if (model is null || !model.CanReconstruct || data.ImageShape is null || sample.Length == 0 || spec.Plots.SamplesPerCluster <= 0) return;
        int[] shown = sample.Take(Math.Max(8, spec.Plots.SamplesPerCluster)).ToArray();
        Dataset reconstructed = model.Reconstruct(data.Select(shown));
        ExperimentLayout.WriteRows(layout.ReconstructionsPath(pipeline, seed), shown, reconstructed);
    }

    private string? WriteView(ExperimentSpec spec, Dataset data, ExperimentLayout layout, int[] sample, CancellationToken cancellationToken)
    {
        Dataset shown = data.Select(sample);
        if (spec.Plots.View is not { } view)
        {
            if (data.FeatureCount != 2) return "No shared 2-D view was asked for (plots.view is null) and the data are not 2-D: no scatter plots.";
            ExperimentLayout.WritePoints(layout.ViewPath, sample, shown.Features.ToArray());
            return null;
        }
        string marker = Path.Combine(layout.Directory, ".view-" + ExperimentLayout.Slug(view) + "-" + ConfigurationHash(spec, data, null, 0));
        if (File.Exists(layout.ViewPath) && File.Exists(marker)) return null;
        if (!_registry.HasReducer(view))
            return $"The shared 2-D view \"{view}\" is not a registered reducer, so pipelines are shown on their own 2-D embeddings only.";
        try
        {
            IReducer reducer = _registry.BuildReducer(view, spec.Seeds[0], spec.Clusters ?? Math.Max(data.ClassCount, 2));
            Dataset embedding = reducer.Fit(shown, null, cancellationToken).Embedding;
            if (embedding.FeatureCount != 2) return $"The view \"{view}\" gave {embedding.FeatureCount} dimensions, not 2: no shared scatter plots.";
            ExperimentLayout.WritePoints(layout.ViewPath, sample, embedding.Features.ToArray());
            Csv.WriteAtomic(marker, view);
            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return $"The shared 2-D view \"{view}\" failed ({exception.Message}): no shared scatter plots.";
        }
    }

    private static int ClustersOf(ExperimentSpec spec, PipelineSpec pipeline, Dataset data, string path)
    {
        int clusters = pipeline.Clusters ?? spec.Clusters ?? data.ClassCount;
        if (clusters < 1)
            throw new ArgumentException($"{path}: the number of clusters is unknown: the data set \"{data.Name}\" has no labels, so give \"clusters\" in the spec.");
        return clusters;
    }

    private static string ConfigurationHash(ExperimentSpec spec, Dataset data, PipelineSpec? pipeline, int clusters, string? pretrained = null)
    {
        var writer = new StringWriter();
        writer.Write($"{data.Name}|{data.Count}x{data.FeatureCount}|{spec.Data.Scaling}|{spec.Data.Subsample}|{spec.Data.SubsampleSeed}|{clusters}|");
        writer.Write(string.Join(',', spec.Metrics));
        writer.Write('|');
        if (pipeline is not null)
        {
            writer.Write($"{pipeline.Name}|{pipeline.Preset}|{Canonical(pipeline.ReducerOptions)}|{Canonical(pipeline.ClustererOptions)}");
            // A pretrained autoencoder counts by its bytes: pretraining it further reruns the pipeline, moving it does not.
            if (pretrained is not null)
            {
                string content = "missing";
                if (File.Exists(pretrained))
                    using (FileStream stream = File.OpenRead(pretrained)) content = Convert.ToHexStringLower(SHA256.HashData(stream));
                writer.Write($"|pretrained {content}");
            }
        }
        else writer.Write($"{spec.Plots.View}|{spec.Plots.MaxPoints}|{string.Join(',', spec.Seeds.Take(1))}");
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(writer.ToString()));
        return Convert.ToHexStringLower(hash)[..12];
    }

    /// <summary>
    /// A stage's options as compact JSON (no whitespace, members in spec order), so re-indenting a spec neither
    /// reruns finished runs nor keeps two runs with the same options from sharing their work; "" when there are none.
    /// </summary>
    private static string Canonical(JsonElement? options) => options is { } value ? JsonSerializer.Serialize(value) : "";

    private sealed class RelayProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
