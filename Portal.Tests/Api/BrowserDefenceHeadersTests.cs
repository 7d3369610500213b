using System.Net;
using System.Text.RegularExpressions;
using Portal.Tests.Support;

namespace Portal.Tests.Api;

/// <summary>The headers that tell browsers how to defend the portal's pages, over Kestrel as in production.</summary>
public sealed partial class BrowserDefenceHeadersTests(BrowserDefenceHeadersTests.Server server) : IClassFixture<BrowserDefenceHeadersTests.Server>
{
    [Fact]
    public async Task APageCarriesThePolicyAndItsImportMapTheNonceOfThatResponse()
    {
        using var response = await server.Client.GetAsync("/");

        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        var nonce = Nonce().Match(policy).Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains("default-src 'self'", policy);
        Assert.Contains("object-src 'none'", policy);
        Assert.Contains("frame-ancestors 'self'", policy);
        Assert.Contains("img-src 'self' data: https://images.example.com", policy);
        Assert.DoesNotContain("'unsafe-inline'", policy.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)));
        Assert.Contains($"<script type=\"importmap\" nonce=\"{nonce}\">", await response.Content.ReadAsStringAsync());

        // Served again from the public output cache: the stored policy and body travel together.
        using var again = await server.Client.GetAsync("/");
        var againNonce = Nonce().Match(Assert.Single(again.Headers.GetValues("Content-Security-Policy"))).Groups[1].Value;
        Assert.Contains($"<script type=\"importmap\" nonce=\"{againNonce}\">", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task APageRenderedForEachRequestHasANewNonceEachTime()
    {
        using var first = await server.Client.GetAsync("/account/login");
        using var second = await server.Client.GetAsync("/account/login");

        var firstNonce = Nonce().Match(Assert.Single(first.Headers.GetValues("Content-Security-Policy"))).Groups[1].Value;
        var secondNonce = Nonce().Match(Assert.Single(second.Headers.GetValues("Content-Security-Policy"))).Groups[1].Value;
        Assert.NotEqual(firstNonce, secondNonce);
        Assert.Contains($"nonce=\"{secondNonce}\"", await second.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/account/login")]
    [InlineData("/widget.js")]
    [InlineData("/api/v2/summary.json")]
    public async Task EveryAnswerForbidsSniffingLimitsReferrersAndNamesNoServer(string path)
    {
        using var response = await server.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task TheWidgetStaysEmbeddableFromOtherSites()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/widget.js");
        request.Headers.Add("Origin", "https://retailer.example");
        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.Contains("Cross-Origin-Resource-Policy"));
    }

    [Fact]
    public async Task OverPlainHttpThereIsNoHstsAndCookiesAreNotSecure()
    {
        using var response = await server.Client.GetAsync("/account/login");

        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c => Assert.DoesNotContain("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task BehindAKnownProxyThatSaysHttpsThereIsHstsAndEveryCookieIsSecure()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.Host = "status.example.com";
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var response = await server.Client.SendAsync(request);

        Assert.StartsWith("max-age=31536000", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task AnUnknownSenderOfForwardedHeadersIsNotBelieved()
    {
        await using var app = new PortalWebApp();
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = app.StartOnLoopback() };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.Host = "status.example.com";
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await client.SendAsync(request);

        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        Assert.All(response.Headers.GetValues("Set-Cookie"), c => Assert.DoesNotContain("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [GeneratedRegex("script-src 'self' 'nonce-([0-9a-f]+)'")]
    private static partial Regex Nonce();

    /// <summary>One portal on Kestrel for the class: every test only reads headers, without cookies.</summary>
    public sealed class Server : IAsyncLifetime
    {
        private readonly PortalWebApp _app = new(new Dictionary<string, string?>
        {
            ["Portal:ReverseProxy:KnownProxies:0"] = "127.0.0.1",
            ["Portal:Markdown:ImageHosts:0"] = "images.example.com",
        });

        public HttpClient Client { get; } = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

        public Task InitializeAsync()
        {
            Client.BaseAddress = _app.StartOnLoopback();
            return Task.CompletedTask;
        }

        public async Task DisposeAsync()
        {
            Client.Dispose();
            await _app.DisposeAsync();
        }
    }
}
