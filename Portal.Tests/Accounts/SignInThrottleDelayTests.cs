using Microsoft.Extensions.Options;
using Portal.Web.Accounts;

namespace Portal.Tests.Accounts;

public sealed class SignInThrottleDelayTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(9, 0)]
    [InlineData(10, 250)]
    [InlineData(11, 500)]
    [InlineData(14, 4000)]
    [InlineData(15, 5000)]
    [InlineData(10_000, 5000)]
    public void SlowsAnAccountFailingFromEverywhereByDoublingWaitsUpToTheLimit(int failures, int milliseconds)
    {
        var throttle = new SignInThrottle(null!, TimeProvider.System, Options.Create(new SignInThrottleOptions()));

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), throttle.DelayFor(failures));
    }
}
