using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Portal.Tests.Support;

namespace Portal.Tests.Api;

/// <summary>The OpenAPI description at <c>/openapi/v1.json</c>, read back with Microsoft.OpenApi, against the endpoints the portal maps.</summary>
public sealed partial class OpenApiDocumentTests(PortalWebAppFixture fixture) : IClassFixture<PortalWebAppFixture>
{
    /// <summary>Writes that take no body: everything they need is in the path and the If-Match header.</summary>
    private static readonly HashSet<string> TakesNoBody = ["POST /api/v1/statements/{id}/submit"];

    /// <summary>Operations whose success is an empty 204: a deletion has nothing to answer.</summary>
    private static readonly HashSet<string> AnswersNoContent = ["DELETE /api/v1/webhooks/{id}"];

    private PortalWebApp App => fixture.App;

    private async Task<OpenApiDocument> DocumentAsync()
    {
        using var client = App.CreateClient();
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var read = OpenApiDocument.Parse(await response.Content.ReadAsStringAsync(), "json");
        Assert.Empty(read.Diagnostic?.Errors ?? []);
        return read.Document!;
    }

    /// <summary>Every (method, path) mapped under <c>/api/v1</c> and <c>/api/v2</c>, with the path as OpenAPI writes it (no route constraints).</summary>
    private List<(string Method, string Path)> MappedApiEndpoints() =>
    [
        .. App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api/v1/", StringComparison.Ordinal) || raw.StartsWith("/api/v2/", StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(method =>
                (method, Constraint().Replace(e.RoutePattern.RawText!, "{$1}")))),
    ];

    [Fact]
    public async Task DescribesEveryMappedApiEndpointWithItsRequestAndResponseSchemas()
    {
        var document = await DocumentAsync();
        var mapped = MappedApiEndpoints();

        Assert.True(mapped.Count >= 25, $"Only {mapped.Count} API endpoints were found.");
        foreach (var (method, path) in mapped)
        {
            Assert.True(document.Paths.TryGetValue(path, out var item), $"{method} {path} is not in the document.");
            var operation = item!.Operations?.GetValueOrDefault(new HttpMethod(method));
            Assert.True(operation is not null, $"{method} {path} is not in the document.");
            Assert.False(string.IsNullOrEmpty(operation.OperationId), $"{method} {path} has no operation id.");
            if (AnswersNoContent.Contains($"{method} {path}"))
            {
                Assert.True(operation.Responses!.ContainsKey("204"), $"{method} {path} does not describe its 204.");
            }
            else
            {
                var answers = operation.Responses!.Where(r => r.Key.StartsWith('2')).SelectMany(r => r.Value.Content?.Values ?? []).ToList();
                Assert.True(answers.Any(c => c.Schema is not null), $"{method} {path} describes no response schema.");
            }

            if (method is "POST" or "PUT" or "PATCH" && !TakesNoBody.Contains($"{method} {path}"))
            {
                Assert.True(operation.RequestBody?.Content?.Values.Any(c => c.Schema is not null) == true, $"{method} {path} describes no request schema.");
            }
        }
    }

    [Fact]
    public async Task DescribesOnlyWhatIsMappedAndNamesFieldsAsTheyAreSent()
    {
        var document = await DocumentAsync();
        var mapped = MappedApiEndpoints().Select(e => $"{e.Method} {e.Path}").ToHashSet(StringComparer.Ordinal);

        var described = document.Paths.SelectMany(p => p.Value.Operations!.Keys.Select(m => $"{m.Method} {p.Key}")).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(mapped.Order(StringComparer.Ordinal), described.Order(StringComparer.Ordinal));
        var schemas = document.Components!.Schemas!;
        Assert.Contains("reason", schemas["ApiStatusChange"].Properties!.Keys);
        Assert.Contains("only_show_if_degraded", schemas["StatuspageComponent"].Properties!.Keys);
        Assert.Contains("custom_tweet", schemas["StatuspageIncidentUpdate"].Properties!.Keys);
    }

    [Fact]
    public async Task TheReferencePageLoadsItsScriptsFromThePortalUnderItsPolicy()
    {
        using var client = App.CreateClient();

        using var response = await client.GetAsync("/api/reference");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        var nonce = Nonce().Match(policy).Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        var scripts = ScriptTag().Matches(html).Select(m => m.Value).ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, s => Assert.Contains($"nonce=\"{nonce}\"", s, StringComparison.Ordinal));
        using var bundle = await client.GetAsync("/api/reference/scalar.js");
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
    }

    [GeneratedRegex(@"\{([A-Za-z]+):[^}]+\}")]
    private static partial Regex Constraint();

    [GeneratedRegex("'nonce-([0-9a-f]+)'")]
    private static partial Regex Nonce();

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTag();
}
