using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Features.Metrics;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Metrics;

public sealed class SetMetricDirectionTests : IAsyncLifetime
{
    private const string Backlog = "supplier-invoices-awaiting-payment";

    private TestPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await TestPortal.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private SetMetricDirection UseCase => _portal.Get<SetMetricDirection>();

    [Fact]
    public async Task TheSeededBacklogIsOneWhereHigherIsWorse()
    {
        await using var db = _portal.NewDbContext();
        Assert.Equal(MetricDirection.HigherIsWorse, (await db.Metrics.SingleAsync(m => m.Slug == Backlog)).Direction);
    }

    [Fact]
    public async Task SetsTheDirectionAuditsItInWordsAndTellsViewers()
    {
        await UseCase.HandleAsync(new SetMetricDirectionRequest(Backlog, MetricDirection.Neutral), Actors.Operator);

        await using var db = _portal.NewDbContext();
        Assert.Equal(MetricDirection.Neutral, (await db.Metrics.SingleAsync(m => m.Slug == Backlog)).Direction);
        var audit = await db.AuditEntries.SingleAsync();
        Assert.Equal(("metric.direction.set", Backlog), (audit.Action, audit.EntityId));
        Assert.Contains("\"direction\":\"Higher is worse\"", audit.Before);
        Assert.Contains("\"direction\":\"Neither: a change is neither better nor worse\"", audit.After);
        Assert.Equal("Said whether a figure rising is better or worse", PlainWords.ForAction(audit.Action));
        var portalEvent = await db.PortalEvents.SingleAsync();
        Assert.Equal(PortalEventTypes.MetricUpdated, portalEvent.Type);
        Assert.Equal(["suppliers"], portalEvent.Audiences);
    }

    [Fact]
    public async Task RefusesSomeoneWithoutTheRoleAnUnknownMetricAndAnUnknownDirectionAndWritesNothing()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            UseCase.HandleAsync(new SetMetricDirectionRequest(Backlog, MetricDirection.Neutral), Actors.NoRole));
        await Assert.ThrowsAsync<NotFoundException>(() =>
            UseCase.HandleAsync(new SetMetricDirectionRequest("no-such-metric", MetricDirection.Neutral), Actors.Operator));
        await Assert.ThrowsAsync<DomainException>(() =>
            UseCase.HandleAsync(new SetMetricDirectionRequest(Backlog, (MetricDirection)9), Actors.Operator));

        await _portal.AssertNothingWrittenAsync();
    }
}
