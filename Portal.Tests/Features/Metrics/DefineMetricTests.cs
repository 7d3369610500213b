using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Features.Metrics;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Metrics;

public sealed class DefineMetricTests : IAsyncLifetime
{
    private static readonly DefineMetricRequest PartsBacklog = new("parts-orders-waiting", "Parts orders waiting to ship", "orders",
        "Workshop parts orders accepted but not yet shipped.", ["retailers", "suppliers"]);

    private TestPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await TestPortal.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private DefineMetric UseCase => _portal.Get<DefineMetric>();

    [Fact]
    public async Task DefinesAMetricWithAnAuditEntryAndAnEvent()
    {
        var defined = await UseCase.HandleAsync(PartsBacklog, Actors.Operator);

        await using var db = _portal.NewDbContext();
        var metric = await db.Metrics.Include(m => m.Points).SingleAsync(m => m.Slug == "parts-orders-waiting");
        Assert.Equal(("Parts orders waiting to ship", "orders", 0), (metric.Name, metric.Unit, metric.Points.Count));
        Assert.Equal(["retailers", "suppliers"], metric.Audiences);

        var audit = await db.AuditEntries.SingleAsync();
        Assert.Equal(("metric.defined", nameof(Metric), "parts-orders-waiting", null), (audit.Action, audit.EntityType, audit.EntityId, audit.Before));

        var portalEvent = await db.PortalEvents.SingleAsync();
        Assert.Equal(PortalEventTypes.MetricUpdated, portalEvent.Type);
        Assert.Equal(["retailers", "suppliers"], portalEvent.Audiences);
        Assert.Equal(["latest", "name", "pointsAdded", "slug", "unit"], portalEvent.PayloadProperties());
        Assert.Equal(new MetricUpdatedData("parts-orders-waiting", "Parts orders waiting to ship", "orders", null, 0), defined);
        Assert.Equal(defined, portalEvent.Payload<MetricUpdatedData>());
    }

    [Fact]
    public async Task SendsASupplierOnlyMetricOnlyToSuppliers()
    {
        using var suppliers = _portal.RecordEvents(Viewers.Suppliers);
        using var retailers = _portal.RecordEvents(Viewers.Retailers);
        using var colleagues = _portal.RecordEvents(Viewers.Colleagues);
        using var publicViewers = _portal.RecordEvents(Viewers.Public);

        await UseCase.HandleAsync(PartsBacklog with { Audiences = ["suppliers"] }, Actors.Operator);

        Assert.Equal(PortalEventTypes.MetricUpdated, Assert.Single(suppliers.Events).Type);
        Assert.Empty(retailers.Events);
        Assert.Empty(colleagues.Events);
        Assert.Empty(publicViewers.Events);
    }

    [Fact]
    public async Task RefusesADuplicateSlug()
    {
        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            UseCase.HandleAsync(PartsBacklog with { Slug = "supplier-invoices-awaiting-payment" }, Actors.Operator));

        Assert.Equal("There is already a metric 'supplier-invoices-awaiting-payment' (Supplier invoices awaiting payment). Choose another slug.",
            refused.Message);
        await _portal.AssertNothingWrittenAsync();
    }

    [Theory]
    [InlineData("Parts-Orders", "Name", "retailers", "Slug may hold only lower-case letters, digits and hyphens.")]
    [InlineData("parts-orders", "", "retailers", "Name is required.")]
    [InlineData("parts-orders", "Name", "press", "There is no audience 'press'.")]
    public async Task RefusesBadInputAndWritesNothing(string slug, string name, string audience, string message)
    {
        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            UseCase.HandleAsync(PartsBacklog with { Slug = slug, Name = name, Audiences = [audience] }, Actors.Operator));

        Assert.Equal(message, refused.Message);
        await _portal.AssertNothingWrittenAsync();
        await using var db = _portal.NewDbContext();
        Assert.Equal(1, await db.Metrics.CountAsync());
    }

    [Fact]
    public async Task RefusesSomeoneWhoIsNotAnOperator()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() => UseCase.HandleAsync(PartsBacklog, Actors.Publisher));

        await _portal.AssertNothingWrittenAsync();
        await using var db = _portal.NewDbContext();
        Assert.Equal(1, await db.Metrics.CountAsync());
    }
}
