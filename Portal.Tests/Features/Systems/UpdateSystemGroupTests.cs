using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Features.Systems;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Systems;

public sealed class UpdateSystemGroupTests : IAsyncLifetime
{
    private TestPortal _portal = null!;
    private int _financeId;

    public async Task InitializeAsync()
    {
        _portal = await TestPortal.StartAsync();
        await using var db = _portal.NewDbContext();
        _financeId = await db.SystemGroups.Where(g => g.Name == "Finance").Select(g => g.Id).SingleAsync();
    }

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private UpdateSystemGroup UseCase => _portal.Get<UpdateSystemGroup>();

    private async Task<SystemGroup> FinanceAsync()
    {
        await using var db = _portal.NewDbContext();
        return await db.SystemGroups.SingleAsync(g => g.Id == _financeId);
    }

    [Fact]
    public async Task RenamesAndMovesTheGroupAndTellsEveryone()
    {
        await UseCase.HandleAsync(new UpdateSystemGroupRequest(_financeId, "Finance and payments", 8), Actors.Admin);

        var group = await FinanceAsync();
        Assert.Equal(("Finance and payments", 8), (group.Name, group.DisplayOrder));
        var (events, audit) = await _portal.RecordedAsync();
        var entry = Assert.Single(audit);
        Assert.Equal("system.group.updated", entry.Action);
        Assert.Contains("\"name\":\"Finance\"", entry.Before);
        var portalEvent = Assert.Single(events);
        Assert.Equal((PortalEventTypes.EstateUpdated, "Finance and payments"), (portalEvent.Type, EventData.Property(portalEvent, "name").GetString()));
        Assert.Equal(["public"], portalEvent.Audiences);
    }

    [Fact]
    public async Task KeepsItsOwnNameWhenOnlyMoved()
    {
        await UseCase.HandleAsync(new UpdateSystemGroupRequest(_financeId, "Finance", 8), Actors.Admin);

        Assert.Equal(8, (await FinanceAsync()).DisplayOrder);
    }

    [Fact]
    public async Task RefusesANameAnotherGroupHasAndWritesNothing()
    {
        await Assert.ThrowsAsync<DomainException>(() =>
            UseCase.HandleAsync(new UpdateSystemGroupRequest(_financeId, "Supply chain", 8), Actors.Admin));
        await Assert.ThrowsAsync<DomainException>(() =>
            UseCase.HandleAsync(new UpdateSystemGroupRequest(_financeId, "", 8), Actors.Admin));

        await _portal.AssertNothingRecordedAsync();
        Assert.Equal(("Finance", 1), ((await FinanceAsync()).Name, (await FinanceAsync()).DisplayOrder));
    }

    [Fact]
    public async Task AnswersNotFoundForAnUnknownGroup()
    {
        await Assert.ThrowsAsync<NotFoundException>(() =>
            UseCase.HandleAsync(new UpdateSystemGroupRequest(999, "Anything", 1), Actors.Admin));

        await _portal.AssertNothingRecordedAsync();
    }

    [Fact]
    public async Task RefusesSomeoneWhoIsNotAnAdmin()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            UseCase.HandleAsync(new UpdateSystemGroupRequest(_financeId, "Money", 1), Actors.Publisher));

        await _portal.AssertNothingRecordedAsync();
        Assert.Equal("Finance", (await FinanceAsync()).Name);
    }
}
