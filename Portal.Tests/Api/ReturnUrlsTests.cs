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
    [InlineData("evil.example", "/fallback")]
    [InlineData("", "/fallback")]
    [InlineData(null, "/fallback")]
    public void KeepsOnlyPathsOnThisSite(string? returnUrl, string expected) =>
        Assert.Equal(expected, ReturnUrls.Safe(returnUrl, "/fallback"));

    [Theory]
    [InlineData("/\\evil.example")]
    [InlineData("/\t/evil.example")]
    public async Task SignOutSendsAnOffSiteReturnAddressToTheBoardInsteadOfFailing(string returnUrl)
    {
        await using var app = new PortalWebApp();
        await app.CreatePersonAsync("pat@example.com");
        var client = await app.SignedInClientAsync("pat@example.com");

        var response = await Forms.PostToEndpointAsync(client, "/", "/account/logout", new() { ["returnUrl"] = returnUrl });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }
}
