using System.Text.Json;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Consumers;
using Portal.Core.Features.Webhooks;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Webhooks;

public sealed class WebhookDeliveryTests : IAsyncLifetime
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

    [Fact]
    public async Task SignsEachMessageSoThatAReceiverWrittenFromTheSpecificationVerifiesIt()
    {
        var endpoint = (await _portal.RegisterAsync(_receiver, "erp", ["public"])).Endpoint;
        await _portal.StartConsumersAsync();

        await _portal.PublishStatementAsync("Payments resume today", "public");
        var received = await _receiver.NextAsync();

        Assert.True(received.IsValid, received.Problem);
        var sequence = _portal.Events.LastPublishedSequence;
        Assert.Equal($"evt_{sequence}_{endpoint.Id}", received.Id);
        Assert.Equal(_portal.Clock.GetUtcNow().ToUnixTimeSeconds(), received.Timestamp);
        Assert.StartsWith("application/json", received.ContentType);
        using var body = JsonDocument.Parse(received.Body);
        Assert.Equal(sequence, body.RootElement.GetProperty("sequence").GetInt64());
        Assert.Equal(PortalEventTypes.StatementPublished, body.RootElement.GetProperty("type").GetString());
        Assert.Equal(_portal.Clock.GetUtcNow(), body.RootElement.GetProperty("occurredAt").GetDateTimeOffset());
        Assert.Equal(["public"], body.RootElement.GetProperty("audiences").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("Payments resume today", body.RootElement.GetProperty("data").GetProperty("title").GetString());

        var delivery = Assert.Single(await _portal.WaitForDeliveriesAsync(d => d.All(x => x.Status != WebhookDeliveryStatus.Pending)));
        Assert.Equal((WebhookDeliveryStatus.Delivered, 204, 1), (delivery.Status, delivery.LastResponseCode, delivery.Attempts));
    }

    [Fact]
    public async Task SendsARetailersOnlyStatementToARetailersEndpointAndNotToAPublicOne()
    {
        var retailers = (await _portal.RegisterAsync(_receiver, "dealer", ["retailers"])).Endpoint;
        var everyone = (await _portal.RegisterAsync(_receiver, "newsroom", ["public"])).Endpoint;
        await _portal.StartConsumersAsync();

        await _portal.PublishStatementAsync("Register vehicles later: dealer workaround", "retailers");
        await _portal.PublishStatementAsync("Restart progressing", "public");
        await _receiver.WaitForAsync(all => all.Count(r => r.Endpoint == "dealer") == 2 && all.Any(r => r.Endpoint == "newsroom"));
        await _portal.WaitForDeliveriesAsync(d => d.Count == 3 && d.All(x => x.Status == WebhookDeliveryStatus.Delivered));

        Assert.All(_receiver.Received, r => Assert.True(r.IsValid, r.Problem));
        var toNewsroom = Assert.Single(_receiver.At("newsroom"));
        Assert.Contains("Restart progressing", toNewsroom.Body);
        Assert.DoesNotContain("dealer workaround", toNewsroom.Body);
        Assert.Contains(_receiver.At("dealer"), r => r.Body.Contains("dealer workaround") && r.Body.Contains("\"audiences\":[\"retailers\"]"));
        Assert.NotEqual(retailers.Id, everyone.Id);
    }

    [Fact]
    public async Task DisablesAnEndpointThatAnswersGoneAndSendsItNothingMore()
    {
        var gone = (await _portal.RegisterAsync(_receiver, "old-erp", ["public"])).Endpoint;
        _receiver.Answers["old-erp"] = new WebhookAnswer(410);
        await _portal.StartConsumersAsync();

        await _portal.PublishStatementAsync("First update", "public");
        await _portal.WaitForDeliveriesAsync(d => d.Any(x => x.Status == WebhookDeliveryStatus.Failed));
        await _portal.PublishStatementAsync("Second update", "public");
        var last = _portal.Events.LastPublishedSequence;
        await _portal.Get<EventConsumerHost>().Runner("webhooks").WaitAsync(r => r.FinishedSequence >= last);

        var endpoint = await _portal.EndpointAsync(gone.Id);
        Assert.False(endpoint.IsEnabled);
        Assert.Contains("410", endpoint.DisabledReason);
        Assert.Single(_receiver.Received);
        var (_, audit) = await _portal.RecordedAsync();
        Assert.Contains(audit, a => a.Action == "webhook.disabled" && a.ActorName == Actor.System.Name);
        var listed = Assert.Single((await _portal.Get<GetWebhookEndpoints>().HandleAsync(Actors.Admin)).Endpoints);
        Assert.Equal((false, 1), (listed.IsEnabled, listed.Failing));
    }

    [Fact]
    public async Task RetriesOnTheScheduleWithJitterThenDisablesAnEndpointThatFailedThroughout()
    {
        // Only statements: the days the clock is moved on start and end the seeded maintenance windows,
        // whose events would otherwise add deliveries of their own.
        var failing = (await _portal.RegisterAsync(_receiver, "broken", ["public"], PortalEventTypes.StatementPublished)).Endpoint;
        _receiver.Answers["broken"] = new WebhookAnswer(500);
        await _portal.StartConsumersAsync();
        await _portal.PublishStatementAsync("Payroll runs on Friday", "public");

        for (var attempt = 1; attempt <= WebhookDelivery.MaxAttempts; attempt++)
        {
            var expected = attempt;
            var delivery = Assert.Single(await _portal.WaitForDeliveriesAsync(d => d.Count == 1 && d[0].Attempts == expected));
            Assert.Equal(500, delivery.LastResponseCode);
            if (attempt == WebhookDelivery.MaxAttempts)
            {
                Assert.Equal(WebhookDeliveryStatus.Failed, delivery.Status);
                break;
            }

            var wait = delivery.NextAttemptAt!.Value - delivery.LastAttemptAt!.Value;
            var scheduled = WebhookDelivery.RetryDelays[attempt - 1];
            Assert.InRange(wait, scheduled * 0.9, scheduled * 1.1);
            _portal.Clock.Advance(delivery.NextAttemptAt.Value - _portal.Clock.GetUtcNow());
        }

        Assert.Equal(WebhookDelivery.MaxAttempts, _receiver.Received.Count);
        Assert.Single(_receiver.Received.Select(r => r.Id).Distinct());
        var endpoint = await _portal.EndpointAsync(failing.Id);
        Assert.False(endpoint.IsEnabled);
        Assert.Contains("Failed every attempt", endpoint.DisabledReason);

        // Whoever registered it is told, once (after the commit that disabled it).
        await _portal.Get<OwnerNoticeRecorder>().First.WaitAsync(TimeSpan.FromSeconds(30));
        var notice = Assert.Single(_portal.OwnerNotices());
        Assert.Equal((Actors.Admin.Name, "broken organisation"), (notice.Owner, notice.Organisation));
        Assert.Contains("Failed every attempt", notice.Reason);
    }

    [Fact]
    public async Task SignsSoThatTheStandardWebhooksLibraryVerifiesTheMessage()
    {
        // The library checks the timestamp against the real clock.
        _portal.Clock.SetUtcNow(DateTimeOffset.UtcNow);
        // Only statements: moving the clock to today may start or end seeded maintenance windows, whose events would come first.
        var registered = await _portal.RegisterAsync(_receiver, "library", ["suppliers"], PortalEventTypes.StatementPublished);
        await _portal.StartConsumersAsync();

        await _portal.PublishStatementAsync("Supplier invoices are being paid", "suppliers");
        var received = await _receiver.NextAsync();

        new StandardWebhooks.StandardWebhook(registered.Secret!).Verify(received.Body, received.Headers);
        var tampered = received.Body.Replace("being paid", "not paid", StringComparison.Ordinal);
        Assert.ThrowsAny<Exception>(() => new StandardWebhooks.StandardWebhook(registered.Secret!).Verify(tampered, received.Headers));
    }

    [Fact]
    public async Task WaitsAsLongAsABusyReceiverAsksWithRetryAfter()
    {
        await _portal.RegisterAsync(_receiver, "busy", ["public"]);
        _receiver.Answers["busy"] = new WebhookAnswer(503, RetryAfter: "3600");
        await _portal.StartConsumersAsync();

        await _portal.PublishStatementAsync("Ordering is back", "public");
        var delivery = Assert.Single(await _portal.WaitForDeliveriesAsync(d => d.Count == 1 && d[0].Attempts == 1));

        Assert.Equal(TimeSpan.FromHours(1), delivery.NextAttemptAt - delivery.LastAttemptAt);
        Assert.Equal(503, delivery.LastResponseCode);
    }

    [Fact]
    public async Task ASlowReceiverHoldsUpNobodyElse()
    {
        var hold = new TaskCompletionSource();
        await _portal.RegisterAsync(_receiver, "slow", ["public"]);
        await _portal.RegisterAsync(_receiver, "fast", ["public"]);
        _receiver.Answers["slow"] = new WebhookAnswer(204, Hold: hold);
        await _portal.StartConsumersAsync();

        await _portal.PublishStatementAsync("First", "public");
        await _portal.PublishStatementAsync("Second", "public");

        // The slow endpoint has its first message and is still answering; the fast one has both.
        await _receiver.WaitForAsync(all => all.Count(r => r.Endpoint == "fast") == 2 && all.Any(r => r.Endpoint == "slow"));
        await _portal.WaitForDeliveriesAsync(d => d.Count(x => x.Status == WebhookDeliveryStatus.Delivered) == 2);
        Assert.Single(_receiver.At("slow"));

        hold.SetResult();
        await _portal.WaitForDeliveriesAsync(d => d.Count == 4 && d.All(x => x.Status == WebhookDeliveryStatus.Delivered));
    }

    [Fact]
    public async Task StopsSendingAnAudienceTheMomentTheEndpointLosesIt()
    {
        var dealer = (await _portal.RegisterAsync(_receiver, "dealer", ["retailers"])).Endpoint;
        _receiver.Answers["dealer"] = new WebhookAnswer(503);
        await _portal.StartConsumersAsync();
        await _portal.PublishStatementAsync("Retailer finance update", "retailers");
        await _portal.WaitForDeliveriesAsync(d => d.Count == 1 && d[0].Attempts == 1);

        await _portal.Get<ChangeWebhookEndpoint>().HandleAsync(
            new ChangeWebhookEndpointRequest(dealer.Id, dealer.Organisation, dealer.Url, ["public"], []), Actors.Admin);
        _receiver.Answers["dealer"] = new WebhookAnswer(204);
        _portal.Clock.Advance(TimeSpan.FromSeconds(6));

        var delivery = Assert.Single(await _portal.WaitForDeliveriesAsync(d => d.Count == 1 && d[0].Status != WebhookDeliveryStatus.Pending));
        Assert.Equal(WebhookDeliveryStatus.Cancelled, delivery.Status);
        Assert.Single(_receiver.Received);
    }

    [Fact]
    public async Task SignsWithBothSecretsWhileASecretIsRotated()
    {
        var registered = await _portal.RegisterAsync(_receiver, "erp", ["public"]);
        var rotated = await _portal.Get<RotateWebhookSecret>().HandleAsync(registered.Endpoint.Id, Actors.Admin);
        _receiver.Secrets["erp"] = [registered.Secret!, rotated.Secret!];
        await _portal.StartConsumersAsync();

        await _portal.PublishStatementAsync("During the rotation", "public");
        var during = await _receiver.NextAsync();
        _portal.Clock.Advance(TimeSpan.FromHours(25));
        await _portal.PublishStatementAsync("After the rotation", "public");
        var after = await _receiver.NextAsync();

        Assert.NotEqual(registered.Secret, rotated.Secret);
        Assert.Equal([0, 1], during.MatchedSecrets);
        Assert.Equal([1], after.MatchedSecrets);
        Assert.True(after.IsValid, after.Problem);
    }

    [Fact]
    public async Task SendsADeliveryAgainWithTheSameIdAndListsFailuresFirst()
    {
        var erp = (await _portal.RegisterAsync(_receiver, "erp", ["public"])).Endpoint;
        await _portal.StartConsumersAsync();
        await _portal.PublishStatementAsync("Delivered", "public");
        await _portal.WaitForDeliveriesAsync(d => d.Count == 1 && d[0].Status == WebhookDeliveryStatus.Delivered);
        _receiver.Answers["erp"] = new WebhookAnswer(500);
        await _portal.PublishStatementAsync("Failing", "public");
        await _portal.WaitForDeliveriesAsync(d => d.Count == 2 && d[1].Attempts == 1);

        var listed = await _portal.Get<GetWebhookDeliveries>().HandleAsync(erp.Id, Actors.Admin);
        Assert.Equal([true, false], listed.Select(d => d.IsFailing));

        var first = _receiver.Received.First();
        _receiver.Answers["erp"] = new WebhookAnswer(204);
        await _portal.Get<SendWebhookDeliveryAgain>().HandleAsync(listed[1].Id, Actors.Admin);
        await _receiver.WaitForAsync(all => all.Count(r => r.Id == first.Id) == 2);
    }
}
