using Microsoft.Extensions.Time.Testing;
using Portal.Web.Hubs;

namespace Portal.Tests.Hubs;

public sealed class RefusedCallsTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void LogsTheFirstRefusalThenAtMostOnceAMinuteWithTheCountSince()
    {
        var refused = new RefusedCalls(_clock.GetTimestamp());

        var first = refused.Record(1_000, _clock);
        var quiet = Enumerable.Range(0, 50).Select(_ => refused.Record(1_000, _clock)).ToList();
        _clock.Advance(RefusedCalls.Window);
        var next = refused.Record(1_000, _clock);

        Assert.Equal(new RefusedCalls.Outcome(Log: true, Count: 1, Close: false), first);
        Assert.All(quiet, o => Assert.False(o.Log));
        Assert.Equal(new RefusedCalls.Outcome(Log: true, Count: 51, Close: false), next);
    }

    [Fact]
    public void ClosesOnceWhenRefusalsWithinAMinuteExceedTheLimit()
    {
        var refused = new RefusedCalls(_clock.GetTimestamp());

        var outcomes = Enumerable.Range(0, 12).Select(_ => refused.Record(10, _clock)).ToList();

        Assert.Equal([10], outcomes.Select((o, i) => (o, i)).Where(x => x.o.Close).Select(x => x.i));
    }

    [Fact]
    public void ForgetsRefusalsOfAnEarlierMinuteWhenDecidingToClose()
    {
        var refused = new RefusedCalls(_clock.GetTimestamp());
        for (var call = 0; call < 10; call++)
        {
            refused.Record(10, _clock);
        }

        _clock.Advance(RefusedCalls.Window);

        Assert.All(Enumerable.Range(0, 10).Select(_ => refused.Record(10, _clock)), o => Assert.False(o.Close));
    }
}
