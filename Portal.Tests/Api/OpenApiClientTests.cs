using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Tests.Api.Generated;
using Portal.Tests.Support;

namespace Portal.Tests.Api;

/// <summary>
/// The client generated with NSwag from the OpenAPI document (scripts/generate-api-client.sh): the
/// document it was generated from is still what the portal serves, and the client drives the API.
/// </summary>
public sealed class OpenApiClientTests(PortalWebAppFixture fixture) : IClassFixture<PortalWebAppFixture>
{
    private PortalWebApp App => fixture.App;

    [Fact]
    public async Task TheLiveDocumentIsTheOneTheClientWasGeneratedFrom()
    {
        using var client = App.CreateClient();
        var live = await client.GetStringAsync("/openapi/v1.json");
        var kept = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "openapi", "v1.json"));

        if (!JsonNode.DeepEquals(WithoutServers(live), WithoutServers(kept)))
        {
            var fresh = Path.Combine(Path.GetTempPath(), $"portal-openapi-{Guid.NewGuid():N}.json");
            await File.WriteAllTextAsync(fresh, live);
            Assert.Fail($"The API's OpenAPI document changed. Copy {fresh} to Portal.Tests/Fixtures/openapi/v1.json and run scripts/generate-api-client.sh.");
        }
    }

    [Fact]
    public async Task TheGeneratedClientChangesASystemsStatus()
    {
        var issued = await App.IssueAsync("Generated client", ApiRequests.Grant(ApiScopes.StatusWrite, ApiScopes.Read), "suppliers");
        using var http = App.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.Key);
        var api = new PortalApiClient(http);

        var changed = await api.ApiChangeSystemStatusAsync("supplier-portal-edi",
            new ApiStatusChange { Status = "workaround", Reason = "Suppliers send orders by email meanwhile.", Workaround = "Email orders to the plant." });

        Assert.Equal(("workaround", "supplier-portal-edi"), (changed.Status, changed.Slug));
        await using var db = App.NewDbContext();
        var system = await db.EstateSystems.Where(s => s.Slug == "supplier-portal-edi").SingleAsync();
        Assert.Equal((SystemStatus.Workaround, "Email orders to the plant."), (system.Status, system.Workaround));
        var refused = await Assert.ThrowsAsync<ApiException>(() =>
            api.ApiChangeSystemStatusAsync("supplier-portal-edi", new ApiStatusChange { Status = "sideways", Reason = "Testing." }));
        Assert.Equal(400, refused.StatusCode);
    }

    /// <summary>The document less its servers, which name the host that answered.</summary>
    private static JsonNode? WithoutServers(string json)
    {
        var node = JsonNode.Parse(json);
        node?.AsObject().Remove("servers");
        return node;
    }
}
