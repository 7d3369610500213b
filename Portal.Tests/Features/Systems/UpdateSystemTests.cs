using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Features.Systems;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Systems;

public sealed class UpdateSystemTests : IAsyncLifetime
{
    private TestPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await TestPortal.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private UpdateSystem UseCase => _portal.Get<UpdateSystem>();

    /// <summary>A request that keeps everything about the system as it is, to change one thing at a time.</summary>
    private async Task<UpdateSystemRequest> AsItIsAsync(string slug)
    {
        await using var db = _portal.NewDbContext();
        var system = await db.EstateSystems.SingleAsync(s => s.Slug == slug);
        return new UpdateSystemRequest(system.Slug, system.Name, system.Description, system.GroupId, system.DisplayOrder,
            system.Audiences, system.RestartPhaseId, system.Version);
    }

    private async Task<int> GroupIdAsync(string name)
    {
        await using var db = _portal.NewDbContext();
        return await db.SystemGroups.Where(g => g.Name == name).Select(g => g.Id).SingleAsync();
    }

    [Fact]
    public async Task ChangesTheDetailsWithAnAuditEntryAndAnEventForItsAudiences()
    {
        var request = await AsItIsAsync("payroll");
        var finance = await GroupIdAsync("Finance");

        await UseCase.HandleAsync(request with { Name = "Payroll and expenses", GroupId = finance, DisplayOrder = 9, RestartPhaseId = null },
            Actors.Admin);

        await using var db = _portal.NewDbContext();
        var system = await db.EstateSystems.SingleAsync(s => s.Slug == "payroll");
        Assert.Equal(("Payroll and expenses", finance, 9, (int?)null), (system.Name, system.GroupId, system.DisplayOrder, system.RestartPhaseId));
        Assert.True(system.Version > request.ExpectedVersion);

        var (events, audit) = await _portal.RecordedAsync();
        var entry = Assert.Single(audit);
        Assert.Equal(("system.updated", "payroll"), (entry.Action, entry.EntityId));
        Assert.Contains("\"name\":\"Payroll\"", entry.Before);
        Assert.Contains("\"name\":\"Payroll and expenses\"", entry.After);

        var portalEvent = Assert.Single(events);
        Assert.Equal(PortalEventTypes.SystemUpdated, portalEvent.Type);
        Assert.Equal(["colleagues"], portalEvent.Audiences);
        Assert.Equal("Payroll and expenses", EventData.Property(portalEvent, "name").GetString());
        Assert.Equal("Finance", EventData.Property(portalEvent, "groupName").GetString());
    }

    [Fact]
    public async Task GivesAudiencesThatLoseTheSystemOnlyItsIdAndThatItWasRemoved()
    {
        var request = await AsItIsAsync("customer-contact-centre");
        var heardByPublic = new List<PortalEvent>();
        var heardBySuppliers = new List<PortalEvent>();
        using var publicSubscription = _portal.Events.Subscribe(Viewers.Public.Audiences, heardByPublic.Add);
        using var supplierSubscription = _portal.Events.Subscribe(Viewers.Suppliers.Audiences, heardBySuppliers.Add);

        var updated = await UseCase.HandleAsync(request with { Audiences = ["suppliers"] }, Actors.Admin);

        var (events, _) = await _portal.RecordedAsync();
        Assert.Equal(2, events.Count);
        var removal = events.Single(e => e.Audiences.SequenceEqual(["public"]));
        Assert.Equal(PortalEventTypes.SystemUpdated, removal.Type);
        Assert.Equal(["id", "removed"], EventData.PropertyNames(removal));
        Assert.Equal(updated.Id, EventData.Property(removal, "id").GetInt32());
        Assert.True(EventData.Property(removal, "removed").GetBoolean());
        Assert.DoesNotContain("Customer contact centre", removal.Data);
        Assert.DoesNotContain("customer-contact-centre", removal.Data);

        var full = events.Single(e => e.Audiences.SequenceEqual(["suppliers"]));
        Assert.Equal("customer-contact-centre", EventData.Property(full, "slug").GetString());

        // Every supplier is in the public too: the removal must come first, so the last word is "still here".
        Assert.True(removal.Sequence < full.Sequence);
        Assert.Equal([removal.Sequence], heardByPublic.Select(e => e.Sequence));
        Assert.Equal([removal.Sequence, full.Sequence], heardBySuppliers.Select(e => e.Sequence));
    }

    [Fact]
    public async Task RefusesAChangeMadeFromAStaleVersion()
    {
        var seen = await AsItIsAsync("payroll");
        await UseCase.HandleAsync(seen with { Name = "Payroll (first admin)" }, Actors.Admin);

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            UseCase.HandleAsync(seen with { Name = "Payroll (second admin)" }, Actors.Admin));

        Assert.Contains("changed by someone else", conflict.Message);
        Assert.Contains("Colleague services", conflict.Message);
        await using var db = _portal.NewDbContext();
        Assert.Equal("Payroll (first admin)", (await db.EstateSystems.SingleAsync(s => s.Slug == "payroll")).Name);
        Assert.Single((await _portal.RecordedAsync()).Audit);
    }

    [Fact]
    public async Task RefusesBadInputAndWritesNothing()
    {
        var request = await AsItIsAsync("payroll");

        await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(request with { Name = " " }, Actors.Admin));
        await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(request with { Audiences = [] }, Actors.Admin));
        await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(request with { Audiences = ["staff"] }, Actors.Admin));
        await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(request with { GroupId = 999 }, Actors.Admin));
        await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(request with { RestartPhaseId = 999 }, Actors.Admin));
        await Assert.ThrowsAsync<NotFoundException>(() => UseCase.HandleAsync(request with { Slug = "no-such-system" }, Actors.Admin));

        await _portal.AssertNothingRecordedAsync();
        var after = await AsItIsAsync("payroll");
        Assert.Equal(request with { Audiences = after.Audiences }, after);
        Assert.Equal(request.Audiences, after.Audiences);
    }

    [Fact]
    public async Task RefusesSomeoneWhoIsNotAnAdmin()
    {
        var request = await AsItIsAsync("payroll");

        await Assert.ThrowsAsync<ForbiddenException>(() =>
            UseCase.HandleAsync(request with { Name = "Not mine to rename" }, new Actor("ops@example.com", null, PortalRoles.Operator, PortalRoles.Publisher)));

        await _portal.AssertNothingRecordedAsync();
        Assert.Equal("Payroll", (await AsItIsAsync("payroll")).Name);
    }
}
