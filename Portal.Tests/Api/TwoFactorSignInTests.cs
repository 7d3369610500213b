using System.Net;
using System.Text.RegularExpressions;
using Portal.Core.Domain;
using Portal.Tests.Support;

namespace Portal.Tests.Api;

/// <summary>Authenticator and recovery codes each sign in once.</summary>
public sealed partial class TwoFactorSignInTests
{
    private const string Publisher = "publisher@example.com";

    [Fact]
    public async Task AnAuthenticatorCodeThatSignedInOnceDoesNotSignInAgain()
    {
        await using var app = new PortalWebApp();
        await app.CreatePersonAsync(Publisher, PortalRoles.Publisher);
        var (key, _) = await TurnOnTwoFactorAsync(app);

        // The code that turned two-factor on is spent; the app's next one works once.
        var code = Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(30));
        var first = await SignInWithAuthenticatorAsync(app, code);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        var replayed = await SignInWithAuthenticatorAsync(app, code);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Contains("That code is not right", await replayed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ARecoveryCodeSignsInOnce()
    {
        await using var app = new PortalWebApp();
        await app.CreatePersonAsync(Publisher, PortalRoles.Publisher);
        var (_, recoveryCodes) = await TurnOnTwoFactorAsync(app);

        var first = await SignInWithRecoveryCodeAsync(app, recoveryCodes[0]);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("/admin", first.RedirectPath());

        var again = await SignInWithRecoveryCodeAsync(app, recoveryCodes[0]);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("That recovery code is not right or was already used.", await again.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await SignInWithRecoveryCodeAsync(app, recoveryCodes[1])).StatusCode);
    }

    private static async Task<(string Key, List<string> RecoveryCodes)> TurnOnTwoFactorAsync(PortalWebApp app)
    {
        var client = await app.SignedInClientAsync(Publisher);
        var key = AuthenticatorKey().Match(await client.GetStringAsync("/account/two-factor")).Groups[1].Value;
        var enabled = await Forms.PostAsync(client, "/account/two-factor", "enable-2fa", new() { ["Input.Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        var html = await enabled.Content.ReadAsStringAsync();
        var list = RecoveryCodeList().Match(html).Groups[1].Value;
        var codes = RecoveryCode().Matches(list).Select(m => m.Groups[1].Value.Trim()).ToList();
        Assert.Equal(10, codes.Count);
        return (key, codes);
    }

    private static async Task<HttpResponseMessage> SignInWithAuthenticatorAsync(PortalWebApp app, string code)
    {
        var client = app.AnonymousClient();
        var password = await Forms.PostAsync(client, "/account/login", "login", new() { ["Input.Email"] = Publisher, ["Input.Password"] = PortalWebApp.Password });
        Assert.StartsWith("/account/login-2fa", password.RedirectPath());
        return await Forms.PostAsync(client, password.RedirectPath()!, "login-2fa", new() { ["Input.Code"] = code });
    }

    private static async Task<HttpResponseMessage> SignInWithRecoveryCodeAsync(PortalWebApp app, string code)
    {
        var client = app.AnonymousClient();
        var password = await Forms.PostAsync(client, "/account/login", "login", new() { ["Input.Email"] = Publisher, ["Input.Password"] = PortalWebApp.Password });
        Assert.StartsWith("/account/login-2fa", password.RedirectPath());
        return await Forms.PostAsync(client, "/account/login-recovery?returnUrl=%2Fadmin", "login-recovery", new() { ["Input.Code"] = code });
    }

    [GeneratedRegex("data-testid=\"authenticator-key\">([a-z0-9 ]+)<")]
    private static partial Regex AuthenticatorKey();

    [GeneratedRegex("data-testid=\"recovery-codes\">(.*?)</ol>", RegexOptions.Singleline)]
    private static partial Regex RecoveryCodeList();

    [GeneratedRegex("<li>([^<]+)</li>")]
    private static partial Regex RecoveryCode();
}
