using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;
using Portal.Core.Features.People;
using Portal.Tests.Support;

namespace Portal.Tests.Features.People;

public sealed class SetPersonMembershipsTests : IAsyncLifetime
{
    // Accounts need Identity, which the host wires: this use case runs inside the whole portal.
    private readonly PortalWebApp _portal = new();
    private string _viewerId = "";

    public async Task InitializeAsync() => _viewerId = (await _portal.CreateViewerAsync("pat@partsco.example", "suppliers")).Id;

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private Task SetAsync(Actor actor, string? organisation, params string[] audiences) =>
        _portal.Get<SetPersonMemberships>().HandleAsync(new SetPersonMembershipsRequest(_viewerId, audiences, organisation), actor);

    private async Task<(PortalUser Person, List<string> Audiences)> ViewerAsync()
    {
        await using var scope = _portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var person = (await users.FindByIdAsync(_viewerId))!;
        var claims = await users.GetClaimsAsync(person);
        return (person, [.. claims.Where(c => c.Type == AudienceMembership.ClaimType).Select(c => c.Value).Order()]);
    }

    private async Task<List<AuditEntry>> AuditAsync()
    {
        await using var db = _portal.NewDbContext();
        return await db.AuditEntries.Where(a => a.Action.StartsWith("person.audiences")).ToListAsync();
    }

    [Fact]
    public async Task ReplacesTheMembershipsChangesTheStampAndAudits()
    {
        var (before, _) = await ViewerAsync();

        await SetAsync(Actors.Admin, "PartsCo Ltd", "retailers", "colleagues", "public");

        var (after, audiences) = await ViewerAsync();
        Assert.Equal(["colleagues", "retailers"], audiences);
        Assert.Equal("PartsCo Ltd", after.Organisation);
        Assert.NotEqual(before.SecurityStamp, after.SecurityStamp);
        var entry = Assert.Single(await AuditAsync());
        Assert.Equal(("person.audiences.changed", "pat@partsco.example"), (entry.Action, entry.EntityId));
        Assert.Equal("{\"audiences\":[\"suppliers\"],\"organisation\":null}", entry.Before);
        Assert.Equal("{\"audiences\":[\"colleagues\",\"retailers\"],\"organisation\":\"PartsCo Ltd\"}", entry.After);

        var people = await _portal.Get<GetPeople>().HandleAsync();
        var shown = people.People.Single(p => p.Id == _viewerId);
        Assert.Equal("PartsCo Ltd", shown.Organisation);
        Assert.Equal(["colleagues", "retailers"], shown.Audiences);
    }

    [Fact]
    public async Task TakesEveryMembershipAwayWhenNoAudienceIsChosen()
    {
        var (before, _) = await ViewerAsync();

        await SetAsync(Actors.Admin, null);

        var (after, audiences) = await ViewerAsync();
        Assert.Empty(audiences);
        Assert.NotEqual(before.SecurityStamp, after.SecurityStamp);
        Assert.Equal("{\"audiences\":[],\"organisation\":null}", Assert.Single(await AuditAsync()).After);
    }

    [Fact]
    public async Task RefusesAnUnknownAudienceAndChangesNothing()
    {
        var problem = await Assert.ThrowsAsync<DomainException>(() => SetAsync(Actors.Admin, "Other", "wholesalers"));

        Assert.Equal("There is no audience 'wholesalers'.", problem.Message);
        var (person, audiences) = await ViewerAsync();
        Assert.Equal(["suppliers"], audiences);
        Assert.Null(person.Organisation);
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task RefusesAnyoneButAnAdmin()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() => SetAsync(Actors.Publisher, null, "retailers"));

        Assert.Equal(["suppliers"], (await ViewerAsync()).Audiences);
        Assert.Empty(await AuditAsync());
    }
}
