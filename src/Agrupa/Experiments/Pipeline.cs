using Agrupa.Clustering;
using Agrupa.Reduction;

namespace Agrupa.Experiments;

/// <summary>One run's estimators: an optional reducer, then a clusterer (fitted on the reducer's embedding).</summary>
/// <param name="Label">The pipeline's label in tables.</param>
/// <param name="Reducer">The first stage, or null for a one-stage pipeline (classical or deep clusterer).</param>
/// <param name="Clusterer">The clustering stage.</param>
public sealed record Pipeline(string Label, IReducer? Reducer, IClusterer Clusterer);
