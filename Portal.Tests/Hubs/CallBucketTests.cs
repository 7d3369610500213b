using Microsoft.Extensions.Time.Testing;
using Portal.Web.Hubs;

namespace Portal.Tests.Hubs;

public sealed class CallBucketTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void AllowsTheBurstThenTheRatePerSecond()
    {
        var bucket = new CallBucket(3, _clock.GetTimestamp());

        Assert.Equal([true, true, true, false], Enumerable.Range(0, 4).Select(_ => bucket.TryTake(3, 2, _clock)));

        _clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.True(bucket.TryTake(3, 2, _clock));
        Assert.False(bucket.TryTake(3, 2, _clock));
    }

    [Fact]
    public void RefillsNoFurtherThanTheBurst()
    {
        var bucket = new CallBucket(3, _clock.GetTimestamp());

        _clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal([true, true, true, false], Enumerable.Range(0, 4).Select(_ => bucket.TryTake(3, 2, _clock)));
    }
}
