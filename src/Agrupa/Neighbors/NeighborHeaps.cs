using System.Runtime.CompilerServices;

namespace Agrupa.Neighbors;

/// <summary>
/// n bounded max-heaps of (distance, index, new-flag), k slots each, as pynndescent's neighbour heaps: the root holds
/// the current k-th distance (the admission threshold). Different points' heaps may be pushed from different threads.
/// </summary>
internal sealed class NeighborHeaps
{
    private readonly int[] _indices;
    private readonly float[] _distances;
    private readonly bool[] _new;

    public NeighborHeaps(int count, int size)
    {
        Count = count;
        Size = size;
        _indices = new int[(long)count * size];
        _distances = new float[(long)count * size];
        _new = new bool[(long)count * size];
        Array.Fill(_indices, -1);
        Array.Fill(_distances, float.PositiveInfinity);
    }

    public int Count { get; }

    public int Size { get; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Threshold(int p) => _distances[p * Size];

    public int Index(int p, int slot) => _indices[p * Size + slot];

    public bool IsNew(int p, int slot) => _new[p * Size + slot];

    public bool IsFull(int p) => !_indices.AsSpan(p * Size, Size).Contains(-1);

    /// <summary>Pushes q into p's heap (flagged new) if closer than the root and not already there.</summary>
    public bool Push(int p, int q, float distance)
    {
        int start = p * Size;
        if (!(distance < _distances[start])) return false;
        var indices = _indices.AsSpan(start, Size);
        if (indices.Contains(q)) return false;
        var distances = _distances.AsSpan(start, Size);
        var flags = _new.AsSpan(start, Size);
        int node = 0;
        while (true)
        {
            int left = 2 * node + 1, right = left + 1, largest = -1;
            float largestDistance = distance;
            if (left < Size && distances[left] > largestDistance) { largest = left; largestDistance = distances[left]; }
            if (right < Size && distances[right] > largestDistance) largest = right;
            if (largest < 0) break;
            distances[node] = distances[largest];
            indices[node] = indices[largest];
            flags[node] = flags[largest];
            node = largest;
        }
        distances[node] = distance;
        indices[node] = q;
        flags[node] = true;
        return true;
    }

    /// <summary>Flags slot <paramref name="slot"/> of point <paramref name="p"/> as old (already joined).</summary>
    public void MarkOld(int p, int slot) => _new[p * Size + slot] = false;

    /// <summary>Sorted graph: the point itself first (distance 0), then its nearest <paramref name="neighborCount"/> − 1 others.</summary>
    public NeighborGraph ToGraph(int neighborCount, NeighborMetric metric)
    {
        var indices = new int[(long)Count * neighborCount];
        var distances = new float[(long)Count * neighborCount];
        Parallel.For(0, Count, Runtime.ThreadBudget.Options, p =>
        {
            int start = p * Size;
            var slots = new (float Distance, int Index)[Size];
            for (int s = 0; s < Size; s++) slots[s] = (_distances[start + s], _indices[start + s]);
            Array.Sort(slots);
            int row = p * neighborCount;
            indices[row] = p;
            distances[row] = 0;
            for (int j = 1; j < neighborCount; j++)
            {
                var (distance, index) = slots[j - 1];
                indices[row + j] = index;
                distances[row + j] = metric == NeighborMetric.Cosine ? 0.5f * distance * distance : distance;
            }
        });
        return new NeighborGraph(indices, distances, neighborCount);
    }
}
