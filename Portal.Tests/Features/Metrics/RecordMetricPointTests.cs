using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Features.Metrics;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Metrics;

public sealed class RecordMetricPointTests : IAsyncLifetime
{
    private const string Backlog = "supplier-invoices-awaiting-payment";

    /// <summary>The seeded backlog has a point at 07:00 UTC on each of the last fifteen days.</summary>
    private static readonly DateTimeOffset LatestSeeded = new(2026, 11, 26, 7, 0, 0, TimeSpan.Zero);

    private TestPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await TestPortal.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private RecordMetricPoint UseCase => _portal.Get<RecordMetricPoint>();

    private async Task<List<MetricPoint>> PointsAsync()
    {
        await using var db = _portal.NewDbContext();
        return [.. (await db.Metrics.Include(m => m.Points).SingleAsync(m => m.Slug == Backlog)).Points.OrderBy(p => p.At)];
    }

    [Fact]
    public async Task RecordsAPointWithAnAuditEntryAndAnEvent()
    {
        var recorded = await UseCase.HandleAsync(new RecordMetricPointRequest(Backlog, TestPortal.DemoNow, 7_950.5m), Actors.Operator);

        var points = await PointsAsync();
        Assert.Equal(16, points.Count);
        Assert.Equal((TestPortal.DemoNow, 7_950.5m), (points[^1].At, points[^1].Value));

        await using var db = _portal.NewDbContext();
        var audit = await db.AuditEntries.SingleAsync();
        Assert.Equal(("metric.point.recorded", Backlog), (audit.Action, audit.EntityId));
        Assert.Contains("\"value\":7950.5", audit.After);

        var portalEvent = await db.PortalEvents.SingleAsync();
        Assert.Equal(PortalEventTypes.MetricUpdated, portalEvent.Type);
        Assert.Equal(new MetricUpdatedData(Backlog, "Supplier invoices awaiting payment", "invoices",
            new MetricReading(TestPortal.DemoNow, 7_950.5m), 1), portalEvent.Payload<MetricUpdatedData>());
        Assert.Equal(portalEvent.Payload<MetricUpdatedData>(), recorded);
    }

    [Fact]
    public async Task KeepsTheLatestPointLatestWhenAnEarlierOneIsRecorded()
    {
        var seededLatest = (await PointsAsync())[^1];

        var recorded = await UseCase.HandleAsync(new RecordMetricPointRequest(Backlog, TestPortal.DemoNow.AddDays(-30), 1m), Actors.Operator);

        Assert.Equal(new MetricReading(LatestSeeded, seededLatest.Value), recorded.Latest);
        Assert.Equal(1, recorded.PointsAdded);
    }

    [Fact]
    public async Task SendsTheSupplierOnlyMetricOnlyToSuppliers()
    {
        using var suppliers = _portal.RecordEvents(Viewers.Suppliers);
        using var retailers = _portal.RecordEvents(Viewers.Retailers);
        using var colleagues = _portal.RecordEvents(Viewers.Colleagues);
        using var publicViewers = _portal.RecordEvents(Viewers.Public);

        await UseCase.HandleAsync(new RecordMetricPointRequest(Backlog, TestPortal.DemoNow, 7_000m), Actors.Operator);

        Assert.Equal(["suppliers"], Assert.Single(suppliers.Events).Audiences);
        Assert.Empty(retailers.Events);
        Assert.Empty(colleagues.Events);
        Assert.Empty(publicViewers.Events);
    }

    [Fact]
    public async Task RefusesASecondValueForTheSameMoment()
    {
        // The same instant written with an offset is still the same moment.
        var sameMoment = LatestSeeded.ToOffset(TimeSpan.FromHours(1));

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            UseCase.HandleAsync(new RecordMetricPointRequest(Backlog, sameMoment, 1m), Actors.Operator));

        Assert.Equal("Supplier invoices awaiting payment already has a value for 2026-11-26 07:00:00Z.", refused.Message);
        await _portal.AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task AcceptsAPointUpToADayAheadButNoFurther()
    {
        await UseCase.HandleAsync(new RecordMetricPointRequest(Backlog, TestPortal.DemoNow.AddDays(1), 1m), Actors.Operator);

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            UseCase.HandleAsync(new RecordMetricPointRequest(Backlog, TestPortal.DemoNow.AddDays(1).AddSeconds(1), 2m), Actors.Operator));

        Assert.Equal("2026-11-27 09:30:01Z is more than a day ahead of now; a metric records figures as they were, not forecasts.", refused.Message);
        Assert.Equal(16, (await PointsAsync()).Count);
    }

    [Fact]
    public async Task RefusesAValueTooLargeToStoreExactly()
    {
        await Assert.ThrowsAsync<DomainException>(() =>
            UseCase.HandleAsync(new RecordMetricPointRequest(Backlog, TestPortal.DemoNow, Metric.MaxValueMagnitude + 1), Actors.Operator));

        await _portal.AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task RefusesAnUnknownMetric()
    {
        await Assert.ThrowsAsync<NotFoundException>(() =>
            UseCase.HandleAsync(new RecordMetricPointRequest("no-such-metric", TestPortal.DemoNow, 1m), Actors.Operator));

        await _portal.AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task RefusesSomeoneWhoIsNotAnOperator()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            UseCase.HandleAsync(new RecordMetricPointRequest(Backlog, TestPortal.DemoNow, 1m), Actors.Publisher));

        await _portal.AssertNothingWrittenAsync();
        Assert.Equal(15, (await PointsAsync()).Count);
    }
}
