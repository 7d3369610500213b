using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;
using Portal.Core.Features.People;
using Portal.Tests.Support;

namespace Portal.Tests.Api;

public sealed partial class AccountTests
{
    private const string NewPassword = "Brand-New-Password-99";

    [Fact]
    public async Task BootstrapsAnAdministratorWhoMustChangePasswordAndSetUpTwoFactor()
    {
        await using var app = new PortalWebApp(new Dictionary<string, string?>
        {
            ["Portal:RequireTwoFactorForAdmins"] = "true",
            ["Portal:BootstrapAdmin:Email"] = "first.admin@example.com",
        });
        var client = app.AnonymousClient();
        await client.GetAsync("/healthz");
        var logged = Assert.Single(app.Log.Messages, m => m.Contains("One-time password", StringComparison.Ordinal));
        Assert.Contains("first.admin@example.com", logged);
        var password = OneTimePassword().Match(logged).Groups[1].Value;

        var signIn = await Forms.PostAsync(client, "/account/login?returnUrl=%2Fadmin", "login",
            new() { ["Input.Email"] = "first.admin@example.com", ["Input.Password"] = password });
        Assert.Equal("/admin", signIn.RedirectPath());
        var gated = await client.GetAsync("/admin");
        Assert.StartsWith("/account/change-password", gated.RedirectPath());

        var changed = await Forms.PostAsync(client, "/account/change-password?returnUrl=%2Fadmin", "change-password", new()
        {
            ["Input.CurrentPassword"] = password,
            ["Input.NewPassword"] = NewPassword,
            ["Input.ConfirmPassword"] = NewPassword,
        });
        Assert.StartsWith("/account/two-factor", changed.RedirectPath());
        Assert.StartsWith("/account/two-factor", (await client.GetAsync("/admin")).RedirectPath());

        var setup = await client.GetStringAsync("/account/two-factor");
        var key = AuthenticatorKey().Match(setup).Groups[1].Value;
        Assert.Contains("<svg", setup);
        var enabled = await Forms.PostAsync(client, "/account/two-factor", "enable-2fa",
            new() { ["Input.Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        Assert.Contains("data-testid=\"recovery-codes\"", await enabled.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin")).StatusCode);

        // Signing in again now asks for the authenticator code.
        var fresh = app.AnonymousClient();
        var firstStep = await Forms.PostAsync(fresh, "/account/login", "login",
            new() { ["Input.Email"] = "first.admin@example.com", ["Input.Password"] = NewPassword });
        Assert.StartsWith("/account/login-2fa", firstStep.RedirectPath());
        var wrong = await Forms.PostAsync(fresh, firstStep.RedirectPath()!, "login-2fa", new() { ["Input.Code"] = "000000" });
        Assert.Contains("That code is not right", await wrong.Content.ReadAsStringAsync());
        // The code that turned two-factor on is spent; the app's next one signs in.
        var secondStep = await Forms.PostAsync(fresh, firstStep.RedirectPath()!, "login-2fa",
            new() { ["Input.Code"] = Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(30)) });
        Assert.Equal(HttpStatusCode.Redirect, secondStep.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/admin")).StatusCode);
    }

    [Fact]
    public async Task OpeningTwoFactorSetUpKeepsThePersonsOtherSessions()
    {
        await using var app = new PortalWebApp();
        var person = await app.CreatePersonAsync("publisher@example.com", PortalRoles.Publisher);
        var stampBefore = person.SecurityStamp;
        var client = await app.SignedInClientAsync("publisher@example.com");

        var setup = await client.GetStringAsync("/account/two-factor");

        Assert.Matches(AuthenticatorKey(), setup);
        var users = app.Get<IServiceScopeFactory>().CreateScope().ServiceProvider
            .GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PortalUser>>();
        var stored = await users.FindByEmailAsync("publisher@example.com");
        Assert.False(string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(stored!)));
        Assert.Equal(stampBefore, stored!.SecurityStamp);
    }

    [Fact]
    public async Task RefusesAnAddressThatFailedFiveTimesForAnAccountEvenWithTheRightPassword()
    {
        await using var app = new PortalWebApp();
        await app.CreatePersonAsync("operator@example.com", PortalRoles.Operator);
        var client = app.AnonymousClient();

        for (var attempt = 0; attempt < 5; attempt++)
        {
            var failed = await Forms.PostAsync(client, "/account/login", "login",
                new() { ["Input.Email"] = "operator@example.com", ["Input.Password"] = "wrong-password-123" });
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }

        var locked = await Forms.PostAsync(client, "/account/login", "login",
            new() { ["Input.Email"] = "operator@example.com", ["Input.Password"] = PortalWebApp.Password });
        Assert.Contains("Too many failed sign-ins from your network. Wait 15 minutes", await locked.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RefusesSignInToADisabledPerson()
    {
        await using var app = new PortalWebApp();
        var person = await app.CreatePersonAsync("leaver@example.com", PortalRoles.Publisher);
        await app.Services.GetRequiredService<DisablePerson>().HandleAsync(new PersonRequest(person.Id), Actors.Admin);

        var attempt = await Forms.PostAsync(app.AnonymousClient(), "/account/login", "login",
            new() { ["Input.Email"] = "leaver@example.com", ["Input.Password"] = PortalWebApp.Password });

        Assert.Equal(HttpStatusCode.OK, attempt.StatusCode);
        Assert.Contains("This account cannot sign in", await attempt.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task LetsAnInvitedPersonCreateTheirAccountOnceWithTheInvitedRoles()
    {
        await using var app = new PortalWebApp();
        var invitation = await app.Services.GetRequiredService<InvitePerson>().HandleAsync(
            new InvitePersonRequest("approver@example.com", [PortalRoles.Approver]), Actors.Admin);
        var link = $"/account/accept-invitation?token={invitation.Token}";
        var client = app.AnonymousClient();

        var mismatch = await Forms.PostAsync(client, link, "accept-invitation", new()
        {
            ["Input.DisplayName"] = "Ada Approver",
            ["Input.Password"] = PortalWebApp.Password,
            ["Input.ConfirmPassword"] = "something else entirely",
        });
        Assert.Contains("The two passwords are not the same.", await mismatch.Content.ReadAsStringAsync());

        var accepted = await Forms.PostAsync(client, link, "accept-invitation", new()
        {
            ["Input.DisplayName"] = "Ada Approver",
            ["Input.Password"] = PortalWebApp.Password,
            ["Input.ConfirmPassword"] = PortalWebApp.Password,
        });
        Assert.StartsWith("/account/login", accepted.RedirectPath());

        var approver = await app.SignedInClientAsync("approver@example.com");
        Assert.Equal(HttpStatusCode.OK, (await approver.GetAsync("/admin/statements")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await approver.GetAsync("/admin/status")).StatusCode);
        Assert.Contains("This link does not work", await (await client.GetAsync(link)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RefusesASignOutWithoutTheFormToken()
    {
        await using var app = new PortalWebApp();
        await app.CreatePersonAsync("publisher@example.com", PortalRoles.Publisher);
        var client = await app.SignedInClientAsync("publisher@example.com");

        var forged = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/" }));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin")).StatusCode);
    }

    [GeneratedRegex("One-time password: (\\S+)")]
    private static partial Regex OneTimePassword();

    [GeneratedRegex("data-testid=\"authenticator-key\">([a-z0-9 ]+)<")]
    private static partial Regex AuthenticatorKey();
}
