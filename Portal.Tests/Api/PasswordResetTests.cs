using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;
using Portal.Core.Features.People;
using Portal.Tests.Support;
using Portal.Web.Mail;

namespace Portal.Tests.Api;

/// <summary>"Forgot your password?", the mailed one-time link and the Admin's "Send a password reset", as a browser posts them.</summary>
public sealed partial class PasswordResetTests : IAsyncLifetime
{
    private const string NewPassword = "Brand-New-Password-2026";
    private const string SupplierOnlyPage = "/systems/supplier-payments";
    private readonly PortalWebApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static Task<HttpResponseMessage> AskAsync(HttpClient client, string email) =>
        Forms.PostAsync(client, "/account/forgot-password", "forgot-password", new() { ["Input.Email"] = email });

    private static Task<HttpResponseMessage> ResetAsync(HttpClient client, string link, string password = NewPassword, string? confirm = null) =>
        Forms.PostAsync(client, link, "reset-password", new()
        {
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = confirm ?? password,
        });

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        Forms.PostAsync(client, "/account/login", "login", new() { ["Input.Email"] = email, ["Input.Password"] = password });

    /// <summary>The page as answered, less what differs on every answer: the antiforgery token, the policy's nonce and Blazor's protected state.</summary>
    private static async Task<string> AnswerAsync(HttpResponseMessage response) =>
        PerAnswer().Replace(WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), "");

    [Fact]
    public async Task TheSignInPageLeadsToTheForm()
    {
        var login = await _app.AnonymousClient().GetStringAsync("/account/login");

        Assert.Contains("href=\"/account/forgot-password\"", login);
        Assert.Contains("Forgot your password?", login);
    }

    [Fact]
    public async Task AnswersAnUnknownAddressExactlyAsAKnownOneAndMailsOnlyTheKnown()
    {
        await _app.CreateViewerAsync("pat@partsco.example", "suppliers");
        var client = _app.AnonymousClient();

        var known = await AskAsync(client, "pat@partsco.example");
        var unknown = await AskAsync(client, "nobody@partsco.example");

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        var knownAnswer = await AnswerAsync(known);
        Assert.Contains("data-testid=\"reset-requested\"", knownAnswer);
        Assert.Equal(knownAnswer.Replace("pat@partsco.example", "ADDRESS"), (await AnswerAsync(unknown)).Replace("nobody@partsco.example", "ADDRESS"));
        var mail = Assert.Single(_app.Mail.Sent);
        Assert.Equal(("pat@partsco.example", AccountMail.PasswordResetSubject), (mail.To, mail.Subject));
    }

    [Fact]
    public async Task TheLinkSetsANewPasswordOnceAndKeepsTwoFactor()
    {
        var pat = await _app.CreateViewerAsync("pat@partsco.example", "suppliers");
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var stored = await users.FindByIdAsync(pat.Id);
            Assert.True((await users.SetTwoFactorEnabledAsync(stored!, true)).Succeeded);
        }

        var anonymous = _app.AnonymousClient();
        await AskAsync(anonymous, "pat@partsco.example");
        var link = _app.Mail.PasswordResetLinkTo("pat@partsco.example");

        // Opening the link does not use it up (mail scanners open links); a weak password is refused and the link still works.
        Assert.Contains("Set my new password", await anonymous.GetStringAsync(link));
        var weak = await ResetAsync(anonymous, link, "lowercase-only-1234");
        Assert.Contains("Passwords must have at least one uppercase", WebUtility.HtmlDecode(await weak.Content.ReadAsStringAsync()));
        var reset = await ResetAsync(anonymous, link);
        Assert.Contains("data-testid=\"password-reset\"", await reset.Content.ReadAsStringAsync());
        var again = await ResetAsync(anonymous, link, "Yet-Another-Password-2026");
        Assert.Contains("data-testid=\"reset-invalid\"", await again.Content.ReadAsStringAsync());

        await using var check = _app.Services.CreateAsyncScope();
        var manager = check.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var after = (await manager.FindByIdAsync(pat.Id))!;
        Assert.True(await manager.CheckPasswordAsync(after, NewPassword));
        Assert.False(await manager.CheckPasswordAsync(after, PortalWebApp.Password));
        Assert.True(after.TwoFactorEnabled);
        Assert.StartsWith("/account/login-2fa?", (await SignInAsync(_app.AnonymousClient(), "pat@partsco.example", NewPassword)).RedirectPath());
    }

    [Fact]
    public async Task AnOldSessionCookieNoLongerWorksAfterAReset()
    {
        await _app.CreateViewerAsync("pat@partsco.example", "suppliers");
        var oldSession = _app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(oldSession, "pat@partsco.example", PortalWebApp.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await oldSession.GetAsync(SupplierOnlyPage)).StatusCode);

        var anonymous = _app.AnonymousClient();
        await AskAsync(anonymous, "pat@partsco.example");
        await ResetAsync(anonymous, _app.Mail.PasswordResetLinkTo("pat@partsco.example"));

        Assert.Equal(HttpStatusCode.NotFound, (await oldSession.GetAsync(SupplierOnlyPage)).StatusCode);
        await using (var db = _app.NewDbContext())
        {
            Assert.Empty(await db.PersonSessions.ToListAsync());
        }

        var fresh = _app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(fresh, "pat@partsco.example", NewPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync(SupplierOnlyPage)).StatusCode);
    }

    [Fact]
    public async Task IsRateLimitedLikeTheOtherMailingForms()
    {
        await using var app = new PortalWebApp(new Dictionary<string, string?> { ["Portal:MailingFormPosts"] = "1" });
        await app.CreateViewerAsync("pat@partsco.example", "suppliers");
        var client = app.AnonymousClient();

        Assert.Equal(HttpStatusCode.OK, (await AskAsync(client, "pat@partsco.example")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await AskAsync(client, "pat@partsco.example")).StatusCode);
        Assert.Single(app.Mail.Sent);
    }

    [Fact]
    public async Task AnAdminSendsAResetThatIsAuditedAndOthersMayNot()
    {
        var pat = await _app.CreateViewerAsync("pat@partsco.example", "suppliers");
        var send = _app.Get<SendPasswordReset>();

        await Assert.ThrowsAsync<ForbiddenException>(() => send.HandleAsync(new PersonRequest(pat.Id), Actors.Operator));
        var reset = await send.HandleAsync(new PersonRequest(pat.Id), Actors.Admin);
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AccountMail>().SendPasswordResetAsync(reset);
        }

        await using var db = _app.NewDbContext();
        var audit = Assert.Single(await db.AuditEntries.Where(a => a.Action == "person.password-reset.sent").ToListAsync());
        Assert.Equal((Actors.Admin.Name, "pat@partsco.example"), (audit.ActorName, audit.EntityId));
        var anonymous = _app.AnonymousClient();
        Assert.Contains("data-testid=\"password-reset\"",
            await (await ResetAsync(anonymous, _app.Mail.PasswordResetLinkTo("pat@partsco.example"))).Content.ReadAsStringAsync());
        Assert.Single(await db.AuditEntries.Where(a => a.Action == "account.password.reset").ToListAsync());
    }

    [System.Text.RegularExpressions.GeneratedRegex("name=\"__RequestVerificationToken\" value=\"[^\"]*\"|nonce=\"[^\"]*\"|<!--Blazor-[\\s\\S]*?-->")]
    private static partial System.Text.RegularExpressions.Regex PerAnswer();
}
