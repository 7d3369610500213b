using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Core.Domain;
using Portal.Core.Events.Consumers;
using Portal.Core.Features.ApiClients;
using Portal.Core.Features.Feeds;
using Portal.Core.Features.Statements;
using Portal.Core.Features.Webhooks;
using Portal.Tests.Support;

namespace Portal.Tests.Isolation;

/// <summary>
/// The leak test over the channels that reach people who are not looking: a Retailers-only statement
/// reaches a retailer's webhook (registered by its program's key) and a retailer's personal feed, and
/// never the public feeds, a public webhook, or a supplier's personal feed.
/// </summary>
public sealed class ChannelIsolationTests : IAsyncLifetime
{
    private readonly PortalWebApp _app = new(new Dictionary<string, string?> { ["Portal:Webhooks:AllowPrivateAddresses"] = "true" });
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync(TimeProvider.System);
        await _app.Get<EventConsumerHost>().Runner(WebhookFanOut.ConsumerName).WaitAsync(r => r.IsActive && r.Passes > 0);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private async Task<int> PublishAsync(string title, params string[] audiences)
    {
        var saved = await _app.Get<SaveStatementDraft>().HandleAsync(
            new SaveStatementDraftRequest(null, title, $"{title}: details follow.", audiences, null, []), WebhookPortal.Communications);
        await _app.Get<BreakGlassPublish>().HandleAsync(new BreakGlassPublishRequest(saved.Id, "Urgent notice"), WebhookPortal.Communications);
        return saved.Id;
    }

    private async Task<string> FeedAsync(string path)
    {
        var response = await _app.AnonymousClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task ARetailersOnlyStatementReachesRetailersWebhooksAndFeedsAndNoOtherChannel()
    {
        const string Restricted = "Dealer-only registration fallback 7Q";
        const string Barrier = "Public barrier statement 7Q";

        var issued = await _app.Get<IssueApiClientKey>().HandleAsync(new IssueApiClientKeyRequest("Northway dealer system", ["retailers"],
            new ApiKeyGrant(new HashSet<string>(StringComparer.Ordinal) { ApiScopes.Read, ApiScopes.WebhooksManage }, [], [], [])), Actors.Admin);
        using var program = _app.CreateClient();
        program.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.Key);
        var created = await program.PostAsJsonAsync("/api/v1/webhooks", new { url = _receiver.Url("dealer") });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using (var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync()))
        {
            _receiver.Secrets["dealer"] = [body.RootElement.GetProperty("secret").GetString()!];
        }

        var newsroom = await _app.Get<RegisterWebhookEndpoint>().HandleAsync(
            new RegisterWebhookEndpointRequest("Newsroom", _receiver.Url("newsroom"), ["public"], []), Actors.Admin);
        _receiver.Secrets["newsroom"] = [newsroom.Secret!];
        await _app.Get<RegisterWebhookEndpoint>().HandleAsync(
            new RegisterWebhookEndpointRequest("Public channel", _receiver.Url("slack"), ["public"], [], WebhookKind.Slack), Actors.Admin);

        var retailer = await _app.CreateViewerAsync("dealer@northway.example", "retailers");
        var supplier = await _app.CreateViewerAsync("clerk@partsco.example", "suppliers");
        var retailerToken = await _app.Get<CreatePersonalFeedToken>().HandleAsync(retailer.Id, new Actor(retailer.Email!, null));
        var supplierToken = await _app.Get<CreatePersonalFeedToken>().HandleAsync(supplier.Id, new Actor(supplier.Email!, null));

        await PublishAsync(Restricted, "retailers");
        await PublishAsync(Barrier, "public");

        // Every endpoint has had the public statement, so each has had everything before it that it was to get.
        await _receiver.WaitForAsync(r => new[] { "dealer", "newsroom", "slack" }.All(name => r.Any(m => m.Endpoint == name && m.Body.Contains(Barrier, StringComparison.Ordinal))));
        Assert.Contains(_receiver.At("dealer"), m => m.IsValid && m.Body.Contains(Restricted, StringComparison.Ordinal));
        Assert.All(_receiver.At("dealer"), m => Assert.True(m.IsValid, m.Problem));
        Assert.DoesNotContain(_receiver.At("newsroom"), m => m.Body.Contains(Restricted, StringComparison.Ordinal));
        Assert.DoesNotContain(_receiver.At("slack"), m => m.Body.Contains(Restricted, StringComparison.Ordinal));

        Assert.Contains(Restricted, await FeedAsync($"/history.atom?token={retailerToken}"));
        Assert.Contains(Restricted, await FeedAsync($"/history.rss?token={retailerToken}"));
        foreach (var path in new[] { "/history.atom", "/history.rss", $"/history.atom?token={supplierToken}", $"/history.rss?token={supplierToken}" })
        {
            var feed = await FeedAsync(path);
            Assert.Contains(Barrier, feed);
            Assert.DoesNotContain(Restricted, feed);
        }
    }
}
