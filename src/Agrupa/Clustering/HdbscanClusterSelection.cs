namespace Agrupa.Clustering;

/// <summary>How <see cref="Hdbscan"/> picks a flat clustering from the condensed tree.</summary>
public enum HdbscanClusterSelection
{
    /// <summary>Excess of mass (Campello, Moulavi &amp; Sander 2013): the most stable clusters; hdbscan's "eom" (default).</summary>
    ExcessOfMass,

    /// <summary>The leaves of the cluster tree: many small homogeneous clusters; hdbscan's "leaf".</summary>
    Leaf,
}
