using Portal.Core.Domain;
using Portal.Core.Features.Metrics;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Metrics;

public sealed class GetMetricsForConsoleTests : IAsyncLifetime
{
    private TestPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await TestPortal.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private GetMetricsForConsole UseCase => _portal.Get<GetMetricsForConsole>();

    [Fact]
    public async Task ListsEveryMetricByNameWhoeverMaySeeIt()
    {
        await _portal.Get<DefineMetric>().HandleAsync(
            new DefineMetricRequest("parts-orders-waiting", "Parts orders waiting to ship", "orders", "", ["retailers"]), Actors.Operator);

        var metrics = (await UseCase.HandleAsync(Actors.Operator)).Metrics;

        Assert.Equal(["parts-orders-waiting", "supplier-invoices-awaiting-payment"], metrics.Select(m => m.Slug));
        Assert.Equal(["suppliers"], metrics[1].Audiences);
        Assert.Equal((0, null), (metrics[0].PointCount, metrics[0].Latest));
        Assert.Empty(metrics[0].RecentPoints);
    }

    [Fact]
    public async Task GivesTheCountTheLatestPointAndTheRecentPointsOldestFirst()
    {
        var metric = (await UseCase.HandleAsync(Actors.Operator)).Metrics.Single();

        Assert.Equal(15, metric.PointCount);
        Assert.Equal(15, metric.RecentPoints.Count);
        Assert.Equal(new DateTimeOffset(2026, 11, 12, 7, 0, 0, TimeSpan.Zero), metric.RecentPoints[0].At);
        Assert.Equal(metric.RecentPoints[^1], metric.Latest);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 7, 0, 0, TimeSpan.Zero), metric.Latest!.At);
    }

    [Fact]
    public async Task KeepsOnlyTheLastThirtyPoints()
    {
        var csv = string.Join("\n", Enumerable.Range(1, 30).Select(day => $"2026-10-{day:00},{day}"));
        await _portal.Get<ImportMetricPoints>().HandleAsync(new ImportMetricPointsRequest("supplier-invoices-awaiting-payment", csv), Actors.Operator);

        var metric = (await UseCase.HandleAsync(Actors.Operator)).Metrics.Single();

        Assert.Equal(45, metric.PointCount);
        Assert.Equal(GetMetricsForConsole.RecentPointCount, metric.RecentPoints.Count);
        Assert.Equal((new DateTimeOffset(2026, 10, 16, 0, 0, 0, TimeSpan.Zero), 16m), (metric.RecentPoints[0].At, metric.RecentPoints[0].Value));
        Assert.Equal(metric.RecentPoints.OrderBy(p => p.At), metric.RecentPoints);
    }

    [Fact]
    public async Task LetsAnyStaffLook()
    {
        var console = await UseCase.HandleAsync(Actors.Publisher);

        Assert.Single(console.Metrics);
    }

    [Fact]
    public async Task RefusesSomeoneWithoutAStaffRole()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() => UseCase.HandleAsync(Actors.NoRole));
    }
}
