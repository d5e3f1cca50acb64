using Agrupa.Clustering;

namespace Agrupa.Tests.Clustering;

public sealed class DendrogramTests
{
    // Points on a line: 0, 1, 3, 7 → single linkage merges (0,1)@1, (2,{0,1})@2, (3,…)@4.
    private static Dendrogram Line() => Dendrogram.FromSpanningTree(4, new SpanningTree([2, 0, 3], [1, 1, 2], [2.0, 1.0, 4.0]));

    [Fact]
    public void Built_from_a_spanning_tree_in_scipy_format()
    {
        var tree = Line();
        Assert.Equal([0, 2, 3], tree.Left);
        Assert.Equal([1, 4, 5], tree.Right);
        Assert.Equal([1.0, 2.0, 4.0], tree.Height);
        Assert.Equal([2, 3, 4], tree.Size);
    }

    [Fact]
    public void Cuts_by_count_and_by_height()
    {
        var tree = Line();
        Assert.Equal([0, 0, 0, 1], tree.CutToClusterCount(2));
        Assert.Equal([0, 1, 2, 3], tree.CutToClusterCount(4));
        Assert.Equal([0, 0, 1, 2], tree.CutBelowHeight(2.0));
        Assert.Equal([0, 0, 0, 0], tree.CutBelowHeight(4.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.CutToClusterCount(5));
        var writer = new StringWriter();
        tree.WriteCsv(writer);
        Assert.Equal("left,right,height,size", writer.ToString().Split('\n')[0].TrimEnd());
    }

    [Fact]
    public void Equal_heights_get_a_canonical_order_whatever_the_edge_order()
    {
        // A star of equal weights (a point tied to two groups) plus chains: shuffling the edge list, as another
        // spanning-tree algorithm would, must not change the condensed tree.
        var from = new List<int>(); var to = new List<int>(); var weight = new List<double>();
        for (int i = 1; i < 6; i++) { from.Add(0); to.Add(i); weight.Add(1.0); }
        for (int i = 7; i < 12; i++) { from.Add(6); to.Add(i); weight.Add(1.0); }
        from.Add(12); to.Add(0); weight.Add(2.0);
        from.Add(12); to.Add(6); weight.Add(2.0);
        var rng = new Random(4);
        string? first = null;
        for (int trial = 0; trial < 20; trial++)
        {
            var order = Enumerable.Range(0, from.Count).ToArray();
            rng.Shuffle(order);
            var tree = Dendrogram.FromSpanningTree(13, new SpanningTree(order.Select(i => from[i]).ToArray(), order.Select(i => to[i]).ToArray(), order.Select(i => weight[i]).ToArray()));
            var condensed = CondensedTree.Condense(tree, 3);
            var writer = new StringWriter();
            condensed.WriteCsv(writer);
            string text = string.Join("\n", writer.ToString().Split('\n').OrderBy(l => l));
            first ??= text;
            Assert.Equal(first, text);
        }
        // Point 12 ties both groups at height 2: it falls out of the root, and the two groups are the clusters.
        Assert.Contains("13,12,0.5,1", first);
    }
}
