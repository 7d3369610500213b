using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Features.Systems;
using Portal.Core.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Hubs;

/// <summary>
/// What a viewer is told about sequences and missed events reveals nothing their audiences may not
/// see: neither that a hidden change happened, nor what an item taken away from them has become.
/// </summary>
public sealed class HiddenChangesTests(StatusHubServer server) : IClassFixture<StatusHubServer>
{
    private IServiceProvider Services => server.Services;

    [Fact]
    public async Task ARetailersOnlyChangeMovesNeitherTheAnonymousETagNorTheHubsCurrentSequence()
    {
        using var http = new HttpClient { BaseAddress = server.Address };
        await using var anonymous = await HubTestClient.ConnectAsync(server.Address);
        await Services.PublicChangeAsync($"Public change {StatusHubServer.Marker()}");
        var etagBefore = (await http.GetAsync("/api/v2/summary.json")).Headers.ETag;
        var snapshotBefore = await SnapshotSequenceAsync(anonymous);
        var resumedBefore = await anonymous.Connection.InvokeAsync<JsonElement>("Resume", snapshotBefore);

        await ChangeRetailersOnlySystemAsync();

        var etagAfter = (await http.GetAsync("/api/v2/summary.json")).Headers.ETag;
        Assert.NotNull(etagBefore);
        Assert.Equal(etagBefore, etagAfter);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/v2/summary.json");
        conditional.Headers.IfNoneMatch.Add(etagBefore);
        Assert.Equal(HttpStatusCode.NotModified, (await http.SendAsync(conditional)).StatusCode);
        Assert.Equal(snapshotBefore, await SnapshotSequenceAsync(anonymous));
        var resumedAfter = await anonymous.Connection.InvokeAsync<JsonElement>("Resume", snapshotBefore);
        Assert.Equal(resumedBefore.GetProperty("currentSequence").GetInt64(), resumedAfter.GetProperty("currentSequence").GetInt64());
        Assert.Empty(resumedAfter.GetProperty("events").EnumerateArray());
        Assert.False(resumedAfter.GetProperty("tooFarBehind").GetBoolean());

        await using var retailers = await HubTestClient.ConnectAsync(server.Address, server.RetailersKey);
        Assert.True(await SnapshotSequenceAsync(retailers) > snapshotBefore);
    }

    [Fact]
    public async Task ResumeHandsOutNothingAboutASystemTakenAwayFromTheCallersAudiences()
    {
        var marker = StatusHubServer.Marker();
        var before = await Services.CurrentSequenceAsync();
        var system = await SystemAsync("dealer-system-integration");

        await UpdateAudiencesAsync(system, $"Dealer integration {marker}", $"Dealer links {marker}", ["retailers", "suppliers"]);
        await UpdateAudiencesAsync(system, system.Name, system.Description, ["retailers"]);

        await using var suppliers = await HubTestClient.ConnectAsync(server.Address, server.SuppliersKey);
        foreach (var after in new[] { 0L, before })
        {
            var resumed = await suppliers.Connection.InvokeAsync<JsonElement>("Resume", after);
            Assert.DoesNotContain(marker, resumed.GetRawText(), StringComparison.Ordinal);
            Assert.True(resumed.GetProperty("tooFarBehind").GetBoolean());
        }

        var snapshot = await suppliers.Connection.InvokeAsync<JsonElement>("GetSnapshot");
        Assert.DoesNotContain(marker, snapshot.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("dealer-system-integration", snapshot.GetRawText(), StringComparison.Ordinal);

        // Retailers may still see it: their missed events are handed out as before.
        await using var retailers = await HubTestClient.ConnectAsync(server.Address, server.RetailersKey);
        var theirs = await retailers.Connection.InvokeAsync<JsonElement>("Resume", before);
        Assert.False(theirs.GetProperty("tooFarBehind").GetBoolean());
        Assert.Contains(marker, theirs.GetRawText(), StringComparison.Ordinal);
    }

    private static async Task<long> SnapshotSequenceAsync(HubTestClient client) =>
        (await client.Connection.InvokeAsync<JsonElement>("GetSnapshot")).GetProperty("sequence").GetInt64();

    private async Task ChangeRetailersOnlySystemAsync()
    {
        var system = await SystemAsync("retailer-vehicle-ordering");
        var next = system.Status == SystemStatus.Degraded ? SystemStatus.Offline : SystemStatus.Degraded;
        await Services.UseCase<ChangeSystemStatus>().HandleAsync(
            new ChangeSystemStatusRequest(system.Slug, next, "Ordering queue slow", null), Actors.Operator);
    }

    private async Task<EstateSystem> SystemAsync(string slug)
    {
        await using var db = await Services.UseCase<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.EstateSystems.AsNoTracking().SingleAsync(s => s.Slug == slug);
    }

    private Task UpdateAudiencesAsync(EstateSystem system, string name, string description, IReadOnlyList<string> audiences) =>
        Services.UseCase<UpdateSystem>().HandleAsync(
            new UpdateSystemRequest(system.Slug, name, description, system.GroupId, system.DisplayOrder, audiences, system.RestartPhaseId),
            Actors.Admin);
}
