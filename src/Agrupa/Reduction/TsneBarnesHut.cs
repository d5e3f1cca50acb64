using Agrupa.Runtime;

namespace Agrupa.Reduction;

/// <summary>
/// Barnes–Hut approximation of the t-SNE repulsion in 2-D (van der Maaten, "Accelerating t-SNE using tree-based
/// algorithms", JMLR 15, 2014). A quadtree is rebuilt every iteration; for each point the tree is walked from the root
/// and a cell of width w whose centre of mass lies at distance d is used as a single body when it is a leaf or when
/// w / d &lt; θ (the criterion of sklearn's and openTSNE's quad trees). Cost O(n log n) per iteration.
/// </summary>
/// <remarks>
/// Unlike sklearn and openTSNE, the point's own leaf does not add the self term 1/(1 + 0) to Z: with n points Z would
/// otherwise be overestimated by n, which is several percent of Z for well-spread 10,000-point embeddings. Exact
/// duplicates share a leaf; points closer than 2⁻⁴⁸ of the extent share a leaf summarised by its centre of mass.
/// Each point's sums are written to its own slot and added in index order, so results do not depend on the threads.
/// </remarks>
internal sealed class TsneBarnesHut : ITsneRepulsion
{
    private const int MaxDepth = 48;

    private struct Node
    {
        public double CenterX, CenterY, HalfWidth;
        public double SumX, SumY;
        public int Count, FirstChild, Point;
    }

    /// <summary>What the walk reads of a node, packed (32 bytes): centre of mass, squared width, count, first child.</summary>
    private struct Summary
    {
        public double MassX, MassY, WidthSquared;
        public int Count, FirstChild;
    }

    private readonly int _count;
    private readonly int[] _order;
    private readonly Stack<int> _pending = new();
    private Summary[] _summaries = [];
    private readonly double _thetaSquared;
    private readonly double[] _rowSums;
    private readonly int[] _leafOf;
    private readonly int[] _nextInLeaf;
    private Node[] _nodes;
    private int _nodeCount;

    public TsneBarnesHut(int count, double theta)
    {
        _count = count;
        _thetaSquared = theta * theta;
        _rowSums = new double[count];
        _leafOf = new int[count];
        _nextInLeaf = new int[count];
        _order = new int[count];
        _nodes = new Node[Math.Max(16, 4 * count)];
    }

    public double Compute(double[] embedding, double[] repulsion)
    {
        Build(embedding);
        int n = _count;
        Summary[] nodes = _summaries;
        int[] order = _order;
        // Points are walked in tree (depth-first) order, so consecutive walks touch the same nodes while they are in cache.
        Parallel.For(0, n, ThreadBudget.Options, () => new int[4 * MaxDepth + 8], (position, _, stack) =>
        {
            int i = order[position];
            double x = embedding[2 * i], y = embedding[2 * i + 1];
            double fx = 0, fy = 0, z = 0;
            int own = _leafOf[i];
            int top = 0;
            stack[top++] = 0;
            while (top > 0)
            {
                int index = stack[--top];
                ref Summary node = ref nodes[index];
                int count = node.Count;
                if (count == 0) continue;
                bool isLeaf = node.FirstChild < 0;
                double dx, dy;
                if (isLeaf && index == own)
                {
                    // The point's own leaf: only its other occupants (duplicates) count.
                    count--;
                    if (count == 0) continue;
                    dx = x - (_nodes[index].SumX - x) / count;
                    dy = y - (_nodes[index].SumY - y) / count;
                }
                else
                {
                    dx = x - node.MassX;
                    dy = y - node.MassY;
                }
                double squared = dx * dx + dy * dy;
                if (isLeaf || node.WidthSquared < _thetaSquared * squared)
                {
                    double w = 1 / (1 + squared);
                    double weighted = count * w;
                    z += weighted;
                    double force = weighted * w;
                    fx += force * dx;
                    fy += force * dy;
                }
                else
                {
                    int child = node.FirstChild;
                    stack[top++] = child; stack[top++] = child + 1; stack[top++] = child + 2; stack[top++] = child + 3;
                }
            }
            repulsion[2 * i] = fx;
            repulsion[2 * i + 1] = fy;
            _rowSums[i] = z;
            return stack;
        }, _ => { });
        double total = 0;
        for (int i = 0; i < n; i++) total += _rowSums[i];
        return total;
    }

    /// <summary>Builds the quadtree of the current embedding by inserting the points in index order.</summary>
    private void Build(double[] embedding)
    {
        double minX = double.PositiveInfinity, minY = double.PositiveInfinity;
        double maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
        for (int i = 0; i < _count; i++)
        {
            double x = embedding[2 * i], y = embedding[2 * i + 1];
            if (x < minX) minX = x;
            if (x > maxX) maxX = x;
            if (y < minY) minY = y;
            if (y > maxY) maxY = y;
        }
        double half = Math.Max(maxX - minX, maxY - minY) / 2;
        half = half * (1 + 1e-6) + 1e-12;
        _nodeCount = 0;
        NewNode((minX + maxX) / 2, (minY + maxY) / 2, half);
        for (int i = 0; i < _count; i++) Insert(i, embedding[2 * i], embedding[2 * i + 1], embedding);
        Summarize();
    }

    /// <summary>Packs what the walk reads (centre of mass = sum / count, as the walk computed it before) and lists the points depth first.</summary>
    private void Summarize()
    {
        if (_summaries.Length < _nodeCount) _summaries = new Summary[_nodes.Length];
        for (int k = 0; k < _nodeCount; k++)
        {
            ref Node node = ref _nodes[k];
            double width = 2 * node.HalfWidth;
            _summaries[k] = new Summary
            {
                MassX = node.Count > 0 ? node.SumX / node.Count : 0, MassY = node.Count > 0 ? node.SumY / node.Count : 0,
                WidthSquared = width * width, Count = node.Count, FirstChild = node.FirstChild,
            };
        }
        Stack<int> stack = _pending;
        stack.Push(0);
        int position = 0;
        while (stack.Count > 0)
        {
            int k = stack.Pop();
            ref Node node = ref _nodes[k];
            if (node.FirstChild >= 0)
                for (int c = 3; c >= 0; c--) stack.Push(node.FirstChild + c);
            else
                for (int member = node.Point; member >= 0; member = _nextInLeaf[member]) _order[position++] = member;
        }
        if (position != _count) throw new InvalidOperationException($"The quadtree lists {position} of {_count} points.");
    }

    private int NewNode(double centerX, double centerY, double halfWidth)
    {
        if (_nodeCount == _nodes.Length) Array.Resize(ref _nodes, _nodes.Length * 2);
        int index = _nodeCount++;
        _nodes[index] = new Node { CenterX = centerX, CenterY = centerY, HalfWidth = halfWidth, FirstChild = -1, Point = -1 };
        return index;
    }

    private int Quadrant(int node, double x, double y) =>
        _nodes[node].FirstChild + (x > _nodes[node].CenterX ? 1 : 0) + (y > _nodes[node].CenterY ? 2 : 0);

    private void Insert(int point, double x, double y, double[] embedding)
    {
        int node = 0;
        for (int depth = 0; ; depth++)
        {
            ref Node current = ref _nodes[node];
            current.Count++;
            current.SumX += x;
            current.SumY += y;
            if (current.FirstChild >= 0)
            {
                node = Quadrant(node, x, y);
                continue;
            }
            if (current.Point < 0)
            {
                current.Point = point;
                _nextInLeaf[point] = -1;
                _leafOf[point] = node;
                return;
            }
            int resident = current.Point;
            double residentX = embedding[2 * resident], residentY = embedding[2 * resident + 1];
            if ((residentX == x && residentY == y) || depth >= MaxDepth)
            {
                _nextInLeaf[point] = current.Point;
                current.Point = point;
                _leafOf[point] = node;
                return;
            }
            // Split the leaf: its earlier occupants (one position, possibly repeated) move to one child.
            int residents = current.Count - 1;
            double quarter = current.HalfWidth / 2, cx = current.CenterX, cy = current.CenterY;
            int first = NewNode(cx - quarter, cy - quarter, quarter);
            NewNode(cx + quarter, cy - quarter, quarter);
            NewNode(cx - quarter, cy + quarter, quarter);
            NewNode(cx + quarter, cy + quarter, quarter);
            ref Node parent = ref _nodes[node];
            parent.FirstChild = first;
            parent.Point = -1;
            int target = Quadrant(node, residentX, residentY);
            ref Node child = ref _nodes[target];
            child.Count = residents;
            child.SumX = residents * residentX;
            child.SumY = residents * residentY;
            child.Point = resident;
            for (int member = resident; member >= 0; member = _nextInLeaf[member]) _leafOf[member] = target;
            node = Quadrant(node, x, y);
        }
    }
}
