using Agrupa.Runtime;

namespace Agrupa.Tests.Clustering;

/// <summary>Runs alone: it changes the process-wide <see cref="ThreadBudget"/>.</summary>
[CollectionDefinition(nameof(ThreadBudgetCollection), DisableParallelization = true)]
public sealed class ThreadBudgetCollection;
