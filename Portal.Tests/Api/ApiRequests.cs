using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Portal.Core.Domain;
using Portal.Core.Features.ApiClients;
using Portal.Tests.Support;

namespace Portal.Tests.Api;

/// <summary>What tests of <c>/api/v1</c> share: issuing keys, clients that present them, JSON requests and reading problem details.</summary>
internal static class ApiRequests
{
    public static Task<IssuedApiClientKey> IssueAsync(this PortalWebApp app, string name, ApiKeyGrant grant, params string[] audiences) =>
        app.Get<IssueApiClientKey>().HandleAsync(new IssueApiClientKeyRequest(name, audiences, grant), Actors.Admin);

    public static ApiKeyGrant Grant(params string[] scopes) => new(scopes.ToHashSet(StringComparer.Ordinal), [], [], []);

    public static HttpClient ClientWith(this PortalWebApp app, string key, string scheme = "Bearer")
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(scheme, key);
        return client;
    }

    public static HttpRequestMessage Json(HttpMethod method, string path, string json, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return request;
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    /// <summary>The problem details of a refusal (asserting it is one).</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.JsonAsync();
    }

    /// <summary>The field names of a validation problem's errors.</summary>
    public static async Task<IReadOnlyList<string>> ProblemFieldsAsync(this HttpResponseMessage response) =>
        [.. (await response.ProblemAsync()).GetProperty("errors").EnumerateObject().Select(p => p.Name)];
}
