using Microsoft.Extensions.Time.Testing;
using Portal.Web.Hubs;

namespace Portal.Tests.Hubs;

public sealed class SequenceOrderTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly SequenceOrder<long> _order;

    public SequenceOrderTests() => _order = new SequenceOrder<long>(s => s, TimeSpan.FromSeconds(2), _clock);

    [Fact]
    public void HoldsAnEventUntilTheOneBeforeItArrives()
    {
        _order.Add(10);
        Assert.Equal([10L], _order.TakeReady());

        _order.Add(12);
        Assert.Empty(_order.TakeReady());
        _order.Add(11);

        Assert.Equal([11L, 12L], _order.TakeReady());
        Assert.Null(_order.TimeUntilForcedRelease);
    }

    [Fact]
    public void ReleasesAfterWaitingLongEnoughForAnEventThatNeverCame()
    {
        _order.Add(1);
        _order.TakeReady();
        _order.Add(3);
        Assert.Empty(_order.TakeReady());
        Assert.Equal(TimeSpan.FromSeconds(2), _order.TimeUntilForcedRelease);

        _clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal([3L], _order.TakeReady());
        _order.Add(4);
        Assert.Equal([4L], _order.TakeReady());
    }
}
