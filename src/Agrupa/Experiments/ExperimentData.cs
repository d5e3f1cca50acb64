using Agrupa.Data;
using Agrupa.Data.Scaling;

namespace Agrupa.Experiments;

/// <summary>Loads, subsamples and scales an experiment's data set (<see cref="DataSpec"/>).</summary>
public static class ExperimentData
{
    /// <summary>
    /// Loads the data set of <paramref name="spec"/> (a catalogue name through <see cref="DatasetCatalog"/>, a file or
    /// folder through <see cref="DatasetLoader"/>), takes its stratified subsample and applies its scaling.
    /// </summary>
    /// <exception cref="FileNotFoundException">No such file or catalogue name, or the set is not installed (the message says how to get it).</exception>
    /// <exception cref="DataFormatException">The file is malformed.</exception>
    public static Dataset Load(DataSpec spec, DatasetCatalogOptions? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Dataset data = spec.Name is { } name
            ? new DatasetCatalog(catalog).Load(name)
            : DatasetLoader.Load(spec.Path!, new DatasetLoadOptions { Catalog = catalog ?? new DatasetCatalogOptions() });
        if (spec.Subsample is { } count) data = data.Subsample(count, spec.SubsampleSeed, stratified: true);
        return Scale(data, spec.Scaling);
    }

    /// <summary>Applies <paramref name="scaling"/>, fitted on <paramref name="data"/> itself.</summary>
    public static Dataset Scale(Dataset data, DataScaling scaling)
    {
        ArgumentNullException.ThrowIfNull(data);
        IScaler? scaler = scaling switch
        {
            DataScaling.ZScore => new StandardScaler(),
            DataScaling.MinMax => new MinMaxScaler(),
            DataScaling.Pixel => new PixelScaler(),
            _ => null,
        };
        return scaler is null ? data : scaler.Fit(data).Transform(data);
    }
}
