using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Features.People;
using Portal.Tests.Support;

namespace Portal.Tests.Features.People;

/// <summary>An Admin withdraws an open invitation or sends it again; and nobody disables their own account.</summary>
public sealed class InvitationChangesTests : IAsyncLifetime
{
    // Accounts need Identity, which the host wires: these use cases run inside the whole portal.
    private readonly PortalWebApp _portal = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private Task<IssuedInvitation> InviteAsync(string email = "pat@partsco.example") =>
        _portal.Get<InvitePerson>().HandleAsync(new InvitePersonRequest(email, [], ["suppliers"], "Pat Parts"), Actors.Admin);

    private Task<OpenInvitation?> OpenAsync(string token) => _portal.Get<GetOpenInvitation>().HandleAsync(token);

    private async Task<List<AuditEntry>> AuditAsync(string action)
    {
        await using var db = _portal.NewDbContext();
        return await db.AuditEntries.Where(a => a.Action == action).ToListAsync();
    }

    [Fact]
    public async Task RevokingAnInvitationStopsItsLinkAndIsAudited()
    {
        var issued = await InviteAsync();

        await _portal.Get<RevokeInvitation>().HandleAsync(new InvitationRequest(issued.Id), Actors.Admin);

        Assert.Null(await OpenAsync(issued.Token));
        Assert.Empty((await _portal.Get<GetPeople>().HandleAsync()).OpenInvitations);
        var audit = Assert.Single(await AuditAsync("invitation.revoked"));
        Assert.Equal(("pat@partsco.example", "admin@example.com"), (audit.EntityId, audit.ActorName));
    }

    [Fact]
    public async Task OnlyAnAdminRevokesOrResendsAnInvitation()
    {
        var issued = await InviteAsync();

        await Assert.ThrowsAsync<ForbiddenException>(() => _portal.Get<RevokeInvitation>().HandleAsync(new InvitationRequest(issued.Id), Actors.Operator));
        await Assert.ThrowsAsync<ForbiddenException>(() => _portal.Get<ResendInvitation>().HandleAsync(new InvitationRequest(issued.Id), Actors.Publisher));

        Assert.NotNull(await OpenAsync(issued.Token));
        Assert.Empty(await AuditAsync("invitation.revoked"));
        Assert.Empty(await AuditAsync("invitation.resent"));
    }

    [Fact]
    public async Task ResendingGivesANewLinkForAnotherThreeDaysAndTheOldOneStopsWorking()
    {
        var issued = await InviteAsync();

        var again = await _portal.Get<ResendInvitation>().HandleAsync(new InvitationRequest(issued.Id), Actors.Admin);

        Assert.Equal((issued.Id, issued.Email, "Pat Parts"), (again.Id, again.Email, again.DisplayName));
        Assert.NotEqual(issued.Token, again.Token);
        Assert.Null(await OpenAsync(issued.Token));
        Assert.Equal("pat@partsco.example", (await OpenAsync(again.Token))?.Email);
        var now = _portal.Get<TimeProvider>().GetUtcNow();
        Assert.InRange(again.ExpiresAt, now + Invitation.Lifetime - TimeSpan.FromMinutes(1), now + Invitation.Lifetime);
        var audit = Assert.Single(await AuditAsync("invitation.resent"));
        Assert.Equal("pat@partsco.example", audit.EntityId);
    }

    [Fact]
    public async Task AWithdrawnInvitationCannotBeSentAgain()
    {
        var issued = await InviteAsync();
        await _portal.Get<RevokeInvitation>().HandleAsync(new InvitationRequest(issued.Id), Actors.Admin);

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            _portal.Get<ResendInvitation>().HandleAsync(new InvitationRequest(issued.Id), Actors.Admin));

        Assert.Contains("invite them again", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await AuditAsync("invitation.resent"));
    }

    [Fact]
    public async Task AnAcceptedInvitationCannotBeWithdrawn()
    {
        var issued = await InviteAsync();
        await _portal.Get<AcceptInvitation>().HandleAsync(new AcceptInvitationRequest(issued.Token, "Pat Parts", PortalWebApp.Password), "127.0.0.1");

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            _portal.Get<RevokeInvitation>().HandleAsync(new InvitationRequest(issued.Id), Actors.Admin));

        Assert.Contains("already accepted", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await AuditAsync("invitation.revoked"));
    }

    [Fact]
    public async Task AnAdminCannotDisableTheirOwnAccount()
    {
        var me = await _portal.CreatePersonAsync(Actors.Admin.Name, PortalRoles.Admin);

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            _portal.Get<DisablePerson>().HandleAsync(new PersonRequest(me.Id), Actors.Admin));

        Assert.Equal("You cannot disable your own account.", refused.Message);
        await using var db = _portal.NewDbContext();
        Assert.False((await db.Users.SingleAsync(u => u.Id == me.Id)).IsDisabled);
        Assert.Empty(await AuditAsync("person.disabled"));
    }
}
