using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Data.Sqlite;
using Portal.Core.Domain;
using Portal.Core.Features.Systems;
using Portal.Tests.Hubs;
using Portal.Tests.Support;
using Portal.Web.PublicReads;

namespace Portal.Tests.Api;

public sealed class PublicReadCacheTests(PortalWebAppFixture fixture) : IClassFixture<PortalWebAppFixture>
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

    [Fact]
    public async Task ServesTheLastGoodRenderWhenTheDatabaseCannotBeRead()
    {
        await using var app = new PortalWebApp();
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        var summary = await client.GetStringAsync("/api/v2/summary.json");

        MakeUnreadable(Path.Combine(app.DataFolder, "portal.db"));
        await app.Get<IOutputCacheStore>().EvictByTagAsync(PublicReads.Tag(PublicReads.AudienceSet), CancellationToken.None);

        var board = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, board.StatusCode);
        var html = await board.Content.ReadAsStringAsync();
        Assert.Matches(@"Last updated \d\d:\d\d UTC — live updates paused", html);
        Assert.Contains("Online vehicle registration", html);
        Assert.DoesNotContain("could not be updated", html);
        Assert.Equal(summary, await client.GetStringAsync("/api/v2/summary.json"));

        var health = await client.GetAsync("/healthz");
        using var report = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        Assert.Equal("Degraded", report.RootElement.GetProperty("status").GetString());
    }

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
