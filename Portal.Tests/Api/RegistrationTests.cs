using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;
using Portal.Core.Features.Audiences;
using Portal.Core.Features.People;
using Portal.Core.Persistence;
using Portal.Tests.Support;
using Portal.Web.Accounts;
using Portal.Web.Mail;

namespace Portal.Tests.Api;

/// <summary>The registration, confirmation and sign-in pages as a browser posts them, antiforgery tokens included.</summary>
public sealed class RegistrationTests : IAsyncLifetime
{
    private const string Password = "Parts-Supplier-2026";
    private const string SupplierOnlyPage = "/systems/supplier-payments";
    private readonly PortalWebApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient client, string email, string name = "Pat Parts") =>
        Forms.PostAsync(client, "/account/register", "register", new()
        {
            ["Input.Email"] = email,
            ["Input.DisplayName"] = name,
            ["Input.Organisation"] = "PartsCo Ltd",
        });

    private static Task<HttpResponseMessage> ConfirmAsync(HttpClient client, string link, string password = Password, string? confirm = null) =>
        Forms.PostAsync(client, link, "confirm-email", new()
        {
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = confirm ?? password,
        });

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password = Password) =>
        Forms.PostAsync(client, "/account/login", "login", new() { ["Input.Email"] = email, ["Input.Password"] = password });

    private async Task<int> UserCountAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Users.CountAsync();
    }

    [Fact]
    public async Task RefusesMoreRegistrationsFromOneAddressThanTheLimitAndSendsNoMailForThem()
    {
        await using var app = new PortalWebApp(new Dictionary<string, string?> { ["Portal:MailingFormPosts"] = "2" });
        var client = app.AnonymousClient();

        var first = await RegisterAsync(client, "one@partsco.example");
        var second = await RegisterAsync(client, "two@partsco.example");
        var third = await RegisterAsync(client, "three@partsco.example");

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.True(third.Headers.RetryAfter is not null, "A refused post says when to try again.");
        Assert.Contains("Too many attempts", await third.Content.ReadAsStringAsync());
        Assert.Equal(["one@partsco.example", "two@partsco.example"], app.Mail.Sent.Select(m => m.To).Order());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/register")).StatusCode);
        var withSlash = await Forms.PostAsync(client, "/account/register/", "register", new()
        {
            ["Input.Email"] = "four@partsco.example",
            ["Input.DisplayName"] = "Four",
            ["Input.Password"] = Password,
            ["Input.ConfirmPassword"] = Password,
        });
        Assert.Equal(HttpStatusCode.TooManyRequests, withSlash.StatusCode);
    }

    [Fact]
    public async Task RefusesADomainNotOnAnAllowListOnTheFormAndSendsNothing()
    {
        var client = _app.AnonymousClient();

        var response = await RegisterAsync(client, "pat@unknown-supplier.example");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains(RegisterViewer.NotApprovedMessage, html);
        Assert.Contains("value=\"pat@unknown-supplier.example\"", html);
        Assert.DoesNotContain("partsco.example", html);
        Assert.Empty(_app.Mail.Sent);
    }

    [Fact]
    public async Task ShowsValidationMessagesBesideTheFields()
    {
        var response = await RegisterAsync(_app.AnonymousClient(), "not-an-address", name: "");

        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Enter an email address like name@example.com.", html);
        Assert.Contains("Enter your name.", html);
        Assert.DoesNotContain("Input.Password", html);
        Assert.Empty(_app.Mail.Sent);
    }

    [Theory]
    [InlineData(".pat@partsco.example")]
    [InlineData("pat..parts@partsco.example")]
    public async Task RefusesAnAddressNoMailCanBeSentToWithAMessageAndSavesNothing(string email)
    {
        var users = await UserCountAsync();

        var response = await RegisterAsync(_app.AnonymousClient(), email);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains($"'{email}' is not an email address.", html);
        Assert.Equal(users, await UserCountAsync());
        Assert.Empty(_app.Mail.Sent);
    }

    [Fact]
    public async Task AppliesIdentitysPasswordRulesAtConfirmationAndKeepsTheLinkUsable()
    {
        var client = _app.AnonymousClient();
        await RegisterAsync(client, "pat@partsco.example");
        var link = _app.Mail.ConfirmationLinkTo("pat@partsco.example");

        var weak = await ConfirmAsync(client, link, "lowercase-only-1234");
        var mismatched = await ConfirmAsync(client, link, Password, "Something-Else-2026");

        var weakHtml = WebUtility.HtmlDecode(await weak.Content.ReadAsStringAsync());
        Assert.Contains("Passwords must have at least one uppercase", weakHtml);
        Assert.Contains("Confirm and set my password", weakHtml);
        Assert.Contains("The two passwords are not the same.", await mismatched.Content.ReadAsStringAsync());
        Assert.Contains("data-testid=\"email-confirmed\"", await (await ConfirmAsync(client, link)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RegistersConfirmsOnceAndOnlyThenShowsTheAudiencesContent()
    {
        var client = _app.AnonymousClient();

        var registered = await RegisterAsync(client, "pat@partsco.example");
        Assert.Equal("/account/check-email", registered.RedirectPath());
        var mail = Assert.Single(_app.Mail.Sent);
        Assert.Equal(("pat@partsco.example", AccountMail.ConfirmSubject), (mail.To, mail.Subject));
        var link = _app.Mail.ConfirmationLinkTo("pat@partsco.example");

        // Unconfirmed: the account has no password yet, so sign-in fails like a wrong password; the page
        // still offers the link again. Nothing restricted is shown.
        var refused = await SignInAsync(client, "pat@partsco.example");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var refusal = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains(UnconfirmedSignIns.NoMatch, refusal);
        Assert.Contains("href=\"/account/resend-confirmation\"", refusal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(SupplierOnlyPage)).StatusCode);

        // Opening the link does not use it up (mail scanners open links); the button does.
        Assert.Contains("Confirm and set my password", await client.GetStringAsync(link));
        var confirmed = await ConfirmAsync(client, link);
        Assert.Contains("data-testid=\"email-confirmed\"", await confirmed.Content.ReadAsStringAsync());
        var again = await ConfirmAsync(client, link, "Another-Password-2026");
        Assert.Contains("data-testid=\"confirmation-invalid\"", await again.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(_app.AnonymousClient(), "pat@partsco.example", "Another-Password-2026")).StatusCode);

        var signedIn = await SignInAsync(client, "pat@partsco.example");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(SupplierOnlyPage)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin")).StatusCode);
    }

    [Fact]
    public async Task LetsTheAddressOwnerChooseThePasswordWhenAStrangerRegisteredTheirAddressFirst()
    {
        // The stranger registers the owner's address, trying to slip a password in with the form.
        var stranger = _app.AnonymousClient();
        await Forms.PostAsync(stranger, "/account/register", "register", new()
        {
            ["Input.Email"] = "pat@partsco.example",
            ["Input.DisplayName"] = "Not Pat",
            ["Input.Password"] = "Stranger-Chosen-2026",
            ["Input.ConfirmPassword"] = "Stranger-Chosen-2026",
        });
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var squatted = await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync("pat@partsco.example");
            Assert.Null(squatted!.PasswordHash);
        }

        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(stranger, "pat@partsco.example", "Stranger-Chosen-2026")).StatusCode);

        // The owner, who holds the mailbox, confirms from the mail and chooses their own password.
        var owner = _app.AnonymousClient();
        Assert.Contains("data-testid=\"email-confirmed\"",
            await (await ConfirmAsync(owner, _app.Mail.ConfirmationLinkTo("pat@partsco.example"))).Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(stranger, "pat@partsco.example", "Stranger-Chosen-2026")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(owner, "pat@partsco.example")).StatusCode);
    }

    [Fact]
    public async Task RegisteringAnUnconfirmedAddressAgainMailsANewLinkAndRetiresTheOldOne()
    {
        var client = _app.AnonymousClient();
        await RegisterAsync(client, "pat@partsco.example");
        var first = _app.Mail.ConfirmationLinkTo("pat@partsco.example");

        await RegisterAsync(_app.AnonymousClient(), "pat@partsco.example");

        var second = Assert.Single(_app.Mail.Sent, m => m.To == "pat@partsco.example" && m.Subject == AccountMail.AlreadyRegisteredSubject);
        Assert.Contains("choose your password", second.Body);
        var secondLink = new Uri(System.Text.RegularExpressions.Regex.Match(second.Body, @"https?://\S+/account/confirm-email\?\S+").Value).PathAndQuery;
        Assert.Contains("data-testid=\"confirmation-invalid\"", await (await ConfirmAsync(client, first)).Content.ReadAsStringAsync());
        Assert.Contains("data-testid=\"email-confirmed\"", await (await ConfirmAsync(client, secondLink)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SaysPlainlyWhenTheMailCannotBeSentAndKeepsTheAccountForSendingTheLinkAgain()
    {
        await using var failing = _app.WithWebHostBuilder(builder => builder.ConfigureTestServices(
            services => services.AddSingleton<IPortalMail>(new FailingMail())));
        var client = failing.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await RegisterAsync(client, "pat@partsco.example");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains(Portal.Web.Components.Account.Pages.Register.MailFailedMessage, html);
        Assert.Contains("/account/resend-confirmation?email=pat%40partsco.example", html);
        await using var scope = failing.Services.CreateAsyncScope();
        Assert.NotNull(await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync("pat@partsco.example"));
    }

    private sealed class FailingMail : IPortalMail
    {
        public Task SendAsync(string to, string subject, string textBody, CancellationToken cancellationToken = default) =>
            throw new MailNotSentException(to, new IOException("The mail server is down."));
    }

    [Fact]
    public async Task BuildsTheMailedLinkFromTheConfiguredAddressNotAForgedHostHeader()
    {
        await using var app = new PortalWebApp(new Dictionary<string, string?> { ["Portal:PublicAddress"] = "https://status.example.com" });
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("http://attacker.example"),
            AllowAutoRedirect = false,
            HandleCookies = true,
        });

        var response = await RegisterAsync(client, "pat@partsco.example");

        Assert.Equal("/account/check-email", response.RedirectPath());
        var mail = Assert.Single(app.Mail.Sent);
        Assert.Contains("https://status.example.com/account/confirm-email?userId=", mail.Body);
        Assert.DoesNotContain("attacker.example", mail.Body);
    }

    [Fact]
    public async Task FallsBackToTheListeningAddressNotAForgedHostHeaderAndWarnsAtStartUp()
    {
        await using var app = new PortalWebApp();
        var portal = app.StartOnLoopback();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = portal };
        client.DefaultRequestHeaders.Host = "attacker.example";

        var response = await RegisterAsync(client, "pat@partsco.example");

        Assert.Equal("/account/check-email", response.RedirectPath());
        var mail = Assert.Single(app.Mail.Sent);
        Assert.Contains($"{portal.AbsoluteUri.TrimEnd('/')}/account/confirm-email?userId=", mail.Body);
        Assert.DoesNotContain("attacker.example", mail.Body);
        Assert.Contains(app.Log.Messages, m => m.Contains("Portal:PublicAddress is not set", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnswersAnAddressWithAnAccountExactlyAsANewOneAndMailsItInstead()
    {
        await _app.CreateViewerAsync("sam@partsco.example", "suppliers");
        var users = await UserCountAsync();

        var existing = await RegisterAsync(_app.AnonymousClient(), "sam@partsco.example");
        var fresh = await RegisterAsync(_app.AnonymousClient(), "pat@partsco.example");

        Assert.Equal((fresh.StatusCode, fresh.RedirectPath()), (existing.StatusCode, existing.RedirectPath()));
        Assert.Equal(users + 1, await UserCountAsync());
        var note = Assert.Single(_app.Mail.Sent, m => m.To == "sam@partsco.example");
        Assert.Equal(AccountMail.AlreadyRegisteredSubject, note.Subject);
        Assert.DoesNotContain("confirm-email", note.Body);
        await using var scope = _app.Services.CreateAsyncScope();
        var sam = await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync("sam@partsco.example");
        Assert.True(await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().CheckPasswordAsync(sam!, PortalWebApp.Password));
    }

    [Fact]
    public async Task SendsTheLinkAgainOnlyToAnAddressAwaitingConfirmationButAnswersAllAlike()
    {
        var client = _app.AnonymousClient();
        await RegisterAsync(client, "pat@partsco.example");
        var firstLink = _app.Mail.ConfirmationLinkTo("pat@partsco.example");

        var known = await Forms.PostAsync(client, "/account/resend-confirmation", "resend-confirmation", new() { ["Input.Email"] = "pat@partsco.example" });
        var unknown = await Forms.PostAsync(client, "/account/resend-confirmation", "resend-confirmation", new() { ["Input.Email"] = "nobody@partsco.example" });

        Assert.Equal("/account/check-email", known.RedirectPath());
        Assert.Equal("/account/check-email", unknown.RedirectPath());
        var sent = _app.Mail.Sent.Where(m => m.To == "pat@partsco.example").ToList();
        Assert.Equal(2, sent.Count);
        Assert.DoesNotContain(_app.Mail.Sent, m => m.To == "nobody@partsco.example");
        Assert.NotEqual(firstLink, sent[1].Body);
        Assert.Contains("/account/confirm-email?userId=", sent[1].Body);
    }

    [Fact]
    public async Task OffersRegistrationOnTheSignInPageOnlyWhileAnAudienceIsOpen()
    {
        var client = _app.AnonymousClient();
        Assert.Contains("href=\"/account/register\"", await client.GetStringAsync("/account/login"));

        await _app.Get<SetAudienceRegistration>().HandleAsync(new SetAudienceRegistrationRequest("suppliers", false, []), Actors.Admin);

        Assert.DoesNotContain("href=\"/account/register\"", await client.GetStringAsync("/account/login"));
        var closed = await client.GetStringAsync("/account/register");
        Assert.Contains("data-testid=\"registration-closed\"", closed);
        Assert.DoesNotContain("Input.Password", closed);
    }

    [Fact]
    public async Task WritesMailToThePickupFolderWhenNoMailServerIsSet()
    {
        await using var app = new PortalWebApp();
        var mail = ActivatorUtilities.CreateInstance<PickupFolderPortalMail>(app.Services, Path.Combine(app.DataFolder, "outbox"));

        await mail.SendAsync("pat@partsco.example", "Hello", "A line of text.");

        var file = Assert.Single(Directory.GetFiles(Path.Combine(app.DataFolder, "outbox"), "*.eml"));
        var text = await File.ReadAllTextAsync(file);
        Assert.Contains("To: pat@partsco.example", text);
        Assert.Contains("Subject: Hello", text);
        Assert.Contains(app.Log.Messages, m => m.Contains(file, StringComparison.Ordinal));
    }
}
