using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Features.ApiClients;
using Portal.Core.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Hubs;

/// <summary>The status hub over a real Kestrel port, through the official .NET client.</summary>
public sealed class StatusHubTests(StatusHubServer server) : IClassFixture<StatusHubServer>
{
    private IServiceProvider Services => server.Services;

    [Fact]
    public async Task DeliversEveryEventTypeToItsAudienceAsCamelCaseJson()
    {
        await using var suppliers = await HubTestClient.ConnectAsync(server.Address, server.SuppliersKey);
        var marker = StatusHubServer.Marker();

        await Services.SuppliersOnlyAsync(marker);
        var last = await Services.CurrentSequenceAsync();
        await suppliers.WaitForSequenceAsync(last);

        var received = suppliers.Received;
        Assert.All(HubChanges.EveryType, type => Assert.Contains(received, e => HubTestClient.Type(e) == type));
        foreach (var message in received)
        {
            Assert.Equal(["audiences", "data", "occurredAt", "sequence", "type"],
                message.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            Assert.Equal(JsonValueKind.Object, message.GetProperty("data").ValueKind);
            Assert.True(DateTimeOffset.TryParse(message.GetProperty("occurredAt").GetString(), out _));
            Assert.Equal(["suppliers"], message.GetProperty("audiences").EnumerateArray().Select(a => a.GetString()));
        }

        var sequences = received.Select(HubTestClient.Sequence).ToList();
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
    }

    [Fact]
    public async Task PublicAndRetailerConnectionsReceiveNothingOfASuppliersOnlyChange()
    {
        await using var anonymous = await HubTestClient.ConnectAsync(server.Address);
        await using var retailers = await HubTestClient.ConnectAsync(server.Address, server.RetailersKey);
        await using var suppliers = await HubTestClient.ConnectAsync(server.Address, server.SuppliersKey);
        var marker = StatusHubServer.Marker();

        await Services.SuppliersOnlyAsync(marker);
        var barrier = await Services.PublicChangeAsync($"Everybody {StatusHubServer.Marker()}");
        await Task.WhenAll(
            anonymous.WaitForSequenceAsync(barrier),
            retailers.WaitForSequenceAsync(barrier),
            suppliers.WaitForSequenceAsync(barrier));

        var suppliersOnly = suppliers.Received.Where(e => e.GetRawText().Contains(marker, StringComparison.Ordinal))
            .Select(HubTestClient.Sequence).ToHashSet();
        Assert.All(HubChanges.EveryType, type => Assert.Contains(suppliers.Received,
            e => HubTestClient.Type(e) == type && e.GetRawText().Contains(marker, StringComparison.Ordinal)));

        foreach (var other in new[] { anonymous, retailers })
        {
            Assert.DoesNotContain(marker, other.ReceivedJson, StringComparison.Ordinal);
            Assert.DoesNotContain(other.Received, e => suppliersOnly.Contains(HubTestClient.Sequence(e)));
            Assert.All(other.Received, e => Assert.DoesNotContain("suppliers",
                e.GetProperty("audiences").EnumerateArray().Select(a => a.GetString())));
        }

        Assert.Contains(anonymous.Received, e => HubTestClient.Sequence(e) == barrier);
        Assert.Equal(["public"], anonymous.Received.Single(e => HubTestClient.Sequence(e) == barrier)
            .GetProperty("audiences").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task AClientCannotJoinAnotherAudience()
    {
        await using var sneaky = await HubTestClient.ConnectAsync(server.Address, query: "?audience=suppliers&group=audiences:public%2Bsuppliers");
        foreach (var method in new[] { "JoinGroup", "Subscribe", "AddToGroupAsync" })
        {
            await Assert.ThrowsAsync<HubException>(() => sneaky.Connection.InvokeAsync(method, "audiences:public+suppliers"));
        }

        var marker = StatusHubServer.Marker();
        await Services.SuppliersOnlyAsync(marker);
        await sneaky.WaitForSequenceAsync(await Services.PublicChangeAsync("Barrier"));

        Assert.DoesNotContain(marker, sneaky.ReceivedJson, StringComparison.Ordinal);
        var snapshot = await sneaky.Connection.InvokeAsync<JsonElement>("GetSnapshot");
        Assert.DoesNotContain("supplier-payments", snapshot.GetRawText(), StringComparison.Ordinal);
        var resumed = await sneaky.Connection.InvokeAsync<JsonElement>("Resume", 0L);
        Assert.DoesNotContain(marker, resumed.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusesAnUnknownOrRevokedKeyInsteadOfServingItAsPublic()
    {
        var key = await Services.IssueKeyAsync("Retired dealer system", "retailers");
        var id = (await Services.UseCase<FindApiClientByKey>().HandleAsync(key))!.Id;
        await Services.UseCase<RevokeApiClientKey>().HandleAsync(id, Actors.Admin);

        foreach (var refused in new[] { key, "esp_not-a-key-anyone-issued" })
        {
            await using var connection = HubTestClient.Build(server.Address, refused);
            var problem = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
            Assert.Equal(HttpStatusCode.Unauthorized, problem.StatusCode);
        }
    }

    [Fact]
    public async Task AcceptsTheKeyAsAnAccessTokenInTheQueryStringAsBrowsersSendItOverWebSockets()
    {
        using var http = new HttpClient { BaseAddress = server.Address };

        var accepted = await http.PostAsync($"/hubs/status/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString(server.RetailersKey)}", null);
        var refused = await http.PostAsync("/hubs/status/negotiate?negotiateVersion=1&access_token=esp_wrong", null);
        var anonymous = await http.PostAsync("/hubs/status/negotiate?negotiateVersion=1", null);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
    }

    [Fact]
    public async Task SnapshotThenEventsThenResumeAppliesEveryChangeExactlyOnceInOrder()
    {
        var applied = new List<long>();
        var board = new Dictionary<long, string>();

        // Snapshot, then live events.
        var first = await HubTestClient.ConnectAsync(server.Address, server.SuppliersKey);
        var snapshot = await first.Connection.InvokeAsync<JsonElement>("GetSnapshot");
        var snapshotSequence = snapshot.GetProperty("sequence").GetInt64();
        Assert.Contains("supplier-payments", snapshot.GetRawText(), StringComparison.Ordinal);
        var lastApplied = snapshotSequence;

        await Services.PublicChangeAsync("While connected");
        var live = await first.WaitForSequenceAsync(await Services.CurrentSequenceAsync());
        foreach (var message in first.Received.Where(m => HubTestClient.Sequence(m) > lastApplied))
        {
            applied.Add(HubTestClient.Sequence(message));
            lastApplied = HubTestClient.Sequence(message);
        }

        // Drop the connection; changes are committed while the client is away.
        await first.DisposeAsync();
        await Services.SuppliersOnlyAsync(StatusHubServer.Marker());
        await Services.PublicChangeAsync("While away");

        // Reconnect: live events are held until the resume has been applied.
        await using var second = await HubTestClient.ConnectAsync(server.Address, server.SuppliersKey);
        var duringResume = await Services.PublicChangeAsync("While resuming");
        await second.WaitForSequenceAsync(duringResume);
        var resumed = await second.Connection.InvokeAsync<JsonElement>("Resume", lastApplied);
        Assert.False(resumed.GetProperty("tooFarBehind").GetBoolean());
        foreach (var message in resumed.GetProperty("events").EnumerateArray().Concat(second.Received))
        {
            var sequence = HubTestClient.Sequence(message);
            if (sequence > lastApplied)
            {
                applied.Add(sequence);
                lastApplied = sequence;
            }
        }

        await using var db = await Services.UseCase<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var expected = (await db.PortalEvents.AsNoTracking().Where(e => e.Sequence > snapshotSequence).OrderBy(e => e.Sequence).ToListAsync())
            .Where(e => e.IsVisibleTo(Viewers.Suppliers.Audiences))
            .Select(e => e.Sequence)
            .ToList();
        Assert.Equal(expected, applied);
        Assert.True(HubTestClient.Sequence(live) > snapshotSequence);
    }

    [Fact]
    public async Task ResumeSaysWhenTheClientIsTooFarBehind()
    {
        await using var client = await HubTestClient.ConnectAsync(server.Address);
        var current = await Services.CurrentSequenceAsync();

        foreach (var unknown in new[] { -1L, current + 1_000 })
        {
            var resumed = await client.Connection.InvokeAsync<JsonElement>("Resume", unknown);
            Assert.True(resumed.GetProperty("tooFarBehind").GetBoolean());
            Assert.Empty(resumed.GetProperty("events").EnumerateArray());
        }
    }

    [Fact]
    public async Task RefusesCallsBeyondTheRateLimit()
    {
        await using var client = await HubTestClient.ConnectAsync(server.Address);
        var current = await Services.CurrentSequenceAsync();

        HubException? refused = null;
        for (var call = 0; call < 200 && refused is null; call++)
        {
            try
            {
                await client.Connection.InvokeAsync<JsonElement>("Resume", current);
            }
            catch (HubException problem)
            {
                refused = problem;
            }
        }

        Assert.NotNull(refused);
        Assert.Contains("Too many calls", refused.Message, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Connected, client.Connection.State);
    }

    [Fact]
    public async Task ClosesAConnectionThatSendsAnOversizedMessage()
    {
        await using var client = await HubTestClient.ConnectAsync(server.Address);

        await Assert.ThrowsAnyAsync<Exception>(() => client.Connection.InvokeAsync<JsonElement>("Resume", new string('9', 64 * 1024)));

        await client.Closed.WaitAsync(HubTestClient.Patience);
        Assert.Equal(HubConnectionState.Disconnected, client.Connection.State);
    }
}
