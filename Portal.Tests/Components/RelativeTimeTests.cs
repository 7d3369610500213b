using Portal.Web.Components.Shared;

namespace Portal.Tests.Components;

public sealed class RelativeTimeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(-30, "just now")]
    [InlineData(-60, "1 minute ago")]
    [InlineData(-12 * 60, "12 minutes ago")]
    [InlineData(-3 * 3600, "3 hours ago")]
    [InlineData(-5 * 86400, "5 days ago")]
    [InlineData(2 * 3600, "in 2 hours")]
    public void DescribesTimesAsPeopleSayThem(int secondsFromNow, string expected) =>
        Assert.Equal(expected, RelativeTime.Describe(Now.AddSeconds(secondsFromNow), Now));
}
