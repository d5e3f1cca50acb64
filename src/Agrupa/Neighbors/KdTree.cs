namespace Agrupa.Neighbors;

/// <summary>
/// A k-d tree over the rows of a row-major float matrix, for exact Euclidean nearest-neighbour queries in low
/// dimensions (up to about 20; beyond that a query visits most leaves and blocked matrix products win).
/// </summary>
/// <remarks>
/// Built as in Bentley (1975, CACM 18(9)) with the sliding-midpoint-free variant scikit-learn's <c>KDTree</c> uses:
/// each node splits its points at the median of the coordinate with the widest spread, so the tree is balanced and its
/// nodes are contiguous ranges of <see cref="Order"/>. Every node keeps its bounding box, which gives the lower bound
/// on the distance from a query to any point inside (used for pruning here and by HDBSCAN's Borůvka search).
/// Distances are accumulated in double precision from the float32 coordinates.
/// </remarks>
internal sealed class KdTree
{
    private readonly float[] _data;

    /// <summary>Builds the tree over <paramref name="count"/> rows of <paramref name="dimensions"/> values.</summary>
    public KdTree(float[] data, int count, int dimensions, int leafSize = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(leafSize, 1);
        _data = data;
        Count = count;
        Dimensions = dimensions;
        Order = new int[count];
        for (int i = 0; i < count; i++) Order[i] = i;
        int levels = 1;
        while ((count + (1 << (levels - 1)) - 1) >> (levels - 1) > leafSize) levels++;
        int nodes = (1 << levels) - 1;
        Start = new int[nodes];
        End = new int[nodes];
        Lower = new double[(long)nodes * dimensions];
        Upper = new double[(long)nodes * dimensions];
        IsLeaf = new bool[nodes];
        NodeCount = nodes;
        Build(0, 0, count, levels - 1);
        Ordered = new float[(long)count * dimensions];
        for (int p = 0; p < count; p++) Array.Copy(_data, (long)Order[p] * dimensions, Ordered, (long)p * dimensions, dimensions);
    }

    /// <summary>The coordinates in tree order (row p is point Order[p]), so that a leaf's points are contiguous.</summary>
    public float[] Ordered { get; }

    /// <summary>The coordinates of the point at tree position <paramref name="position"/>.</summary>
    public ReadOnlySpan<float> PointAt(int position) => new(Ordered, position * Dimensions, Dimensions);

    /// <summary>Number of points.</summary>
    public int Count { get; }

    /// <summary>Coordinates per point.</summary>
    public int Dimensions { get; }

    /// <summary>Point indices in tree order: node i holds Order[Start[i]..End[i]).</summary>
    public int[] Order { get; }

    /// <summary>First position (in <see cref="Order"/>) of each node.</summary>
    public int[] Start { get; }

    /// <summary>One past the last position of each node.</summary>
    public int[] End { get; }

    /// <summary>Lower corner of each node's bounding box (node-major).</summary>
    public double[] Lower { get; }

    /// <summary>Upper corner of each node's bounding box (node-major).</summary>
    public double[] Upper { get; }

    /// <summary>Whether a node is a leaf (children of node i are 2i+1 and 2i+2).</summary>
    public bool[] IsLeaf { get; }

    /// <summary>Number of nodes in the (complete binary) tree array.</summary>
    public int NodeCount { get; }

    /// <summary>The coordinates of point <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Point(int index) => new(_data, index * Dimensions, Dimensions);

    private void Build(int node, int start, int end, int depthLeft)
    {
        Start[node] = start;
        End[node] = end;
        int d = Dimensions;
        var lower = Lower.AsSpan(node * d, d);
        var upper = Upper.AsSpan(node * d, d);
        lower.Fill(double.PositiveInfinity);
        upper.Fill(double.NegativeInfinity);
        for (int p = start; p < end; p++)
        {
            var row = Point(Order[p]);
            for (int j = 0; j < d; j++)
            {
                double v = row[j];
                if (v < lower[j]) lower[j] = v;
                if (v > upper[j]) upper[j] = v;
            }
        }
        if (depthLeft == 0 || end - start <= 1)
        {
            IsLeaf[node] = true;
            // Children may exist in the array when a subtree is cut short; mark them as empty leaves.
            MarkEmpty(2 * node + 1);
            MarkEmpty(2 * node + 2);
            return;
        }
        int axis = 0;
        double spread = -1;
        for (int j = 0; j < d; j++)
            if (upper[j] - lower[j] > spread) { spread = upper[j] - lower[j]; axis = j; }
        int middle = start + (end - start) / 2;
        SelectNth(start, end, middle, axis);
        Build(2 * node + 1, start, middle, depthLeft - 1);
        Build(2 * node + 2, middle, end, depthLeft - 1);
    }

    private void MarkEmpty(int node)
    {
        if (node >= NodeCount) return;
        IsLeaf[node] = true;
        Start[node] = End[node] = 0;
        MarkEmpty(2 * node + 1);
        MarkEmpty(2 * node + 2);
    }

    /// <summary>Quickselect on <see cref="Order"/>[start..end) by coordinate <paramref name="axis"/>.</summary>
    private void SelectNth(int start, int end, int nth, int axis)
    {
        int d = Dimensions;
        int left = start, right = end - 1;
        while (right > left)
        {
            int mid = left + (right - left) / 2;
            float pivot = _data[Order[mid] * d + axis];
            int i = left, j = right;
            while (i <= j)
            {
                while (_data[Order[i] * d + axis] < pivot) i++;
                while (_data[Order[j] * d + axis] > pivot) j--;
                if (i <= j) { (Order[i], Order[j]) = (Order[j], Order[i]); i++; j--; }
            }
            if (nth <= j) right = j;
            else if (nth >= i) left = i;
            else return;
        }
    }

    /// <summary>Squared distance from <paramref name="query"/> to the bounding box of <paramref name="node"/>.</summary>
    public double SquaredDistanceToBox(ReadOnlySpan<float> query, int node)
    {
        int d = Dimensions;
        int offset = node * d;
        double sum = 0;
        for (int j = 0; j < d; j++)
        {
            double q = query[j];
            double below = Lower[offset + j] - q;
            double above = q - Upper[offset + j];
            double gap = below > 0 ? below : above > 0 ? above : 0;
            sum += gap * gap;
        }
        return sum;
    }

    /// <summary>Squared Euclidean distance between two rows, in double precision.</summary>
    public static double SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int j = 0; j < a.Length; j++)
        {
            double diff = (double)a[j] - b[j];
            sum += diff * diff;
        }
        return sum;
    }

    /// <summary>
    /// The <paramref name="k"/> nearest points to <paramref name="query"/> (the query's own row, when it is a data
    /// point, included at distance 0): indices and Euclidean distances ascending, ties by smaller index.
    /// </summary>
    public void Query(ReadOnlySpan<float> query, int k, Span<int> indices, Span<double> distances)
    {
        if (k > Count) throw new ArgumentOutOfRangeException(nameof(k), k, $"Asked for {k} neighbours among {Count} points.");
        var heapIndex = indices[..k];
        var heapDistance = distances[..k];   // max-heap on squared distance while searching
        heapDistance.Fill(double.PositiveInfinity);
        heapIndex.Fill(int.MaxValue);
        Search(0, query, heapIndex, heapDistance, SquaredDistanceToBox(query, 0));
        // Heap sort ascending.
        for (int end = k - 1; end > 0; end--)
        {
            (heapDistance[0], heapDistance[end]) = (heapDistance[end], heapDistance[0]);
            (heapIndex[0], heapIndex[end]) = (heapIndex[end], heapIndex[0]);
            SiftDown(heapIndex[..end], heapDistance[..end], 0);
        }
        for (int i = 0; i < k; i++) heapDistance[i] = Math.Sqrt(heapDistance[i]);
    }

    private void Search(int node, ReadOnlySpan<float> query, Span<int> heapIndex, Span<double> heapDistance, double boxDistance)
    {
        if (boxDistance > heapDistance[0]) return;
        if (IsLeaf[node])
        {
            for (int p = Start[node]; p < End[node]; p++)
            {
                int index = Order[p];
                double distance = SquaredDistance(query, PointAt(p));
                if (Worse(distance, index, heapDistance[0], heapIndex[0])) continue;
                heapDistance[0] = distance;
                heapIndex[0] = index;
                SiftDown(heapIndex, heapDistance, 0);
            }
            return;
        }
        int left = 2 * node + 1, right = left + 1;
        double leftDistance = SquaredDistanceToBox(query, left);
        double rightDistance = SquaredDistanceToBox(query, right);
        if (leftDistance <= rightDistance)
        {
            Search(left, query, heapIndex, heapDistance, leftDistance);
            Search(right, query, heapIndex, heapDistance, rightDistance);
        }
        else
        {
            Search(right, query, heapIndex, heapDistance, rightDistance);
            Search(left, query, heapIndex, heapDistance, leftDistance);
        }
    }

    /// <summary>Total order on candidates: by distance, then by index.</summary>
    private static bool Worse(double distance, int index, double otherDistance, int otherIndex) =>
        distance > otherDistance || (distance == otherDistance && index >= otherIndex);

    private static void SiftDown(Span<int> heapIndex, Span<double> heapDistance, int position)
    {
        int count = heapIndex.Length;
        while (true)
        {
            int largest = position, left = 2 * position + 1, right = left + 1;
            if (left < count && Worse(heapDistance[left], heapIndex[left], heapDistance[largest], heapIndex[largest]) && !(heapDistance[left] == heapDistance[largest] && heapIndex[left] == heapIndex[largest])) largest = left;
            if (right < count && Worse(heapDistance[right], heapIndex[right], heapDistance[largest], heapIndex[largest]) && !(heapDistance[right] == heapDistance[largest] && heapIndex[right] == heapIndex[largest])) largest = right;
            if (largest == position) return;
            (heapDistance[position], heapDistance[largest]) = (heapDistance[largest], heapDistance[position]);
            (heapIndex[position], heapIndex[largest]) = (heapIndex[largest], heapIndex[position]);
            position = largest;
        }
    }
}
