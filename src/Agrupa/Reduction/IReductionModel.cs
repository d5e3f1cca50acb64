using Agrupa.Data;

namespace Agrupa.Reduction;

/// <summary>A fitted dimension reduction: immutable; <see cref="Transform"/> is thread-safe.</summary>
public interface IReductionModel
{
    /// <summary>The embedding of the training rows (same labels and names as the input, new features).</summary>
    Dataset Embedding { get; }

    /// <summary>Embeds new rows; methods that cannot (exact t-SNE) throw <see cref="NotSupportedException"/> saying so.</summary>
    Dataset Transform(Dataset data);
}
