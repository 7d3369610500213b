using System.Text.Json;
using Portal.Core.Domain;
using Portal.Core.Features.Systems;
using Portal.Core.Features.Webhooks;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Webhooks;

public sealed class ChatWebhookTests : IAsyncLifetime
{
    private TestPortal _portal = null!;
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _portal = await WebhookPortal.StartAsync();
        _receiver = await WebhookReceiver.StartAsync(_portal.Clock);
    }

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private Task<WebhookEndpointWithSecret> RegisterAsync(string name, WebhookKind kind, params string[] audiences) =>
        _portal.Get<RegisterWebhookEndpoint>().HandleAsync(
            new RegisterWebhookEndpointRequest($"{name} channel", _receiver.Url(name), audiences, [], kind), Actors.Admin);

    [Fact]
    public async Task PostsATeamsAdaptiveCardThatLinksBackToThePortal()
    {
        var registered = await RegisterAsync("teams", WebhookKind.Teams, "public");
        Assert.Null(registered.Secret);
        await _portal.StartConsumersAsync();

        await _portal.Get<ChangeSystemStatus>().HandleAsync(
            new ChangeSystemStatusRequest("westgate-plant", SystemStatus.Restoring, "Engine line checks under way"), Actors.Operator);
        var received = await _receiver.NextAsync();

        Assert.Equal("teams", received.Endpoint);
        Assert.StartsWith("application/json", received.ContentType);
        using var json = JsonDocument.Parse(received.Body);
        var message = json.RootElement;
        Assert.Equal("message", message.GetProperty("type").GetString());
        var attachment = Assert.Single(message.GetProperty("attachments").EnumerateArray());
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        var card = attachment.GetProperty("content");
        Assert.Equal("AdaptiveCard", card.GetProperty("type").GetString());
        Assert.Equal("1.4", card.GetProperty("version").GetString());
        var texts = card.GetProperty("body").EnumerateArray().Select(b => (b.GetProperty("type").GetString(), b.GetProperty("text").GetString())).ToList();
        Assert.Equal(("TextBlock", "Westgate engine plant manufacturing execution: Restoring"), texts[0]);
        Assert.Contains("Engine line checks under way", texts[1].Item2);
        var action = Assert.Single(card.GetProperty("actions").EnumerateArray());
        Assert.Equal("Action.OpenUrl", action.GetProperty("type").GetString());
        Assert.Equal("http://localhost/systems/westgate-plant", action.GetProperty("url").GetString());
    }

    [Fact]
    public async Task PostsSlackBlocksThatLinkBackToThePortal()
    {
        await RegisterAsync("slack", WebhookKind.Slack, "retailers");
        await _portal.StartConsumersAsync();

        var id = await _portal.PublishStatementAsync("Register vehicles later", "retailers");
        var received = await _receiver.NextAsync();

        using var json = JsonDocument.Parse(received.Body);
        var message = json.RootElement;
        Assert.Equal("Statement: Register vehicles later: Register vehicles later: details follow.", message.GetProperty("text").GetString());
        var blocks = message.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal(["header", "section", "actions"], blocks.Select(b => b.GetProperty("type").GetString()));
        Assert.Equal("plain_text", blocks[0].GetProperty("text").GetProperty("type").GetString());
        Assert.Equal("Statement: Register vehicles later", blocks[0].GetProperty("text").GetProperty("text").GetString());
        Assert.Equal("mrkdwn", blocks[1].GetProperty("text").GetProperty("type").GetString());
        Assert.Equal("Register vehicles later: details follow.", blocks[1].GetProperty("text").GetProperty("text").GetString());
        var button = Assert.Single(blocks[2].GetProperty("elements").EnumerateArray());
        Assert.Equal("button", button.GetProperty("type").GetString());
        Assert.Equal($"http://localhost/statements/{id}", button.GetProperty("url").GetString());
    }

    [Fact]
    public async Task TellsAChannelOnlyWhatItsAudiencesMaySeeAndOnlyWhatPeopleActOn()
    {
        await RegisterAsync("suppliers", WebhookKind.Slack, "suppliers");
        await RegisterAsync("public", WebhookKind.Teams, "public");
        await _portal.StartConsumersAsync();

        await _portal.PublishStatementAsync("Dealer workaround for registrations", "retailers");
        await _portal.PublishStatementAsync("Supplier payments resume", "suppliers");
        await _receiver.WaitForAsync(r => r.Count >= 1);
        await _portal.WaitForDeliveriesAsync(d => d.Count > 0 && d.All(x => x.Status != WebhookDeliveryStatus.Pending));

        var received = Assert.Single(_receiver.Received);
        Assert.Equal("suppliers", received.Endpoint);
        Assert.Contains("Supplier payments resume", received.Body);
        Assert.DoesNotContain("Dealer workaround", string.Concat(_receiver.Received.Select(r => r.Body)));
    }

    [Fact]
    public async Task StoresATeamsOrSlackAddressSealedAndShowsItOnlyMasked()
    {
        var registered = await RegisterAsync("slack-secret-path", WebhookKind.Slack, "public");
        var masked = registered.Endpoint.Url;

        Assert.DoesNotContain("slack-secret-path", masked, StringComparison.Ordinal);
        Assert.EndsWith("/…", masked, StringComparison.Ordinal);
        await using (var db = _portal.NewDbContext())
        {
            var stored = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.WebhookEndpoints);
            Assert.Equal(masked, stored.Url);
            Assert.DoesNotContain("slack-secret-path", stored.SealedUrl ?? "", StringComparison.Ordinal);
            Assert.DoesNotContain("/slack-secret-path", string.Concat(db.AuditEntries.Select(a => a.After)), StringComparison.Ordinal);
        }

        // Changed without an address, it keeps the sealed one and still posts to it.
        await _portal.Get<ChangeWebhookEndpoint>().HandleAsync(
            new ChangeWebhookEndpointRequest(registered.Endpoint.Id, "Renamed channel", "", ["public"], []), Actors.Admin);
        await _portal.StartConsumersAsync();
        await _portal.Get<ChangeSystemStatus>().HandleAsync(
            new ChangeSystemStatusRequest("westgate-plant", SystemStatus.Restoring, "Engine line checks under way"), Actors.Operator);
        var received = await _receiver.NextAsync();
        Assert.Equal("slack-secret-path", received.Endpoint);
    }

    [Fact]
    public async Task PostsMaintenanceStartsAndPhaseChangesAsReadableMessages()
    {
        await RegisterAsync("teams", WebhookKind.Teams, "public");
        await _portal.StartConsumersAsync();
        var now = _portal.Clock.GetUtcNow();

        await _portal.Get<Portal.Core.Features.MaintenanceWindows.ScheduleMaintenance>().HandleAsync(
            new Portal.Core.Features.MaintenanceWindows.ScheduleMaintenanceRequest(
                "Parts warehouse move", "Orders queue and ship afterwards.", now.AddHours(1), now.AddHours(2), ["public"], []), Actors.Operator);
        Assert.Equal("Maintenance planned: Parts warehouse move", Heading(await _receiver.NextAsync()));
        _portal.Clock.Advance(TimeSpan.FromHours(1));
        await _portal.Get<Portal.Core.Features.MaintenanceWindows.AnnounceMaintenanceTimes>().HandleAsync();
        var started = await _receiver.NextAsync();
        Assert.Equal("Maintenance started: Parts warehouse move", Heading(started));
        Assert.Contains("Orders queue and ship afterwards.", started.Body, StringComparison.Ordinal);

        int phase;
        await using (var db = _portal.NewDbContext())
        {
            phase = db.RestartPhases.Where(p => p.Number == 5).Select(p => p.Id).Single();
        }

        await _portal.Get<Portal.Core.Features.Phases.ChangeRestartPhaseState>().HandleAsync(
            new Portal.Core.Features.Phases.ChangeRestartPhaseStateRequest(phase, RestartPhaseState.InProgress), Actors.Operator);
        var phaseMessage = await _receiver.NextAsync();
        Assert.Equal("Restart phase 5: Sales and retail systems", Heading(phaseMessage));
        Assert.Contains("The phase is in progress.", phaseMessage.Body, StringComparison.Ordinal);
    }

    private static string? Heading(ReceivedWebhook received)
    {
        using var json = JsonDocument.Parse(received.Body);
        return json.RootElement.GetProperty("attachments")[0].GetProperty("content").GetProperty("body")[0].GetProperty("text").GetString();
    }
}
