using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;
using Portal.Tests.Support;

namespace Portal.Tests.Api;

/// <summary>
/// Wrong passwords slow the address that sends them, not the account's owner elsewhere, and the
/// answers never tell an existing account from an unknown one.
/// </summary>
public sealed partial class SignInThrottleTests
{
    private const string Operator = "operator@example.com";
    private const string WrongPassword = "wrong-password-123";

    [Fact]
    public async Task ManyFailuresFromOneAddressDoNotLockTheOwnerOutFromAnother()
    {
        await using var app = new PortalWebApp();
        var server = app.StartOnLoopback();
        await app.CreatePersonAsync(Operator, PortalRoles.Operator);
        using var attacker = LoopbackClient.From(server, "127.0.0.2");
        using var owner = LoopbackClient.From(server, "127.0.0.3");

        for (var attempt = 0; attempt < 8; attempt++)
        {
            await SignInAsync(attacker, Operator, WrongPassword);
        }

        var guessed = await SignInAsync(attacker, Operator, PortalWebApp.Password);
        Assert.Equal(HttpStatusCode.OK, guessed.StatusCode);
        Assert.StartsWith("Too many failed sign-ins from your network.", await ProblemAsync(guessed));

        var own = await SignInAsync(owner, Operator, PortalWebApp.Password);
        Assert.Equal(HttpStatusCode.Redirect, own.StatusCode);
        Assert.Equal("/admin", own.RedirectPath());
    }

    [Fact]
    public async Task AnswersAnUnknownAccountExactlyLikeAnExistingOneAlsoOnceThrottled()
    {
        await using var app = new PortalWebApp();
        await app.CreatePersonAsync(Operator, PortalRoles.Operator);
        var client = app.AnonymousClient();

        var existing = await ProblemAsync(await SignInAsync(client, Operator, WrongPassword));
        var unknown = await ProblemAsync(await SignInAsync(client, "nobody@example.com", WrongPassword));
        Assert.Equal("That email and password do not match an account.", existing);
        Assert.Equal(existing, unknown);

        for (var attempt = 0; attempt < 5; attempt++)
        {
            await SignInAsync(client, Operator, WrongPassword);
            await SignInAsync(client, "nobody@example.com", WrongPassword);
        }

        var existingThrottled = await ProblemAsync(await SignInAsync(client, Operator, PortalWebApp.Password));
        var unknownThrottled = await ProblemAsync(await SignInAsync(client, "nobody@example.com", PortalWebApp.Password));
        Assert.StartsWith("Too many failed sign-ins from your network.", existingThrottled);
        Assert.Equal(existingThrottled, unknownThrottled);
    }

    [Fact]
    public async Task ChecksTheEnteredPasswordAgainstAHashEvenForAnUnknownAccount()
    {
        var hasher = new RecordingPasswordHasher();
        await using var app = new PortalWebApp();
        await using var host = app.WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services => services.AddSingleton<IPasswordHasher<PortalUser>>(hasher)));
        var client = host.CreateClient(new() { AllowAutoRedirect = false });

        var answer = await SignInAsync(client, "nobody@example.com", "A-guess-for-nobody-1");

        Assert.Equal("That email and password do not match an account.", await ProblemAsync(answer));
        Assert.Contains("A-guess-for-nobody-1", hasher.Checked);
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        Forms.PostAsync(client, "/account/login", "login", new() { ["Input.Email"] = email, ["Input.Password"] = password });

    private static async Task<string> ProblemAsync(HttpResponseMessage response)
    {
        var problem = Problem().Match(await response.Content.ReadAsStringAsync());
        Assert.True(problem.Success, $"No sign-in problem shown (status {(int)response.StatusCode}).");
        return WebUtility.HtmlDecode(problem.Groups[1].Value).Trim();
    }

    [GeneratedRegex("data-testid=\"sign-in-problem\">([^<]*)<")]
    private static partial Regex Problem();

    /// <summary>Identity's own hasher, noting every password it is asked to check.</summary>
    private sealed class RecordingPasswordHasher : IPasswordHasher<PortalUser>
    {
        private readonly PasswordHasher<PortalUser> _hasher = new();

        public System.Collections.Concurrent.ConcurrentBag<string> Checked { get; } = [];

        public string HashPassword(PortalUser user, string password) => _hasher.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(PortalUser user, string hashedPassword, string providedPassword)
        {
            Checked.Add(providedPassword);
            return _hasher.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
