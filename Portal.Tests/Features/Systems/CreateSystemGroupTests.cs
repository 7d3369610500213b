using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Features.Systems;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Systems;

public sealed class CreateSystemGroupTests : IAsyncLifetime
{
    private TestPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await TestPortal.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private CreateSystemGroup UseCase => _portal.Get<CreateSystemGroup>();

    [Fact]
    public async Task AddsTheGroupAndTellsEveryone()
    {
        var created = await UseCase.HandleAsync(new CreateSystemGroupRequest("Research & development", 6), Actors.Admin);

        await using var db = _portal.NewDbContext();
        var group = await db.SystemGroups.SingleAsync(g => g.Name == "Research & development");
        Assert.Equal((group.Id, 6), (created.GroupId, group.DisplayOrder));

        var (events, audit) = await _portal.RecordedAsync();
        var entry = Assert.Single(audit);
        Assert.Equal(("system.group.created", nameof(SystemGroup), group.Id.ToString(CultureInfo.InvariantCulture)),
            (entry.Action, entry.EntityType, entry.EntityId));
        var portalEvent = Assert.Single(events);
        Assert.Equal(PortalEventTypes.EstateUpdated, portalEvent.Type);
        Assert.Equal(["public"], portalEvent.Audiences);
        Assert.Equal(group.Id, EventData.Property(portalEvent, "groupId").GetInt32());
        Assert.Equal("Research & development", EventData.Property(portalEvent, "name").GetString());
    }

    [Fact]
    public async Task RefusesANameAnotherGroupHas()
    {
        var problem = await Assert.ThrowsAsync<DomainException>(() =>
            UseCase.HandleAsync(new CreateSystemGroupRequest("Finance", 6), Actors.Admin));

        Assert.Equal("There is already a system group called 'Finance'.", problem.Message);
        await _portal.AssertNothingRecordedAsync();
        await using var db = _portal.NewDbContext();
        Assert.Equal(5, await db.SystemGroups.CountAsync());
    }

    [Fact]
    public async Task RefusesAGroupWithoutAName()
    {
        await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(new CreateSystemGroupRequest("  ", 6), Actors.Admin));

        await _portal.AssertNothingRecordedAsync();
    }

    [Fact]
    public async Task RefusesSomeoneWhoIsNotAnAdmin()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            UseCase.HandleAsync(new CreateSystemGroupRequest("Research & development", 6), Actors.Operator));

        await _portal.AssertNothingRecordedAsync();
        await using var db = _portal.NewDbContext();
        Assert.Equal(5, await db.SystemGroups.CountAsync());
    }
}
