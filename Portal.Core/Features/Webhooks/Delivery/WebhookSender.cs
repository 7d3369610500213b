using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Webhooks;

/// <summary>
/// Sends due webhook deliveries: at most <see cref="WebhookOptions.MaxConcurrentDeliveries"/> at once
/// and one per endpoint, so a slow or failing receiver holds up only itself. Runs on the node that
/// holds the webhooks consumer's lease; woken by new deliveries, by finished attempts, and at the
/// time the next retry is due.
/// </summary>
internal sealed class WebhookSender(
    IDbContextFactory<PortalDbContext> dbFactory,
    WebhookHttp http,
    WebhookActivity activity,
    IOptions<WebhookOptions> options,
    IWebhookSecretProtector protector,
    IPortalPublicAddress portalAddress,
    IWebhookOwnerNotice ownerNotice,
    TimeProvider clock,
    ILogger<WebhookSender> logger)
{
    private static readonly TimeSpan SafetyPoll = TimeSpan.FromSeconds(30);
    private readonly DeliveryWake _wake = new(clock, SafetyPoll);

    public void Wake() => _wake.Wake();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var inFlight = new Dictionary<int, Task>();
        using var subscription = activity.Subscribe(Wake);
        await SealPlainSecretsAsync(cancellationToken);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                foreach (var (endpointId, _) in inFlight.Where(pair => pair.Value.IsCompleted).ToList())
                {
                    inFlight.Remove(endpointId);
                }

                var nextDue = await StartDueAsync(inFlight, cancellationToken);
                await _wake.WaitAsync(inFlight.Values, nextDue, cancellationToken);
            }
        }
        finally
        {
            await Task.WhenAll(inFlight.Values);
        }
    }

    /// <summary>Seals the secrets and Teams or Slack addresses of endpoints registered before they were stored sealed.</summary>
    private async Task SealPlainSecretsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var plain = await db.WebhookEndpoints
            .Where(e => e.Secret.StartsWith(WebhookEndpoint.SecretPrefix) || (e.PreviousSecret != null && e.PreviousSecret.StartsWith(WebhookEndpoint.SecretPrefix))
                || (e.Kind != WebhookKind.StandardWebhooks && e.SealedUrl == null))
            .ToListAsync(cancellationToken);
        if (plain.Count(e => e.SealPlainSecrets(protector)) > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>Starts the earliest due delivery of each idle endpoint; returns when the next one not started is due.</summary>
    private async Task<DateTimeOffset?> StartDueAsync(Dictionary<int, Task> inFlight, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var busy = inFlight.Keys.ToList();
        var waiting = db.WebhookDeliveries.Where(d => d.Status == WebhookDeliveryStatus.Pending && !busy.Contains(d.EndpointId)
            && db.WebhookEndpoints.Any(e => e.Id == d.EndpointId && e.DisabledAt == null));

        var free = options.Value.MaxConcurrentDeliveries - inFlight.Count;
        if (free > 0)
        {
            var due = await waiting.Where(d => d.NextAttemptAt <= now)
                .GroupBy(d => d.EndpointId)
                .Select(g => new { EndpointId = g.Key, Id = g.Min(d => d.Id) })
                .OrderBy(d => d.Id)
                .Take(free)
                .ToListAsync(cancellationToken);
            foreach (var delivery in due)
            {
                inFlight[delivery.EndpointId] = SendAsync(delivery.Id, cancellationToken);
            }

            busy.AddRange(due.Select(d => d.EndpointId));
        }

        return await waiting.Where(d => !busy.Contains(d.EndpointId))
            .OrderBy(d => d.NextAttemptAt)
            .Select(d => d.NextAttemptAt)
            .FirstOrDefaultAsync(cancellationToken);
    }

    private async Task SendAsync(long deliveryId, CancellationToken cancellationToken)
    {
        try
        {
            await AttemptAsync(deliveryId, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the attempt is not recorded, so the delivery stays due and goes again.
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Webhook delivery {Delivery} could not be attempted", deliveryId);
        }
        finally
        {
            Wake();
        }
    }

    private async Task AttemptAsync(long deliveryId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var delivery = await db.WebhookDeliveries.SingleAsync(d => d.Id == deliveryId, cancellationToken);
        var endpoint = await db.WebhookEndpoints.SingleAsync(e => e.Id == delivery.EndpointId, cancellationToken);
        if (delivery.Status != WebhookDeliveryStatus.Pending || !endpoint.IsEnabled)
        {
            return;
        }

        var portalEvent = await db.PortalEvents.AsNoTracking().SingleAsync(e => e.Sequence == delivery.Sequence, cancellationToken);
        var now = clock.GetUtcNow();

        // A program's own endpoint receives as its key: not at all once the key is revoked or expired.
        ApiClient? owner = null;
        if (endpoint.ApiClientId is { } clientId)
        {
            owner = await db.ApiClients.AsNoTracking().SingleAsync(c => c.Id == clientId, cancellationToken);
            if (owner.IsRevoked || owner.IsExpiredAt(now))
            {
                delivery.Cancel("Not sent: the API key that registered the endpoint is revoked or expired.", now);
                Disable(db, endpoint, "The API key that registered it is revoked or expired.", now);
                await db.SaveChangesAsync(CancellationToken.None);
                activity.Notify();
                return;
            }
        }

        // Read again at send time: an endpoint that lost an audience (or the event type) since the
        // delivery was queued, or whose key lost it, does not receive it.
        var audiences = owner is null ? endpoint.Viewer.Audiences : new Viewer(endpoint.Audiences.Intersect(owner.Audiences, StringComparer.Ordinal)).Audiences;
        if (!endpoint.Wants(portalEvent) || !portalEvent.IsVisibleTo(audiences))
        {
            delivery.Cancel("Not sent: the endpoint no longer receives this event's audiences or type.", now);
            await db.SaveChangesAsync(CancellationToken.None);
            activity.Notify();
            return;
        }

        if (Body(endpoint, portalEvent, audiences) is not { } body)
        {
            delivery.Cancel("Not sent: a Teams or Slack channel is not told that an item left its view.", now);
            await db.SaveChangesAsync(CancellationToken.None);
            activity.Notify();
            return;
        }

        var outcome = await PostAsync(endpoint, delivery, body, now, cancellationToken);
        var answeredAt = clock.GetUtcNow();
        if (outcome.Code is >= 200 and < 300)
        {
            delivery.Delivered(outcome.Code.Value, answeredAt);
            endpoint.RecordSuccess(answeredAt);
        }
        else if (outcome.Code == (int)HttpStatusCode.Gone)
        {
            delivery.Gone(answeredAt);
            Disable(db, endpoint, "The receiver answered 410 Gone: it no longer wants these messages.", answeredAt);
        }
        else if (delivery.AttemptFailed(outcome.Code, outcome.Error, outcome.RetryAfter, answeredAt, (Random.Shared.NextDouble() * 2) - 1)
                 && (endpoint.LastSuccessAt is null || endpoint.LastSuccessAt < delivery.CreatedAt))
        {
            Disable(db, endpoint, $"Failed every attempt over {Describe(WebhookDelivery.RetryDelays.Aggregate(TimeSpan.Zero, (sum, d) => sum + d))} without a success.", answeredAt);
        }

        // The answer is recorded even when the node is stopping, so it is not sent again for nothing.
        await db.SaveChangesAsync(CancellationToken.None);
        activity.Notify();
        if (!endpoint.IsEnabled)
        {
            await TellOwnerAsync(db, endpoint);
        }
    }

    /// <summary>Mails whoever registered the endpoint (or issued the key that did) that the portal disabled it.</summary>
    private async Task TellOwnerAsync(PortalDbContext db, WebhookEndpoint endpoint)
    {
        try
        {
            var owner = endpoint.ApiClientId is { } clientId
                ? await db.ApiClients.Where(c => c.Id == clientId).Select(c => c.CreatedBy).SingleAsync()
                : endpoint.CreatedBy;
            if (owner.Contains('@', StringComparison.Ordinal))
            {
                await ownerNotice.EndpointDisabledAsync(owner, endpoint.Organisation, WebhookEndpoints.ShownUrl(endpoint), endpoint.DisabledReason ?? "", CancellationToken.None);
            }
        }
        catch (Exception exception)
        {
            // The console shows the endpoint as disabled either way.
            logger.LogWarning(exception, "The owner of webhook endpoint {Endpoint} could not be told that it was disabled", endpoint.Id);
        }
    }

    /// <summary>What is posted: the event's JSON for a program, a card for Teams, blocks for Slack; null when a channel has nothing to be told.</summary>
    private byte[]? Body(WebhookEndpoint endpoint, PortalEvent portalEvent, IReadOnlySet<string> audiences) => endpoint.Kind switch
    {
        WebhookKind.Teams => ChatMessage.From(portalEvent, portalAddress.Value)?.ToTeamsJson(),
        WebhookKind.Slack => ChatMessage.From(portalEvent, portalAddress.Value)?.ToSlackJson(),
        _ => WebhookMessage.From(portalEvent, audiences).ToUtf8Json(),
    };

    private async Task<Outcome> PostAsync(WebhookEndpoint endpoint, WebhookDelivery delivery, byte[] body, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Address(protector))
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Add("webhook-id", delivery.MessageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        if (endpoint.Kind == WebhookKind.StandardWebhooks)
        {
            request.Headers.Add("webhook-signature", WebhookSignature.Sign(delivery.MessageId, timestamp, body, endpoint.SigningSecrets(now, protector)));
        }

        using var timeout = new CancellationTokenSource(options.Value.Timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            // Headers only: the receiver's body is never read, however large it is.
            using var response = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var code = (int)response.StatusCode;
            var retryAfter = code is 429 or 503 ? RetryAfter(response.Headers.RetryAfter, clock.GetUtcNow()) : null;
            return new Outcome(code, $"The receiver answered {code}.", retryAfter);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Outcome(null, $"No answer within {Describe(options.Value.Timeout)}.", null);
        }
        catch (HttpRequestException exception)
        {
            return new Outcome(null, exception.Message, null);
        }
    }

    private static void Disable(PortalDbContext db, WebhookEndpoint endpoint, string reason, DateTimeOffset at)
    {
        endpoint.Disable(reason, at);
        db.Audit(Actor.System, "webhook.disabled", nameof(WebhookEndpoint), endpoint.Id.ToString(CultureInfo.InvariantCulture),
            null, new { endpoint.Organisation, Url = WebhookEndpoints.ShownUrl(endpoint), Reason = reason }, at);
    }

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };

    private static string Describe(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{Math.Round(span.TotalHours):0} hours" : $"{span.TotalSeconds:0} seconds";

    private sealed record Outcome(int? Code, string Error, TimeSpan? RetryAfter);
}

/// <summary>The HTTP client webhooks are sent with: no redirects, connections checked by <see cref="WebhookAddresses"/>.</summary>
public sealed class WebhookHttp : IDisposable
{
    public WebhookHttp(WebhookAddresses addresses)
    {
        Client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectCallback = addresses.ConnectAsync,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxResponseHeadersLength = 16,
            UseCookies = false,
        })
        {
            // Each attempt has its own timeout (WebhookOptions.Timeout), measured on the portal's clock.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        Client.DefaultRequestHeaders.UserAgent.ParseAdd("EstateStatusPortal-Webhooks/1.0");
    }

    public HttpClient Client { get; }

    public void Dispose() => Client.Dispose();
}
