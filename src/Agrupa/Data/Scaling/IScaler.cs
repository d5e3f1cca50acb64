namespace Agrupa.Data.Scaling;

/// <summary>A feature scaler: <see cref="Fit"/> learns per-feature statistics and returns a <see cref="FittedScaler"/>
/// that applies the same affine map to any data with the same feature count.</summary>
public interface IScaler
{
    /// <summary>Learns the scaling from <paramref name="data"/>.</summary>
    FittedScaler Fit(Dataset data);
}
