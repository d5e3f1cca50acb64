namespace Agrupa.Clustering;

/// <summary>
/// Shape of the covariance matrices of a <see cref="GaussianMixture"/> (scikit-learn's <c>covariance_type</c>).
/// </summary>
public enum CovarianceType
{
    /// <summary>Each component has its own general covariance matrix (scikit-learn's default, 'full').</summary>
    Full,

    /// <summary>All components share one general covariance matrix ('tied').</summary>
    Tied,

    /// <summary>Each component has its own diagonal covariance matrix ('diag').</summary>
    Diagonal,

    /// <summary>Each component has its own single variance ('spherical').</summary>
    Spherical,
}
