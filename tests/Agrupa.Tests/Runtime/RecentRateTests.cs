using Agrupa.Runtime;

namespace Agrupa.Tests.Runtime;

public sealed class RecentRateTests
{
    [Fact]
    public void TheRateFollowsTheLastWindowSoASlowStretchLeavesItOnceItEnds()
    {
        var rate = new RecentRate(TimeSpan.FromSeconds(60));
        double last = 0;
        long steps = 0;
        // 120 s at 10 steps/s, then 120 s at 2 steps/s (another job shares the cores), then 120 s at 10 steps/s again; a report a second.
        for (int second = 1; second <= 360; second++)
        {
            steps += second is > 120 and <= 240 ? 2 : 10;
            last = rate.Add(TimeSpan.FromSeconds(second), steps);
            if (second == 30) Assert.Equal(10, last, 9);     // younger than the window: since the start
            if (second == 240) Assert.Equal(2, last, 9);     // a since-start average would say 6
        }
        Assert.Equal(10, last, 9);                            // a since-start average would say 7.33
        Assert.Equal(0, new RecentRate(TimeSpan.FromSeconds(1)).Add(TimeSpan.Zero, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecentRate(TimeSpan.Zero));
    }
}
