namespace Agrupa.Clustering;

/// <summary>The n − 1 edges of a minimum spanning tree: endpoints and weight (mutual reachability distance).</summary>
internal sealed record SpanningTree(int[] From, int[] To, double[] Weight)
{
    public int EdgeCount => Weight.Length;
}
