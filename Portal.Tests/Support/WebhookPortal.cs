using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;
using Portal.Core.Events.Consumers;
using Portal.Core.Features.Statements;
using Portal.Core.Features.Webhooks;

namespace Portal.Tests.Support;

/// <summary>Helpers for webhook tests over a <see cref="TestPortal"/>.</summary>
public static class WebhookPortal
{
    public static Actor Communications { get; } = new("comms@example.com", "127.0.0.1", PortalRoles.Publisher, PortalRoles.Admin);

    /// <summary>A test portal that may send to the loopback receiver; what it tells endpoint owners is kept in <see cref="OwnerNotices"/>.</summary>
    public static Task<TestPortal> StartAsync(string? folder = null, bool allowPrivateAddresses = true) =>
        TestPortal.StartAsync(folder: folder, configure: services =>
        {
            services.Configure<WebhookOptions>(options => options.AllowPrivateAddresses = allowPrivateAddresses);
            services.AddSingleton<OwnerNoticeRecorder>();
            services.AddSingleton<IWebhookOwnerNotice>(provider => provider.GetRequiredService<OwnerNoticeRecorder>());
        });

    /// <summary>The notices the portal sent endpoint owners: (owner, organisation, reason).</summary>
    public static IReadOnlyList<(string Owner, string Organisation, string Reason)> OwnerNotices(this TestPortal portal) =>
        [.. portal.Get<OwnerNoticeRecorder>().Notices];

    /// <summary>Starts the event consumers, as the host does, and waits until this node sends webhooks.</summary>
    public static async Task<EventConsumerHost> StartConsumersAsync(this TestPortal portal)
    {
        var host = portal.Get<EventConsumerHost>();
        await host.StartAsync(CancellationToken.None);
        await host.Runner("webhooks").WaitAsync(r => r.IsActive && r.Passes > 0);

        // On PostgreSQL this node hears its own commits through the relay, whose cursor starts at the
        // newest event when it first reads the log: a test commits only once that has happened.
        foreach (var relay in host.Runners.Where(r => r.Consumer.Name == PostgreSqlEventRelay.ConsumerName))
        {
            await relay.WaitAsync(r => r.IsActive && r.Passes > 0);
        }

        return host;
    }

    public static async Task<WebhookEndpointWithSecret> RegisterAsync(this TestPortal portal, WebhookReceiver receiver, string name,
        string[] audiences, params string[] eventTypes)
    {
        var registered = await portal.Get<RegisterWebhookEndpoint>().HandleAsync(
            new RegisterWebhookEndpointRequest($"{name} organisation", receiver.Url(name), audiences, eventTypes), Actors.Admin);
        receiver.Secrets[name] = [registered.Secret!];
        return registered;
    }

    /// <summary>Publishes a statement for <paramref name="audiences"/> (breaking glass, so no second person is needed).</summary>
    public static async Task<int> PublishStatementAsync(this TestPortal portal, string title, params string[] audiences)
    {
        var saved = await portal.Get<SaveStatementDraft>().HandleAsync(
            new SaveStatementDraftRequest(null, title, $"{title}: details follow.", audiences, null, []), Communications);
        await portal.Get<BreakGlassPublish>().HandleAsync(new BreakGlassPublishRequest(saved.Id, "Urgent notice"), Communications);
        return saved.Id;
    }

    /// <summary>Waits until the stored deliveries satisfy <paramref name="condition"/>, re-reading them whenever webhook activity is reported.</summary>
    public static async Task<List<WebhookDelivery>> WaitForDeliveriesAsync(this TestPortal portal, Func<List<WebhookDelivery>, bool> condition)
    {
        using var changed = new SemaphoreSlim(0);
        using var subscription = portal.Get<WebhookActivity>().Subscribe(() => changed.Release());
        while (true)
        {
            await using (var db = portal.NewDbContext())
            {
                var deliveries = await db.WebhookDeliveries.AsNoTracking().OrderBy(d => d.Id).ToListAsync();
                if (condition(deliveries))
                {
                    return deliveries;
                }
            }

            if (!await changed.WaitAsync(TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException("The webhook deliveries did not reach the expected state within 30 seconds.");
            }
        }
    }

    public static async Task<WebhookEndpoint> EndpointAsync(this TestPortal portal, int id)
    {
        await using var db = portal.NewDbContext();
        return await db.WebhookEndpoints.AsNoTracking().SingleAsync(e => e.Id == id);
    }
}

/// <summary>Keeps what the portal tells endpoint owners, in place of a mail.</summary>
public sealed class OwnerNoticeRecorder : IWebhookOwnerNotice
{
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public System.Collections.Concurrent.ConcurrentQueue<(string Owner, string Organisation, string Reason)> Notices { get; } = new();

    /// <summary>Completes when the first owner is told (the sender tells them after its commit).</summary>
    public Task First => _first.Task;

    public Task EndpointDisabledAsync(string ownerEmail, string organisation, string url, string reason, CancellationToken cancellationToken)
    {
        Notices.Enqueue((ownerEmail, organisation, reason));
        _first.TrySetResult();
        return Task.CompletedTask;
    }
}
