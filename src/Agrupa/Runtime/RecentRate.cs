namespace Agrupa.Runtime;

/// <summary>
/// The rate of a long loop over its last <see cref="Window"/> (units per second), for progress lines and their remaining
/// time. A since-start average keeps a slow stretch in the rate long after it ended: in session 17 a 200-epoch CAE
/// pretraining whose epochs 8–20 shared the 2 cores with a test run (median 46 s an epoch, up to 130 s) still reported
/// 1,500 samples/s and 2 h 9 min remaining at epoch 31, when its epochs took 25 s again (2,800 samples/s; 72 min remained).
/// </summary>
internal sealed class RecentRate
{
    private readonly Queue<(double Seconds, long Count)> _points = new();

    /// <summary>Starts at 0 units after 0 s.</summary>
    public RecentRate(TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        Window = window;
        _points.Enqueue((0, 0));
    }

    /// <summary>How far back the rate looks.</summary>
    public TimeSpan Window { get; }

    /// <summary>
    /// Records that <paramref name="count"/> units were done after <paramref name="elapsed"/> and returns the rate since
    /// the oldest record within the window (since the start while the loop is younger than the window); 0 before time passes.
    /// </summary>
    public double Add(TimeSpan elapsed, long count)
    {
        double now = elapsed.TotalSeconds;
        _points.Enqueue((now, count));
        while (_points.Count > 2 && now - _points.Peek().Seconds > Window.TotalSeconds) _points.Dequeue();
        (double since, long from) = _points.Peek();
        return now > since ? (count - from) / (now - since) : 0;
    }
}
