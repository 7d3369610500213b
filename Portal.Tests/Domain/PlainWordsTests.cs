using Portal.Core.Domain;

namespace Portal.Tests.Domain;

public sealed partial class PlainWordsTests
{
    [Theory]
    [InlineData(IncidentState.Investigating, "We are looking into it")]
    [InlineData(IncidentState.Identified, "We know the cause")]
    [InlineData(IncidentState.Monitoring, "A fix is in place and we are watching it")]
    [InlineData(IncidentState.Resolved, "Resolved")]
    public void SaysWhatAnIncidentsStateMeansToSomeoneWaitingOnIt(IncidentState state, string words) =>
        Assert.Equal(words, PlainWords.For(state));

    [Fact]
    public void NamesADayWithTheYearOnlyWhenItIsNotThisYears()
    {
        var now = new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

        Assert.Equal("9 Nov", PlainWords.Day(new DateTimeOffset(2026, 11, 9, 23, 30, 0, TimeSpan.Zero), now));
        Assert.Equal("9 Nov", PlainWords.Day(new DateTimeOffset(2026, 11, 10, 1, 30, 0, TimeSpan.FromHours(2)), now));
        Assert.Equal("30 Dec 2025", PlainWords.Day(new DateTimeOffset(2025, 12, 30, 8, 0, 0, TimeSpan.Zero), now));
    }

    [Theory]
    [InlineData(550, "550 more than yesterday")]
    [InlineData(-1240, "1,240 less than yesterday")]
    [InlineData(2.5, "2.5 more than yesterday")]
    [InlineData(0, "No change since yesterday")]
    public void SaysAChangeSinceYesterdayInWordsWithoutASign(decimal change, string words) =>
        Assert.Equal(words, PlainWords.ChangeSinceYesterday(change));

    [Theory]
    [InlineData(550, MetricDirection.HigherIsWorse, "550 more than yesterday · worse")]
    [InlineData(-550, MetricDirection.HigherIsWorse, "550 less than yesterday · better")]
    [InlineData(12, MetricDirection.HigherIsBetter, "12 more than yesterday · better")]
    [InlineData(-12, MetricDirection.HigherIsBetter, "12 less than yesterday · worse")]
    [InlineData(550, MetricDirection.Neutral, "550 more than yesterday")]
    [InlineData(0, MetricDirection.HigherIsWorse, "No change since yesterday")]
    public void SaysWhetherAChangeIsBetterOrWorseWhenTheMetricSaysWhichWayIsGood(decimal change, MetricDirection direction, string words) =>
        Assert.Equal(words, PlainWords.ChangeSinceYesterday(change, direction));

    [Theory]
    [InlineData(MetricDirection.HigherIsBetter, "Higher is better")]
    [InlineData(MetricDirection.HigherIsWorse, "Higher is worse")]
    [InlineData(MetricDirection.Neutral, "Neither: a change is neither better nor worse")]
    public void SaysAMetricsDirectionInWords(MetricDirection direction, string words) =>
        Assert.Equal(words, PlainWords.For(direction));

    [Theory]
    [InlineData("statement.submitted", "Submitted for approval")]
    [InlineData("statement.published.break-glass", "Published alone (break glass)")]
    [InlineData("person.password-reset.sent", "Sent a password reset link")]
    [InlineData("webhook.delivery.paused", "Webhook delivery paused")]
    public void SaysAnAuditActionInWordsEvenOneItHasNoWordsFor(string action, string words) =>
        Assert.Equal(words, PlainWords.ForAction(action));

    [Fact]
    public void HasWordsForEveryActionTheConsoleRecords()
    {
        var source = Path.Combine(SourceRoot(), "Portal.Core");
        var recorded = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => DottedLiteral().Matches(File.ReadAllText(f)).Select(m => m.Groups["name"].Value))
            .Where(name => !name.EndsWith(".example", StringComparison.Ordinal) && !name.EndsWith(".db", StringComparison.Ordinal))
            .Distinct()
            .ToList();

        Assert.Contains("statement.submitted", recorded);
        Assert.All(recorded, action => Assert.NotEqual(Spelled(action), PlainWords.ForAction(action)));
    }

    /// <summary>What the fallback makes of an action, which a recorded action must not need.</summary>
    private static string Spelled(string action)
    {
        var spaced = action.Replace('.', ' ').Replace('-', ' ');
        return char.ToUpperInvariant(spaced[0]) + spaced[1..];
    }

    private static string SourceRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Portal.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Portal.sln not found above the test binaries.");
    }

    // Audit actions are the only quoted lower-case dotted names in Core, besides a file and a mail domain left out above.
    [System.Text.RegularExpressions.GeneratedRegex("\"(?<name>[a-z]+(?:\\.[a-z-]+)+)\"")]
    private static partial System.Text.RegularExpressions.Regex DottedLiteral();
}
