using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Features.Systems;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Systems;

public sealed class ChangeSystemStatusTests : IAsyncLifetime
{
    private static readonly Actor Operator = new("operator@example.com", "127.0.0.1", PortalRoles.Operator);
    private TestPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await TestPortal.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private ChangeSystemStatus UseCase => _portal.Get<ChangeSystemStatus>();

    [Fact]
    public async Task WritesTheChangeAnAuditEntryAndAnEventTogether()
    {
        _portal.Clock.Advance(TimeSpan.FromMinutes(5));

        await UseCase.HandleAsync(new ChangeSystemStatusRequest("supplier-payments", SystemStatus.Operational,
            "Payments system restored"), Operator);

        await using var db = _portal.NewDbContext();
        var system = await db.EstateSystems.Include(s => s.StatusChanges).SingleAsync(s => s.Slug == "supplier-payments");
        Assert.Equal(SystemStatus.Operational, system.Status);
        Assert.Equal("Payments system restored", system.StatusChanges.MaxBy(c => c.ChangedAt)!.Reason);

        var audit = await db.AuditEntries.SingleAsync();
        Assert.Equal(("operator@example.com", "127.0.0.1", "system.status.changed", "supplier-payments"),
            (audit.ActorName, audit.ActorAddress, audit.Action, audit.EntityId));
        Assert.Contains("\"status\":\"workaround\"", audit.Before);
        Assert.Contains("\"change\":\"Payments system restored\"", audit.After);
        Assert.Contains("\"status\":\"operational\"", audit.After);

        var portalEvent = await db.PortalEvents.SingleAsync();
        Assert.Equal(PortalEventTypes.SystemStatusChanged, portalEvent.Type);
        Assert.Equal(["suppliers"], portalEvent.Audiences);
        Assert.Contains("\"slug\":\"supplier-payments\"", portalEvent.Data);
        Assert.Equal(_portal.Clock.GetUtcNow(), portalEvent.OccurredAt);
    }

    [Fact]
    public async Task HandsTheEventToTheStreamOnlyAfterCommit()
    {
        var committedWhenPushed = new TaskCompletionSource<bool>();
        using var subscription = _portal.Events.Subscribe(Viewers.Suppliers.Audiences, portalEvent =>
        {
            using var db = _portal.NewDbContext();
            committedWhenPushed.TrySetResult(db.PortalEvents.Any(e => e.Sequence == portalEvent.Sequence));
        });

        await UseCase.HandleAsync(new ChangeSystemStatusRequest("supplier-payments", SystemStatus.Restoring, "Rebuild under way"), Operator);

        Assert.True(await committedWhenPushed.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(_portal.Events.LastPublishedSequence > 0);
    }

    [Fact]
    public async Task NumbersEventsInCommitOrder()
    {
        var first = await UseCase.HandleAsync(new ChangeSystemStatusRequest("payroll", SystemStatus.Degraded, "Slow"), Operator);
        var second = await UseCase.HandleAsync(new ChangeSystemStatusRequest("payroll", SystemStatus.Operational, "Fine"), Operator);

        await using var db = _portal.NewDbContext();
        var sequences = await db.PortalEvents.OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync();
        Assert.Equal(2, sequences.Count);
        Assert.True(sequences[1] > sequences[0]);
        Assert.Equal(SystemStatus.Degraded, first.Status);
        Assert.Equal(SystemStatus.Degraded, second.PreviousStatus);
    }

    [Fact]
    public async Task DoesNotPushASupplierOnlyChangeToOtherAudiences()
    {
        var received = new List<PortalEvent>();
        using var publicSubscription = _portal.Events.Subscribe(Viewers.Public.Audiences, received.Add);
        using var retailerSubscription = _portal.Events.Subscribe(Viewers.Retailers.Audiences, received.Add);

        await UseCase.HandleAsync(new ChangeSystemStatusRequest("supplier-payments", SystemStatus.Offline, "Paused"), Operator);

        Assert.Empty(received);
    }

    [Fact]
    public async Task RefusesBadInputAndWritesNothing()
    {
        await Assert.ThrowsAsync<DomainException>(() =>
            UseCase.HandleAsync(new ChangeSystemStatusRequest("payroll", SystemStatus.Offline, "  "), Operator));
        await Assert.ThrowsAsync<NotFoundException>(() =>
            UseCase.HandleAsync(new ChangeSystemStatusRequest("no-such-system", SystemStatus.Offline, "Gone"), Operator));

        await using var db = _portal.NewDbContext();
        Assert.Equal(0, await db.PortalEvents.CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync());
        Assert.Equal(SystemStatus.Operational, (await db.EstateSystems.SingleAsync(s => s.Slug == "payroll")).Status);
    }

    [Fact]
    public async Task RefusesSomeoneWhoIsNotAnOperator()
    {
        var publisher = new Actor("publisher@example.com", null, PortalRoles.Publisher, PortalRoles.Approver);

        await Assert.ThrowsAsync<ForbiddenException>(() =>
            UseCase.HandleAsync(new ChangeSystemStatusRequest("payroll", SystemStatus.Offline, "Not mine to change"), publisher));

        await using var db = _portal.NewDbContext();
        Assert.Equal(0, await db.PortalEvents.CountAsync());
    }

    [Fact]
    public async Task RefusesAChangeMadeFromAStaleVersion()
    {
        int seenVersion;
        await using (var db = _portal.NewDbContext())
        {
            seenVersion = (await db.EstateSystems.SingleAsync(s => s.Slug == "payroll")).Version;
        }

        await UseCase.HandleAsync(new ChangeSystemStatusRequest("payroll", SystemStatus.Degraded, "First operator", ExpectedVersion: seenVersion), Operator);
        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            UseCase.HandleAsync(new ChangeSystemStatusRequest("payroll", SystemStatus.Offline, "Second operator", ExpectedVersion: seenVersion), Operator));

        Assert.Contains("changed by someone else", conflict.Message);
        await using var check = _portal.NewDbContext();
        Assert.Equal(SystemStatus.Degraded, (await check.EstateSystems.SingleAsync(s => s.Slug == "payroll")).Status);
    }
}
