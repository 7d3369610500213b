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
}
