using System.Text.Json;
using Portal.Core.Domain;

namespace Portal.Tests.Api;

public sealed class StatusLookEndpointsTests(PortalWebAppFixture fixture) : IClassFixture<PortalWebAppFixture>
{
    private readonly HttpClient _client = fixture.App.CreateClient();

    [Fact]
    public async Task ServesEveryStatusLookAsTheWidgetReadsItFromTheOneDefinition()
    {
        var response = await _client.GetAsync("/widget-statuses.js");

        response.EnsureSuccessStatusCode();
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        const string prefix = "window.estateStatusLooks = ";
        var script = (await response.Content.ReadAsStringAsync()).Trim();
        Assert.StartsWith(prefix, script, StringComparison.Ordinal);
        using var looks = JsonDocument.Parse(script[prefix.Length..].TrimEnd(';'));
        foreach (var status in Enum.GetValues<SystemStatus>())
        {
            var look = looks.RootElement.GetProperty(JsonNamingPolicy.CamelCase.ConvertName(status.ToString()));
            Assert.Equal(status.Appearance().DisplayName, look.GetProperty("name").GetString());
            Assert.Equal(status.Appearance().Colour, look.GetProperty("colour").GetString());
        }
    }
}
