namespace Agrupa.DeepClustering;

/// <summary>
/// The checkpoint of a deep clusterer's clustering stage (DEC, IDEC, DCEC): the network, the centres, the optimiser,
/// the position and the method's own state (target distribution, last labels, curve), so that a stopped stage continues
/// where it stopped and ends with the model an uninterrupted run gives. It is written when the fit is cancelled and,
/// with <paramref name="Every"/>, periodically; the paper protocol's stage (20,000 steps) takes about an hour on 2 cores.
/// </summary>
/// <param name="Path">The checkpoint file (written atomically; kept after the fit ends, so it can also be continued with more steps).</param>
/// <param name="Every">Also write it after every this many epochs of the clustering stage (0: only when cancelled).</param>
/// <param name="Resume">Continue from <paramref name="Path"/> (same data, method and options; more <c>MaxIterations</c> is allowed) instead of starting.</param>
public sealed record ClusteringCheckpoint(string Path, int Every = 0, bool Resume = false);
