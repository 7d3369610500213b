using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Features.Metrics;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Metrics;

public sealed class UpdateMetricTests : IAsyncLifetime
{
    private const string Backlog = "supplier-invoices-awaiting-payment";

    private static readonly UpdateMetricRequest Renamed = new(Backlog, "Supplier invoices not yet paid", "invoices",
        "Approved supplier invoices waiting for a payment run.", ["suppliers", "colleagues"], MetricDirection.HigherIsWorse);

    private TestPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await TestPortal.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private UpdateMetric UseCase => _portal.Get<UpdateMetric>();

    [Fact]
    public async Task ChangesTheDetailsAndKeepsThePoints()
    {
        var updated = await UseCase.HandleAsync(Renamed, Actors.Operator);

        await using var db = _portal.NewDbContext();
        var metric = await db.Metrics.Include(m => m.Points).SingleAsync(m => m.Slug == Backlog);
        Assert.Equal(("Supplier invoices not yet paid", 15), (metric.Name, metric.Points.Count));
        Assert.Equal(["colleagues", "suppliers"], metric.Audiences);
        var latest = metric.Points.MaxBy(p => p.At)!;

        var audit = await db.AuditEntries.SingleAsync();
        Assert.Equal(("metric.updated", Backlog), (audit.Action, audit.EntityId));
        Assert.Contains("\"name\":\"Supplier invoices awaiting payment\"", audit.Before);
        Assert.Contains("\"name\":\"Supplier invoices not yet paid\"", audit.After);

        var portalEvent = await db.PortalEvents.SingleAsync();
        Assert.Equal(PortalEventTypes.MetricUpdated, portalEvent.Type);
        Assert.Equal(["colleagues", "suppliers"], portalEvent.Audiences);
        Assert.Equal(new MetricUpdatedData(Backlog, "Supplier invoices not yet paid", "invoices", new MetricReading(latest.At, latest.Value), 0),
            portalEvent.Payload<MetricUpdatedData>());
        Assert.Equal(portalEvent.Payload<MetricUpdatedData>(), updated);
    }

    [Fact]
    public async Task ChangesWhetherARiseIsBetterOrWorseAndAuditsItInWords()
    {
        await UseCase.HandleAsync(Renamed with { Direction = MetricDirection.HigherIsBetter }, Actors.Operator);

        await using var db = _portal.NewDbContext();
        Assert.Equal(MetricDirection.HigherIsBetter, (await db.Metrics.SingleAsync(m => m.Slug == Backlog)).Direction);
        var audit = await db.AuditEntries.SingleAsync();
        Assert.Contains("\"direction\":\"Higher is worse\"", audit.Before);
        Assert.Contains("\"direction\":\"Higher is better\"", audit.After);
    }

    [Fact]
    public async Task RefusesBadInputAndWritesNothing()
    {
        await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(Renamed with { Name = " " }, Actors.Operator));
        await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(Renamed with { Audiences = [] }, Actors.Operator));
        await Assert.ThrowsAsync<DomainException>(() =>
            UseCase.HandleAsync(Renamed with { Unit = new string('x', Metric.UnitMaxLength + 1) }, Actors.Operator));
        await Assert.ThrowsAsync<NotFoundException>(() => UseCase.HandleAsync(Renamed with { Slug = "no-such-metric" }, Actors.Operator));
        await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(Renamed with { Direction = (MetricDirection)7 }, Actors.Operator));

        await _portal.AssertNothingWrittenAsync();
        await using var db = _portal.NewDbContext();
        Assert.Equal("Supplier invoices awaiting payment", (await db.Metrics.SingleAsync()).Name);
    }

    [Fact]
    public async Task RefusesSomeoneWhoIsNotAnOperator()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() => UseCase.HandleAsync(Renamed, Actors.Publisher));

        await _portal.AssertNothingWrittenAsync();
    }
}
