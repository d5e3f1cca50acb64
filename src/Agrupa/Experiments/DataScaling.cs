namespace Agrupa.Experiments;

/// <summary>Feature scaling of an experiment's data, applied once before every pipeline.</summary>
public enum DataScaling
{
    /// <summary>Features as read.</summary>
    None,
    /// <summary>Each feature to mean 0 and standard deviation 1 (constant features to 0).</summary>
    ZScore,
    /// <summary>Each feature to [0, 1] (constant features to 0).</summary>
    MinMax,
    /// <summary>Every value divided by 255 (8-bit images: the deep clustering papers' preprocessing).</summary>
    Pixel,
}
