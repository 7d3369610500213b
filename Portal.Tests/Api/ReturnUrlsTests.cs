using System.Net;
using Portal.Tests.Support;
using Portal.Web.Components.Account;

namespace Portal.Tests.Api;

public sealed class ReturnUrlsTests
{
    [Theory]
    [InlineData("/", "/")]
    [InlineData("/systems/payroll?tab=history", "/systems/payroll?tab=history")]
    [InlineData("//evil.example", "/fallback")]
    [InlineData("/\\evil.example", "/fallback")]
    [InlineData("/\t/evil.example", "/fallback")]
    [InlineData("/\n/evil.example", "/fallback")]
    [InlineData("https://evil.example/", "/fallback")]
    [InlineData("/\uFF0E/x", "/fallback")]
    [InlineData("/caf\u00E9", "/fallback")]
    [InlineData("evil.example", "/fallback")]
    [InlineData("", "/fallback")]
    [InlineData(null, "/fallback")]
    public void KeepsOnlyPathsOnThisSite(string? returnUrl, string expected) =>
        Assert.Equal(expected, ReturnUrls.Safe(returnUrl, "/fallback"));

    [Theory]
    [InlineData("/\\evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("/\uFF0E/x")]
    public async Task SignOutSendsAnOffSiteReturnAddressToTheBoardInsteadOfFailing(string returnUrl)
    {
        await using var app = new PortalWebApp();
        await app.CreatePersonAsync("pat@example.com");
        var client = await app.SignedInClientAsync("pat@example.com");

        var response = await Forms.PostToEndpointAsync(client, "/", "/account/logout", new() { ["returnUrl"] = returnUrl });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SignInWithANonAsciiReturnAddressGoesToTheDefaultPageSignedIn()
    {
        await using var app = new PortalWebApp();
        var server = app.StartOnLoopback();
        await app.CreatePersonAsync("pat@example.com");
        using var browser = LoopbackClient.From(server, "127.0.0.1");

        var response = await Forms.PostAsync(browser, "/account/login?returnUrl=/%EF%BC%8E/x", "login", new()
        {
            ["Input.Email"] = "pat@example.com",
            ["Input.Password"] = PortalWebApp.Password,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.RedirectPath());
        var signOut = await Forms.PostToEndpointAsync(browser, "/", "/account/logout?returnUrl=/%EF%BC%8E/x", new() { ["returnUrl"] = "/\uFF0E/x" });
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/", signOut.RedirectPath());
    }
}
