using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Data.Sqlite;
using Portal.Core.Domain;
using Portal.Core.Features.Systems;
using Portal.Tests.Hubs;
using Portal.Tests.Support;
using Portal.Web.PublicReads;

namespace Portal.Tests.Api;

public sealed partial class PublicReadCacheTests(PortalWebAppFixture fixture) : IClassFixture<PortalWebAppFixture>
{
    private readonly HttpClient _client = fixture.App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

    private PublicReadState State => fixture.App.Get<PublicReadState>();

    [Theory]
    [InlineData("/", SystemStatus.Operational)]
    [InlineData("/api/v2/summary.json", SystemStatus.Degraded)]
    public async Task ARetailersOnlyChangeNeitherEvictsNorAltersThePublicAnswer(string path, SystemStatus status)
    {
        var before = await _client.GetAsync(path);
        var beforeBody = await before.Content.ReadAsStringAsync();
        var rendersBefore = State.Renders;

        await fixture.App.Get<ChangeSystemStatus>().HandleAsync(new ChangeSystemStatusRequest(
            "wholesale-vehicle-finance", status, $"Funding lines back {Guid.NewGuid():N}"), Actors.Operator);
        var after = await _client.GetAsync(path);

        Assert.Equal(beforeBody, await after.Content.ReadAsStringAsync());
        Assert.Equal(before.Headers.ETag, after.Headers.ETag);
        Assert.Equal(rendersBefore, State.Renders);
    }

    [Fact]
    public async Task APublicChangeIsVisibleOnTheNextRequest()
    {
        var before = await _client.GetAsync("/api/v2/components.json");
        var reason = $"Parts reason {Guid.NewGuid():N}";

        var sequence = await fixture.App.Services.PublicChangeAsync(reason);
        var after = await _client.GetAsync("/api/v2/components.json");

        Assert.Equal($"W/\"public-{sequence}\"", after.Headers.ETag!.ToString());
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
        Assert.NotEqual(await before.Content.ReadAsStringAsync(), await after.Content.ReadAsStringAsync());
        Assert.Contains(reason, await _client.GetStringAsync("/systems/global-parts-logistics"));
    }

    [Fact]
    public async Task TheAnonymousBoardSetsNoCookieAndMayBeCachedByProxies()
    {
        var response = await _client.GetAsync("/");

        response.EnsureSuccessStatusCode();
        Assert.False(response.Headers.Contains("Set-Cookie"));
        var cacheControl = response.Headers.CacheControl!;
        Assert.True(cacheControl.Public);
        Assert.False(cacheControl.NoStore);
        Assert.Equal(PublicReads.MaxAge, cacheControl.MaxAge);
        Assert.Contains("stale-while-revalidate", cacheControl.ToString(), StringComparison.Ordinal);
        Assert.Contains("stale-if-error", cacheControl.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/systems/global-parts-logistics")]
    [InlineData("/api/v2/summary.json")]
    public async Task AnswersHeadWhereGetIsAnswered(string path)
    {
        using var head = new HttpRequestMessage(HttpMethod.Head, path);

        var response = await _client.SendAsync(head);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
    }

    [Theory]
    [InlineData("/", "Estate status")]
    [InlineData("/api/v2/summary.json", "\"components\"")]
    public async Task CompressesWithBrotliWhenAsked(string path, string expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptEncoding.ParseAdd("br");

        var response = await _client.SendAsync(request);

        Assert.Equal("br", Assert.Single(response.Content.Headers.ContentEncoding));
        await using var brotli = new BrotliStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using var reader = new StreamReader(brotli);
        Assert.Contains(expected, await reader.ReadToEndAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NeverCompressesWhatASignedInPersonReads()
    {
        await fixture.App.CreateViewerAsync("compression.viewer@example.com", "suppliers");
        var client = await fixture.App.SignedInClientAsync("compression.viewer@example.com");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v2/summary.json");
        request.Headers.AcceptEncoding.ParseAdd("br");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Contains("Supplier payments", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ASignedInPersonIsNeitherAnsweredFromThePublicCacheNorStoredInIt()
    {
        await fixture.App.CreateViewerAsync("cache.viewer@example.com", "suppliers");
        var signedIn = await fixture.App.SignedInClientAsync("cache.viewer@example.com");
        var publicBefore = await _client.GetStringAsync("/api/v2/summary.json");

        var personal = await signedIn.GetStringAsync("/api/v2/summary.json");
        var publicAfter = await _client.GetStringAsync("/api/v2/summary.json");

        Assert.DoesNotContain("Supplier payments", publicBefore, StringComparison.Ordinal);
        Assert.Contains("Supplier payments", personal, StringComparison.Ordinal);
        Assert.DoesNotContain("Supplier payments", publicAfter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswersNotModifiedWithoutRenderingWhenTheCacheIsEmpty()
    {
        var first = await _client.GetAsync("/");
        await fixture.App.Get<IOutputCacheStore>().EvictByTagAsync(PublicReads.Tag(PublicReads.AudienceSet), CancellationToken.None);
        var rendersBefore = State.Renders;

        using var again = new HttpRequestMessage(HttpMethod.Get, "/");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var response = await _client.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(first.Headers.ETag, response.Headers.ETag);
        Assert.Equal(rendersBefore, State.Renders);
    }

    [Fact]
    public async Task RendersOnceForManyConcurrentReadersAfterAnEvent()
    {
        await fixture.App.Services.PublicChangeAsync($"Crowd {Guid.NewGuid():N}");
        var rendersBefore = State.Renders;

        var responses = await Task.WhenAll(Enumerable.Range(0, 25).Select(_ => _client.GetAsync("/")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(responses.Select(r => r.Headers.ETag!.ToString()).Distinct());
        Assert.Equal(rendersBefore + 1, State.Renders);
    }

    [Theory]
    [InlineData("/", false)]
    [InlineData("/", true)]
    [InlineData("/systems/global-parts-logistics", false)]
    [InlineData("/systems/global-parts-logistics", true)]
    public async Task ADocumentAndAnEnhancedNavigationShareOneRenderEachWithItsOwnHeaders(string path, bool enhancedFirst)
    {
        await fixture.App.Services.PublicChangeAsync($"Both kinds {Guid.NewGuid():N}");
        var rendersBefore = State.Renders;

        var first = await GetAsync(path, enhanced: enhancedFirst);
        var second = await GetAsync(path, enhanced: !enhancedFirst);

        Assert.Equal(rendersBefore + 1, State.Renders);
        var (document, enhanced) = enhancedFirst ? (second, first) : (first, second);
        Assert.Equal(await document.Content.ReadAsByteArrayAsync(), await enhanced.Content.ReadAsByteArrayAsync());
        Assert.Equal(document.Headers.ETag, enhanced.Headers.ETag);
        await AssertAnswersAsync(document, enhanced: false);
        await AssertAnswersAsync(enhanced, enhanced: true);
    }

    [Fact]
    public async Task RendersOnceForManyConcurrentDocumentsAndEnhancedNavigationsAfterAnEvent()
    {
        await fixture.App.Services.PublicChangeAsync($"Mixed crowd {Guid.NewGuid():N}");
        var rendersBefore = State.Renders;

        var kinds = Enumerable.Range(0, 25).Select(i => i % 2 == 1).ToArray();
        var responses = await Task.WhenAll(kinds.Select(enhanced => GetAsync("/", enhanced)));

        Assert.Equal(rendersBefore + 1, State.Renders);
        Assert.Single(responses.Select(r => r.Headers.ETag!.ToString()).Distinct());
        foreach (var (response, enhanced) in responses.Zip(kinds))
        {
            await AssertAnswersAsync(response, enhanced);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ANotModifiedAnswerCarriesItsNavigationKindsCacheControl(bool enhanced)
    {
        var first = await GetAsync("/", enhanced);
        await fixture.App.Get<IOutputCacheStore>().EvictByTagAsync(PublicReads.Tag(PublicReads.AudienceSet), CancellationToken.None);

        using var again = Request("/", enhanced);
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var response = await _client.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(CacheControlFor(enhanced), response.Headers.CacheControl);
        Assert.Contains("Accept", response.Headers.Vary);
        Assert.False(response.Headers.Contains("Content-Security-Policy"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ANotModifiedAnswerFromTheOutputCacheCarriesItsNavigationKindsCacheControlAndNoPolicy(bool enhanced)
    {
        await fixture.App.Services.PublicChangeAsync($"Revalidated {Guid.NewGuid():N}");
        var otherKind = await GetAsync("/", !enhanced);

        using var again = Request("/", enhanced);
        again.Headers.IfNoneMatch.Add(otherKind.Headers.ETag!);
        var response = await _client.SendAsync(again);

        // The browser keeps the policy stored with its copy: a new nonce here would block that copy's import map.
        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(CacheControlFor(enhanced), response.Headers.CacheControl);
        Assert.Equal(otherKind.Headers.ETag, response.Headers.ETag);
        Assert.False(response.Headers.Contains("Content-Security-Policy"));
    }

    [Fact]
    public async Task ServesTheLastGoodRenderWhenTheDatabaseCannotBeRead()
    {
        await using var app = new PortalWebApp();
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        // With the day when the render was not made today: a run across midnight UTC says "29 November 23:59".
        const string LastUpdatedNotice = @"Last updated (\d{1,2} [A-Z][a-z]+ )?\d\d:\d\d UTC — live updates paused";
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        var summary = await client.GetStringAsync("/api/v2/summary.json");

        MakeUnreadable(Path.Combine(app.DataFolder, "portal.db"));
        await app.Get<IOutputCacheStore>().EvictByTagAsync(PublicReads.Tag(PublicReads.AudienceSet), CancellationToken.None);

        var board = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, board.StatusCode);
        var html = await board.Content.ReadAsStringAsync();
        Assert.Matches(LastUpdatedNotice, html);
        Assert.Contains("Online vehicle registration", html);
        Assert.DoesNotContain("could not be updated", html);
        Assert.Equal(summary, await client.GetStringAsync("/api/v2/summary.json"));
        AssertNonceMatches(board, html);

        // A live page refreshing gets the same last good render, with the policy its nonce belongs to.
        using var refresh = Request("/", enhanced: true);
        var refreshed = await client.SendAsync(refresh);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var refreshedHtml = await refreshed.Content.ReadAsStringAsync();
        Assert.Matches(LastUpdatedNotice, refreshedHtml);
        Assert.True(refreshed.Headers.CacheControl!.NoCache);
        AssertNonceMatches(refreshed, refreshedHtml);

        var health = await client.GetAsync("/healthz");
        using var report = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        Assert.Equal("Degraded", report.RootElement.GetProperty("status").GetString());
    }

    /// <summary>What each kind of request is told: a document may be kept a few seconds, a live page's refresh revalidates.</summary>
    private static CacheControlHeaderValue CacheControlFor(bool enhanced) => CacheControlHeaderValue.Parse(enhanced
        ? "public, no-cache, stale-if-error=86400"
        : "public, max-age=5, stale-while-revalidate=10, stale-if-error=86400");

    /// <summary>A browser's document request, or the request Blazor's enhanced navigation sends (as live.js refreshing a page).</summary>
    private static HttpRequestMessage Request(string path, bool enhanced)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", enhanced ? "text/html; blazor-enhanced-nav=on" : "text/html,application/xhtml+xml");
        return request;
    }

    private async Task<HttpResponseMessage> GetAsync(string path, bool enhanced)
    {
        using var request = Request(path, enhanced);
        return await _client.SendAsync(request);
    }

    private static async Task AssertAnswersAsync(HttpResponseMessage response, bool enhanced)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(CacheControlFor(enhanced), response.Headers.CacheControl);
        Assert.Contains("Accept", response.Headers.Vary);
        Assert.False(response.Headers.Contains("Set-Cookie"));

        // blazor.web.js merges an enhanced navigation's answer only when it says so in exactly these words, and reads it whole without framing.
        Assert.Equal("allow", Assert.Single(response.Headers.GetValues("blazor-enhanced-nav")));
        Assert.False(response.Headers.Contains("ssr-framing"));
        AssertNonceMatches(response, await response.Content.ReadAsStringAsync());
    }

    private static void AssertNonceMatches(HttpResponseMessage response, string html)
    {
        var nonce = Nonce().Match(Assert.Single(response.Headers.GetValues("Content-Security-Policy"))).Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains($"nonce=\"{nonce}\"", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("'nonce-([0-9a-f]+)'")]
    private static partial Regex Nonce();

    /// <summary>Puts something that is not a database where the database was, as a failed disk or a bad restore would.</summary>
    private static void MakeUnreadable(string database)
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { database, database + "-wal", database + "-shm" }.Where(File.Exists))
        {
            File.Move(file, file + ".away");
        }

        File.WriteAllText(database, string.Concat(Enumerable.Repeat("This is not a database. ", 400)));
    }
}
