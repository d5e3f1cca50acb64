namespace Agrupa.DeepClustering;

/// <summary>How a deep clusterer places its initial cluster centres in the pretrained embedding.</summary>
public enum CenterInitialization
{
    /// <summary>k-means with 20 k-means++ restarts on the whole embedding (DEC, IDEC, DCEC, DCN, DKMp reference codes).</summary>
    KMeans,

    /// <summary>
    /// A Gaussian mixture (diagonal covariances, initialised from k-means) on the embedding; its means become the
    /// centres. Listed as future work in the DCEC thesis; VaDE initialises its prior this way.
    /// </summary>
    GaussianMixture,
}
