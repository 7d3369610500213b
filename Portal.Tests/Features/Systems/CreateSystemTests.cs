using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Features.Systems;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Systems;

public sealed class CreateSystemTests : IAsyncLifetime
{
    private TestPortal _portal = null!;
    private int _manufacturingId;
    private int _plantsPhaseId;

    public async Task InitializeAsync()
    {
        _portal = await TestPortal.StartAsync();
        await using var db = _portal.NewDbContext();
        _manufacturingId = await db.SystemGroups.Where(g => g.Name == "Manufacturing").Select(g => g.Id).SingleAsync();
        _plantsPhaseId = await db.RestartPhases.Where(p => p.Number == 4).Select(p => p.Id).SingleAsync();
    }

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private CreateSystem UseCase => _portal.Get<CreateSystem>();

    private CreateSystemRequest PaintShop(string slug = "paint-shop-scheduling", int? groupId = null, int? phaseId = null,
        params string[] audiences) =>
        new(slug, "Paint shop scheduling", "Sequences bodies through the paint shop.", groupId ?? _manufacturingId, 7,
            audiences.Length == 0 ? ["colleagues", "suppliers"] : audiences, phaseId ?? _plantsPhaseId);

    [Fact]
    public async Task AddsTheSystemWithAnAuditEntryAndAnEventForItsAudiences()
    {
        var created = await UseCase.HandleAsync(PaintShop(), Actors.Admin);

        await using var db = _portal.NewDbContext();
        var system = await db.EstateSystems.SingleAsync(s => s.Slug == "paint-shop-scheduling");
        Assert.Equal(("Paint shop scheduling", _manufacturingId, 7, _plantsPhaseId, SystemStatus.Operational),
            (system.Name, system.GroupId, system.DisplayOrder, system.RestartPhaseId, system.Status));
        Assert.Equal(["colleagues", "suppliers"], system.Audiences);
        Assert.Equal(system.Id, created.Id);

        var (events, audit) = await _portal.RecordedAsync();
        var entry = Assert.Single(audit);
        Assert.Equal(("admin@example.com", "system.created", nameof(EstateSystem), "paint-shop-scheduling"),
            (entry.ActorName, entry.Action, entry.EntityType, entry.EntityId));
        Assert.Null(entry.Before);
        Assert.Contains("\"name\":\"Paint shop scheduling\"", entry.After);

        var portalEvent = Assert.Single(events);
        Assert.Equal(PortalEventTypes.EstateUpdated, portalEvent.Type);
        Assert.Equal(["colleagues", "suppliers"], portalEvent.Audiences);
        Assert.Equal(system.Id, EventData.Property(portalEvent, "id").GetInt32());
        Assert.Equal("Manufacturing", EventData.Property(portalEvent, "groupName").GetString());
        Assert.DoesNotContain("audiences", EventData.PropertyNames(portalEvent));
    }

    [Fact]
    public async Task RefusesADuplicateSlug()
    {
        var problem = await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(PaintShop(slug: "payroll"), Actors.Admin));

        Assert.Equal("There is already a system 'payroll'. Choose another slug.", problem.Message);
        await _portal.AssertNothingRecordedAsync();
        await using var db = _portal.NewDbContext();
        Assert.Equal("Payroll", (await db.EstateSystems.SingleAsync(s => s.Slug == "payroll")).Name);
    }

    [Fact]
    public async Task RefusesAnUnknownGroupPhaseOrAudience()
    {
        await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(PaintShop(groupId: 999), Actors.Admin));
        await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(PaintShop(phaseId: 999), Actors.Admin));
        var problem = await Assert.ThrowsAsync<DomainException>(() =>
            UseCase.HandleAsync(PaintShop(audiences: ["supplier"]), Actors.Admin));

        Assert.Equal("There is no audience 'supplier'.", problem.Message);
        await AssertNotCreatedAsync();
    }

    [Theory]
    [InlineData("Paint Shop")]
    [InlineData("")]
    public async Task RefusesASlugThatIsNotLowerCaseWordsAndHyphens(string slug)
    {
        await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(PaintShop(slug: slug), Actors.Admin));

        await AssertNotCreatedAsync();
    }

    [Fact]
    public async Task LeavesNoSystemBehindWhenTheChangeCannotBeRecorded()
    {
        // The system is inserted before its audit entry (which needs its id); an actor name too long
        // for the audit log fails after that insert, and the insert must be undone with it.
        var unnamable = new Actor(new string('a', AuditEntry.ActorMaxLength + 1), null, PortalRoles.Admin);

        await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(PaintShop(), unnamable));

        await AssertNotCreatedAsync();
    }

    [Fact]
    public async Task RefusesSomeoneWhoIsNotAnAdmin()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() => UseCase.HandleAsync(PaintShop(), Actors.Operator));

        await AssertNotCreatedAsync();
    }

    private async Task AssertNotCreatedAsync()
    {
        await _portal.AssertNothingRecordedAsync();
        await using var db = _portal.NewDbContext();
        Assert.False(await db.EstateSystems.AnyAsync(s => s.Name == "Paint shop scheduling"));
    }
}
