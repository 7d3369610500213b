using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Core.Domain;
using Portal.Core.Features.ApiClients;
using Portal.Tests.Support;

namespace Portal.Tests.Api;

/// <summary><c>/api/v1/webhooks</c>: a program manages its own endpoints with a <c>webhooks:manage</c> key.</summary>
public sealed class WebhooksApiTests(PortalWebAppFixture fixture) : IClassFixture<PortalWebAppFixture>
{
    /// <summary>An address on the internet that needs no name lookup (TEST-NET-3).</summary>
    private const string Receiver = "https://203.0.113.10/hook";

    private PortalWebApp App => fixture.App;

    private async Task<HttpClient> ProgramAsync(string name, string[] scopes, params string[] audiences)
    {
        var issued = await App.Get<IssueApiClientKey>().HandleAsync(new IssueApiClientKeyRequest(name, audiences,
            new ApiKeyGrant(scopes.ToHashSet(StringComparer.Ordinal), [], [], [])), Actors.Admin);
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.Key);
        return client;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task AProgramRegistersListsAndDeletesItsOwnEndpointsReceivingAsItsKey()
    {
        var dealer = await ProgramAsync("Northway dealer system", [ApiScopes.WebhooksManage, ApiScopes.Read], "retailers");
        var other = await ProgramAsync("Partsco ERP", [ApiScopes.WebhooksManage], "suppliers");

        var created = await dealer.PostAsJsonAsync("/api/v1/webhooks", new { url = Receiver, eventTypes = new[] { "statementPublished" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var endpoint = await JsonAsync(created);
        var id = endpoint.GetProperty("id").GetInt32();
        Assert.Equal($"/api/v1/webhooks/{id}", created.Headers.Location?.OriginalString);
        Assert.StartsWith("whsec_", endpoint.GetProperty("secret").GetString(), StringComparison.Ordinal);
        Assert.Equal(["retailers"], endpoint.GetProperty("audiences").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("Northway dealer system", endpoint.GetProperty("organisation").GetString());
        Assert.Equal("standard-webhooks", endpoint.GetProperty("kind").GetString());

        var listed = await JsonAsync(await dealer.GetAsync("/api/v1/webhooks"));
        var only = Assert.Single(listed.EnumerateArray());
        Assert.Equal(id, only.GetProperty("id").GetInt32());
        Assert.Equal(JsonValueKind.Null, only.GetProperty("secret").ValueKind);
        Assert.Empty((await JsonAsync(await other.GetAsync("/api/v1/webhooks"))).EnumerateArray());

        // Another program cannot see or delete it; its owner can.
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/api/v1/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await dealer.DeleteAsync($"/api/v1/webhooks/{id}")).StatusCode);
        Assert.Empty((await JsonAsync(await dealer.GetAsync("/api/v1/webhooks"))).EnumerateArray());
    }

    [Fact]
    public async Task RefusesAnAudienceBeyondTheKeyAndAKeyWithoutTheScope()
    {
        var dealer = await ProgramAsync("Dealer reader", [ApiScopes.WebhooksManage, ApiScopes.Read], "retailers");
        var reader = await ProgramAsync("Plain reader", [ApiScopes.Read], "retailers");

        var beyond = await dealer.PostAsJsonAsync("/api/v1/webhooks", new { url = Receiver, audiences = new[] { "suppliers" } });
        Assert.Equal(HttpStatusCode.Forbidden, beyond.StatusCode);
        Assert.Contains("suppliers", (await JsonAsync(beyond)).GetProperty("detail").GetString());

        var unscoped = await reader.PostAsJsonAsync("/api/v1/webhooks", new { url = Receiver });
        Assert.Equal(HttpStatusCode.Forbidden, unscoped.StatusCode);
        Assert.Contains("webhooks:manage", (await JsonAsync(unscoped)).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("ftp://files.example/hook", HttpStatusCode.BadRequest, "https://")]
    [InlineData("not an address", HttpStatusCode.BadRequest, "https://")]
    [InlineData("http://127.0.0.1:9/hook", HttpStatusCode.UnprocessableEntity, "loopback, private or link-local")]
    [InlineData("http://[::1]/hook", HttpStatusCode.UnprocessableEntity, "loopback, private or link-local")]
    [InlineData("https://10.1.2.3/hook", HttpStatusCode.UnprocessableEntity, "loopback, private or link-local")]
    public async Task AnswersABadAddressWithProblemDetails(string url, HttpStatusCode status, string says)
    {
        var program = await ProgramAsync($"Program {Guid.NewGuid():N}", [ApiScopes.WebhooksManage]);

        var response = await program.PostAsJsonAsync("/api/v1/webhooks", new { url });

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(says, (await response.Content.ReadAsStringAsync()).Replace("\\u002B", "+", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Empty((await JsonAsync(await program.GetAsync("/api/v1/webhooks"))).EnumerateArray());
    }
}
