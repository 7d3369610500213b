using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Portal.Tests.Isolation;

namespace Portal.Tests.Hubs;

/// <summary>
/// Another site's page cannot use a signed-in person's cookie to open the hub: a cookie connection
/// must come from the portal's own origin. Anonymous and API-key connections may come from anywhere.
/// </summary>
public sealed class CookieOriginTests(StatusHubServer server) : IClassFixture<StatusHubServer>
{
    private const string Evil = "https://evil.example";

    [Theory]
    [InlineData(HttpTransportType.WebSockets, true)]
    [InlineData(HttpTransportType.WebSockets, false)]
    [InlineData(HttpTransportType.ServerSentEvents, false)]
    [InlineData(HttpTransportType.LongPolling, false)]
    public async Task RefusesACookieConnectionFromAnotherOrigin(HttpTransportType transport, bool skipNegotiation)
    {
        using var dealer = await DealerAsync();
        await using var connection = Build(dealer, Evil, transport, skipNegotiation);

        await Assert.ThrowsAnyAsync<Exception>(() => connection.StartAsync());

        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    [Fact]
    public async Task AcceptsACookieConnectionFromThePortalsOwnOrigin()
    {
        using var dealer = await DealerAsync();
        await using var connection = Build(dealer, server.Address.GetLeftPart(UriPartial.Authority), HttpTransportType.WebSockets, false);

        await connection.StartAsync();

        var snapshot = await connection.InvokeAsync<JsonElement>("GetSnapshot");
        Assert.Contains("retailer-vehicle-ordering", snapshot.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptsAnonymousAndApiKeyConnectionsFromAnyOrigin()
    {
        await using var anonymous = Build(null, Evil, HttpTransportType.WebSockets, false);
        await anonymous.StartAsync();
        var publicSnapshot = await anonymous.InvokeAsync<JsonElement>("GetSnapshot");
        Assert.DoesNotContain("retailer-vehicle-ordering", publicSnapshot.GetRawText(), StringComparison.Ordinal);

        await using var program = Build(null, Evil, HttpTransportType.WebSockets, false, server.RetailersKey);
        await program.StartAsync();
        var retailersSnapshot = await program.InvokeAsync<JsonElement>("GetSnapshot");
        Assert.Contains("retailer-vehicle-ordering", retailersSnapshot.GetRawText(), StringComparison.Ordinal);
    }

    private async Task<Visitor> DealerAsync()
    {
        var email = $"dealer-{Guid.NewGuid():N}@dealer.example";
        await server.App.CreateViewerAsync(email, "retailers");
        return await Visitor.SignedInAsync(server.Address, email);
    }

    private HubConnection Build(Visitor? visitor, string origin, HttpTransportType transport, bool skipNegotiation, string? apiKey = null) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(server.Address, "/hubs/status"), transport, options =>
            {
                if (visitor is not null)
                {
                    options.Cookies = visitor.Cookies;
                }

                if (apiKey is not null)
                {
                    options.AccessTokenProvider = () => Task.FromResult<string?>(apiKey);
                }

                options.Headers["Origin"] = origin;
                options.SkipNegotiation = skipNegotiation;
            })
            .Build();
}
