using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Portal.Tests.Api;

/// <summary>The portal's files as the build described them, from the build output as a test host runs it.</summary>
public sealed partial class StaticAssetTests(PortalWebAppFixture fixture) : IClassFixture<PortalWebAppFixture>
{
    private readonly HttpClient _client = fixture.App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

    [Fact]
    public async Task ServesMudBlazorsStylesheetCompressed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_content/MudBlazor/MudBlazor.min.css");
        request.Headers.AcceptEncoding.ParseAdd("gzip");

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        var compressed = await response.Content.ReadAsByteArrayAsync();
        await using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var css = new MemoryStream();
        await gzip.CopyToAsync(css);
        Assert.True(css.Length > 500_000, $"The stylesheet is {css.Length:N0} bytes.");
        Assert.True(compressed.Length < css.Length / 4, $"{compressed.Length:N0} bytes for a {css.Length:N0}-byte stylesheet.");
    }

    [Fact]
    public async Task ServesTheFingerprintedFilesThePageLinksAsImmutable()
    {
        var page = await _client.GetStringAsync("/");
        var linked = Fingerprinted().Matches(page).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.Contains(linked, a => a.StartsWith("app.", StringComparison.Ordinal));
        Assert.Contains(linked, a => a.StartsWith("_framework/blazor.web.", StringComparison.Ordinal));
        foreach (var address in linked)
        {
            var response = await _client.GetAsync("/" + address);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var cacheControl = response.Headers.CacheControl!;
            Assert.True(cacheControl.Extensions.Any(e => e.Name == "immutable"), $"{address}: Cache-Control {cacheControl}");
            Assert.Equal(TimeSpan.FromDays(365), cacheControl.MaxAge);
        }
    }

    /// <summary>A linked style or script whose name carries the build's fingerprint (app.abc123def0.css).</summary>
    [GeneratedRegex("(?:href|src)=\"/?([^\"?#]+\\.[a-z0-9]{10}\\.(?:css|js))\"")]
    private static partial Regex Fingerprinted();
}
