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
}
