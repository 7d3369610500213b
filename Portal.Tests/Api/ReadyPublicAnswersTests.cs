using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Portal.Core.Domain;
using Portal.Core.Features.Systems;
using Portal.Tests.Hubs;
using Portal.Tests.Support;
using Portal.Web;
using Portal.Web.PublicReads;

namespace Portal.Tests.Api;

public sealed partial class ReadyPublicAnswersTests(PortalWebAppFixture fixture) : IClassFixture<PortalWebAppFixture>
{
    private readonly HttpClient _client = fixture.App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

    private ReadyPublicAnswers Ready => fixture.App.Get<ReadyPublicAnswers>();

    private PublicReadState State => fixture.App.Get<PublicReadState>();

    [Theory]
    [InlineData("/")]
    [InlineData("/api/v2/summary.json")]
    public async Task SendsARepeatedPublicReadAsItWasServedWithoutRendering(string path)
    {
        var first = await GetAsync(path);
        var (served, renders) = (Ready.Served, State.Renders);

        var again = await GetAsync(path);

        Assert.Equal(served + 1, Ready.Served);
        Assert.Equal(renders, State.Renders);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await again.Content.ReadAsByteArrayAsync());
        Assert.Equal("br", Assert.Single(again.Content.Headers.ContentEncoding));
        Assert.Equal(first.Headers.ETag, again.Headers.ETag);
        Assert.Equal(first.Headers.CacheControl, again.Headers.CacheControl);
        Assert.Equal(first.Headers.Vary, again.Headers.Vary);
        Assert.Contains("Accept-Encoding", again.Headers.Vary);
        Assert.Equal(first.Headers.GetValues("Content-Security-Policy"), again.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal("nosniff", Assert.Single(again.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(again.Headers.GetValues("Referrer-Policy")));
        Assert.False(again.Headers.Contains("Set-Cookie"));
        Assert.False(again.Headers.Contains("Age"));
    }

    [Theory]
    [InlineData("/", SystemStatus.Operational)]
    [InlineData("/api/v2/summary.json", SystemStatus.Degraded)]
    public async Task ARetailersOnlyChangeLeavesTheReadyBytesAndETag(string path, SystemStatus status)
    {
        await GetAsync(path);
        var before = await GetAsync(path);
        var (served, renders) = (Ready.Served, State.Renders);

        await fixture.App.Get<ChangeSystemStatus>().HandleAsync(new ChangeSystemStatusRequest(
            "wholesale-vehicle-finance", status, $"Funding lines back {Guid.NewGuid():N}"), Actors.Operator);
        var after = await GetAsync(path);

        Assert.Equal(served + 1, Ready.Served);
        Assert.Equal(renders, State.Renders);
        Assert.Equal(await before.Content.ReadAsByteArrayAsync(), await after.Content.ReadAsByteArrayAsync());
        Assert.Equal(before.Headers.ETag, after.Headers.ETag);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/v2/summary.json")]
    public async Task APublicChangeIsSentOnTheNextRequest(string path)
    {
        await GetAsync(path);
        var before = await GetAsync(path);
        var served = Ready.Served;
        var reason = $"Parts reason {Guid.NewGuid():N}";

        var sequence = await fixture.App.Services.PublicChangeAsync(reason);
        var after = await GetAsync(path);

        Assert.Equal(served, Ready.Served);
        Assert.Equal($"W/\"public-{sequence}\"", after.Headers.ETag!.ToString());
        Assert.NotEqual(await before.Content.ReadAsByteArrayAsync(), await after.Content.ReadAsByteArrayAsync());

        var again = await GetAsync(path);
        Assert.Equal(served + 1, Ready.Served);
        Assert.Equal(after.Headers.ETag, again.Headers.ETag);
    }

    [Fact]
    public async Task KeepsOneRenderForBothNavigationKindsEachWithItsOwnCacheControl()
    {
        await fixture.App.Services.PublicChangeAsync($"Both kinds {Guid.NewGuid():N}");
        var renders = State.Renders;
        var document = await GetAsync("/");
        var enhanced = await GetAsync("/", enhancedNavigation: true);
        var served = Ready.Served;

        var documentAgain = await GetAsync("/");
        var enhancedAgain = await GetAsync("/", enhancedNavigation: true);
        using var revalidate = Request("/", enhancedNavigation: true);
        revalidate.Headers.IfNoneMatch.Add(enhanced.Headers.ETag!);
        var notModified = await _client.SendAsync(revalidate);

        Assert.Equal(served + 3, Ready.Served);
        Assert.Equal(renders + 1, State.Renders);
        var body = await document.Content.ReadAsByteArrayAsync();
        Assert.Equal(body, await enhanced.Content.ReadAsByteArrayAsync());
        Assert.Equal(body, await documentAgain.Content.ReadAsByteArrayAsync());
        Assert.Equal(body, await enhancedAgain.Content.ReadAsByteArrayAsync());
        Assert.Equal(PublicReads.MaxAge, documentAgain.Headers.CacheControl!.MaxAge);
        Assert.True(enhancedAgain.Headers.CacheControl!.NoCache);
        Assert.Null(enhancedAgain.Headers.CacheControl.MaxAge);
        Assert.Equal(enhancedAgain.Headers.CacheControl, notModified.Headers.CacheControl);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.False(notModified.Headers.Contains("Content-Security-Policy"));
        Assert.Equal("allow", Assert.Single(enhancedAgain.Headers.GetValues("blazor-enhanced-nav")));
        Assert.Equal(document.Headers.GetValues("Content-Security-Policy"), enhancedAgain.Headers.GetValues("Content-Security-Policy"));
    }

    [Fact]
    public async Task AnswersNotModifiedFromTheKeptETag()
    {
        await GetAsync("/api/v2/summary.json");
        var kept = await GetAsync("/api/v2/summary.json");
        var (served, renders) = (Ready.Served, State.Renders);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v2/summary.json");
        request.Headers.AcceptEncoding.ParseAdd("br");
        request.Headers.IfNoneMatch.Add(kept.Headers.ETag!);
        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(served + 1, Ready.Served);
        Assert.Equal(renders, State.Renders);
        Assert.Equal(kept.Headers.ETag, response.Headers.ETag);
        Assert.Equal(kept.Headers.CacheControl, response.Headers.CacheControl);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task AnswersHeadFromTheKeptAnswerWithoutItsBody()
    {
        await GetAsync("/");
        var kept = await GetAsync("/");
        var served = Ready.Served;

        using var head = new HttpRequestMessage(HttpMethod.Head, "/");
        head.Headers.AcceptEncoding.ParseAdd("br");
        var response = await _client.SendAsync(head);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(served + 1, Ready.Served);
        Assert.Equal(kept.Headers.ETag, response.Headers.ETag);
        Assert.Equal((await kept.Content.ReadAsByteArrayAsync()).Length, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task AKeptPageCarriesThePolicyWhoseNonceItsBodyHolds()
    {
        await _client.GetAsync("/");
        var served = Ready.Served;

        var response = await _client.GetAsync("/");

        Assert.Equal(served + 1, Ready.Served);
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        var nonce = Nonce().Match(policy).Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains($"nonce=\"{nonce}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NeverAnswersARequestWithTheSessionCookieOrAnAuthorizationHeader()
    {
        await _client.GetAsync("/api/v2/summary.json");
        await _client.GetAsync("/api/v2/summary.json");
        var served = Ready.Served;

        using var withHeader = new HttpRequestMessage(HttpMethod.Get, "/api/v2/summary.json");
        withHeader.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-key");
        await _client.SendAsync(withHeader);
        using var withCookie = new HttpRequestMessage(HttpMethod.Get, "/api/v2/summary.json");
        withCookie.Headers.Add("Cookie", $"{PortalWebServices.SessionCookieName}=expired");
        await _client.SendAsync(withCookie);

        Assert.Equal(served, Ready.Served);
    }

    private static HttpRequestMessage Request(string path, bool enhancedNavigation = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptEncoding.ParseAdd("br");
        if (enhancedNavigation)
        {
            request.Headers.TryAddWithoutValidation("Accept", "text/html; blazor-enhanced-nav=on");
        }

        return request;
    }

    private async Task<HttpResponseMessage> GetAsync(string path, bool enhancedNavigation = false)
    {
        using var request = Request(path, enhancedNavigation);
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    [GeneratedRegex("'nonce-([0-9a-f]+)'")]
    private static partial Regex Nonce();
}
