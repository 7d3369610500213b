using System.Net;
using Portal.Core.Domain;
using Portal.Core.Features.People;
using Portal.Tests.Support;

namespace Portal.Tests.Api;

/// <summary>Viewers invited with audience memberships: joining, where sign-in takes them, and what their cookie lets them see.</summary>
public sealed class ViewerAccountTests : IAsyncLifetime
{
    private readonly PortalWebApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AnInvitedViewerJoinsSeesWhatTheyWillGetAndLandsOnTheirAudiencePageWithItsContent()
    {
        var invitation = await _app.Get<InvitePerson>().HandleAsync(
            new InvitePersonRequest("pat@partsco.example", [], ["suppliers"], "Pat Parts", "PartsCo, Ltd"), Actors.Admin);
        var link = $"/account/accept-invitation?token={invitation.Token}";
        var anonymous = _app.AnonymousClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/systems/supplier-payments")).StatusCode);

        var page = await anonymous.GetStringAsync(link);
        Assert.Contains("value=\"Pat Parts\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"invitation-organisation\">PartsCo, Ltd<", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"invitation-audiences\">Suppliers, as well as everything public<", page, StringComparison.Ordinal);

        var accepted = await Forms.PostAsync(anonymous, link, "accept-invitation", new()
        {
            ["Input.DisplayName"] = "Pat Parts",
            ["Input.Password"] = PortalWebApp.Password,
            ["Input.ConfirmPassword"] = PortalWebApp.Password,
        });
        Assert.Equal("/account/login?joined=true&email=pat%40partsco.example", accepted.RedirectPath());

        // The sign-in page says the account is ready and has the address filled in.
        var client = _app.AnonymousClient();
        var signInPage = await client.GetStringAsync(accepted.RedirectPath());
        Assert.Contains("Your account is ready.", signInPage, StringComparison.Ordinal);
        Assert.Matches("id=\"email\"[^>]*value=\"pat@partsco.example\"|value=\"pat@partsco.example\"[^>]*id=\"email\"", signInPage);
        var signIn = await Forms.PostAsync(client, accepted.RedirectPath()!, "login",
            new() { ["Input.Email"] = "pat@partsco.example", ["Input.Password"] = PortalWebApp.Password });
        Assert.Equal("/suppliers", signIn.RedirectPath());
        // The cookie carries the membership: a supplier-only system opens.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/systems/supplier-payments")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin")).StatusCode);
    }

    [Theory]
    [InlineData("retailer@example.com", "/retailers")]
    [InlineData("colleague@example.com", "/colleagues")]
    [InlineData("nobody@example.com", "/")]
    [InlineData("operator@example.com", "/admin")]
    public async Task SendsEachPersonToTheirOwnStartAfterSignIn(string email, string expected)
    {
        await _app.CreateViewerAsync("retailer@example.com", "suppliers", "retailers");
        await _app.CreateViewerAsync("colleague@example.com", "colleagues");
        await _app.CreateViewerAsync("nobody@example.com");
        await _app.CreatePersonAsync("operator@example.com", PortalRoles.Operator);

        var signIn = await Forms.PostAsync(_app.AnonymousClient(), "/account/login", "login",
            new() { ["Input.Email"] = email, ["Input.Password"] = PortalWebApp.Password });

        Assert.Equal(expected, signIn.RedirectPath());
    }

    [Fact]
    public async Task LetsASafeReturnAddressWinOverTheViewersPageButNotAnotherSite()
    {
        await _app.CreateViewerAsync("pat@partsco.example", "suppliers");

        var back = await Forms.PostAsync(_app.AnonymousClient(), "/account/login?returnUrl=%2Fsystems%2Fpayroll", "login",
            new() { ["Input.Email"] = "pat@partsco.example", ["Input.Password"] = PortalWebApp.Password });
        var away = await Forms.PostAsync(_app.AnonymousClient(), "/account/login?returnUrl=%2F%2Fevil.example", "login",
            new() { ["Input.Email"] = "pat@partsco.example", ["Input.Password"] = PortalWebApp.Password });

        Assert.Equal("/systems/payroll", back.RedirectPath());
        Assert.Equal("/suppliers", away.RedirectPath());
    }

    [Fact]
    public async Task AMembershipChangeReachesTheViewerWhenTheySignInAgain()
    {
        var viewer = await _app.CreateViewerAsync("pat@partsco.example", "retailers");
        var client = await _app.SignedInClientAsync("pat@partsco.example");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/systems/supplier-payments")).StatusCode);

        await _app.Get<SetPersonMemberships>().HandleAsync(new SetPersonMembershipsRequest(viewer.Id, ["suppliers"], "PartsCo"), Actors.Admin);

        // The changed stamp also ends the old cookie at its next check (within a minute); a new sign-in reads the new memberships.
        var fresh = await _app.SignedInClientAsync("pat@partsco.example");
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/systems/supplier-payments")).StatusCode);
    }
}
