using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Core.Domain;
using Portal.Core.Events.Consumers;
using Portal.Core.Features.Subscriptions;
using Portal.Core.Features.Systems;
using Portal.Core.Persistence;
using Portal.Tests.Support;
using Portal.Web.Mail;
using Portal.Web.Subscriptions;

namespace Portal.Tests.Mail;

/// <summary>
/// The email sender against a real SMTP server on loopback, with the portal's clock in the test's
/// hands: pooled connections, refusals, a server that is down, status digests and a restart in the
/// middle of a large send.
/// </summary>
public sealed class EmailSendingTests
{
    private const string PublicAddress = "https://status.northwind-motors.example/";

    [Fact]
    public async Task SendsOverSeveralPooledConnectionsAtOnce()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var portal = await StartPortalAsync(sink.Port, connections: 4);
        var subscribers = await AddSubscribersAsync(portal, 40);
        await StartSendingAsync(portal);

        var sequence = await PublishAsync(portal, "Plants restart on Monday");

        await sink.WaitUntilAsync(s => s.Messages.Count >= subscribers.Count);
        Assert.Equal(subscribers.Order(), sink.Messages.Select(m => m.To.Mailboxes.Single().Address).Order());
        Assert.All(sink.Messages, m => Assert.StartsWith($"event-{sequence}.subscription-", m.MessageId, StringComparison.Ordinal));
        // Connections are kept and reused: 40 mails over at most 4 of them, more than one open at once.
        Assert.InRange(sink.Sessions, 2, 4);
        Assert.True(sink.MostOpenSessions >= 2, $"At most {sink.MostOpenSessions} connection was open at once.");
    }

    [Fact]
    public async Task SuspendsARefusedAddressAndStillSendsToTheRest()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var portal = await StartPortalAsync(sink.Port, connections: 2);
        var subscribers = await AddSubscribersAsync(portal, 6);
        sink.Refuse(subscribers[2]);
        await StartSendingAsync(portal);

        await PublishAsync(portal, "Plants restart on Monday");

        await WaitForDeliveriesAsync(portal, d => d.Count == 6 && d.All(x => x.Status != EmailDeliveryStatus.Pending));
        Assert.Equal(subscribers.Where(s => s != subscribers[2]).Order(), sink.Messages.Select(m => m.To.Mailboxes.Single().Address).Order());
        await using var db = portal.NewDbContext();
        var refused = await db.EmailSubscriptions.SingleAsync(s => s.Address == subscribers[2]);
        Assert.NotNull(refused.SuspendedAt);
        Assert.Contains("550", refused.SuspendedReason, StringComparison.Ordinal);
        Assert.Equal(EmailDeliveryStatus.Failed, (await db.EmailDeliveries.SingleAsync(d => d.SubscriptionId == refused.Id)).Status);
        Assert.Contains(await db.AuditEntries.ToListAsync(), a => a.Action == "subscription.suspended" && a.EntityId == refused.Id.ToString(CultureInfo.InvariantCulture));

        // A suspended subscription receives nothing more; the others do.
        await PublishAsync(portal, "Second notice");
        await sink.WaitUntilAsync(s => s.Messages.Count == 10);
        Assert.Empty(sink.To(subscribers[2]));
    }

    [Fact]
    public async Task KeepsMailWaitingWhileTheServerIsDownAndSendsItWhenItIsBack()
    {
        var port = SmtpSink.FreePort();
        await using var portal = await StartPortalAsync(port);
        var subscribers = await AddSubscribersAsync(portal, 3);
        await StartSendingAsync(portal);

        var sequence = await PublishAsync(portal, "Plants restart on Monday");

        var waiting = await WaitForDeliveriesAsync(portal, d => d.Count == 3 && d.Any(x => x.LastError is not null));
        Assert.All(waiting, d => Assert.Equal(EmailDeliveryStatus.Pending, d.Status));
        Assert.Contains(waiting, d => d.LastError?.Contains("Could not connect to the mail server", StringComparison.Ordinal) == true);

        await using var sink = await SmtpSink.StartAsync(port);

        // A connection that was still failing as the sink started leaves its delivery due a little after the
        // clock's next step: step on until every delivery is sent or waits for a later time than the clock's.
        for (var step = 0; step < 5; step++)
        {
            portal.Clock.Advance(TimeSpan.FromMinutes(1));
            var now = portal.Clock.GetUtcNow();
            var settled = await WaitForDeliveriesAsync(portal, d => d.All(x => x.Status == EmailDeliveryStatus.Sent || x.DueAt > now));
            if (settled.All(x => x.Status == EmailDeliveryStatus.Sent))
            {
                break;
            }
        }

        await sink.WaitUntilAsync(s => s.Messages.Count == 3);
        Assert.Equal(subscribers.Order(), sink.Messages.Select(m => m.To.Mailboxes.Single().Address).Order());
        Assert.All(sink.Messages, m => Assert.StartsWith($"event-{sequence}.", m.MessageId, StringComparison.Ordinal));
        await WaitForDeliveriesAsync(portal, d => d.All(x => x.Status == EmailDeliveryStatus.Sent));
    }

    [Fact]
    public async Task GathersStatusChangesIntoOneDigestPerIntervalAndNeverDelaysStatements()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var portal = await StartPortalAsync(sink.Port, digestMinutes: 10);
        var subscriber = (await AddSubscribersAsync(portal, 1))[0];
        await StartSendingAsync(portal);

        // The first change goes at once.
        await ChangeAsync(portal, "customer-contact-centre", SystemStatus.Degraded, "Phone lines busy.");
        await sink.WaitUntilAsync(s => s.Messages.Count == 1);
        Assert.Contains("Customer contact centre: Degraded", sink.Messages[0].Subject, StringComparison.Ordinal);
        await WaitForDeliveriesAsync(portal, d => d.Count == 1 && d[0].Status == EmailDeliveryStatus.Sent);

        // Two more within ten minutes wait; a statement meanwhile is not held back.
        portal.Clock.Advance(TimeSpan.FromMinutes(2));
        await ChangeAsync(portal, "customer-contact-centre", SystemStatus.Offline, "Phone lines down.");
        await ChangeAsync(portal, "online-vehicle-registration", SystemStatus.Degraded, "Registrations slow.");
        await PublishAsync(portal, "Contact centre update");
        await sink.WaitUntilAsync(s => s.Messages.Count == 2);
        Assert.Equal("Contact centre update", sink.Messages[1].Subject);
        await WaitForDeliveriesAsync(portal, d => d.Count(x => x.Status == EmailDeliveryStatus.Pending) == 2);

        portal.Clock.Advance(TimeSpan.FromMinutes(7));
        await WaitForDeliveriesAsync(portal, d => d.Count(x => x.Status == EmailDeliveryStatus.Pending) == 2);
        Assert.Equal(2, sink.Messages.Count);

        // At the end of the interval, one message holds both changes and the current status of each.
        portal.Clock.Advance(TimeSpan.FromMinutes(1));
        await sink.WaitUntilAsync(s => s.Messages.Count == 3);
        var digest = sink.Messages[2];
        Assert.Equal("Status update: 2 systems changed", digest.Subject);
        var text = digest.TextBody!;
        Assert.Contains("- Customer contact centre: Offline", text, StringComparison.Ordinal);
        Assert.Contains("- Online vehicle registration: Degraded", text, StringComparison.Ordinal);
        Assert.Contains("Customer contact centre: Degraded to Offline", text, StringComparison.Ordinal);
        Assert.Contains("Online vehicle registration: Workaround to Degraded", text, StringComparison.Ordinal);
        Assert.Equal(subscriber, digest.To.Mailboxes.Single().Address);
        await WaitForDeliveriesAsync(portal, d => d.All(x => x.Status == EmailDeliveryStatus.Sent));
    }

    [Fact]
    public async Task ARestartInTheMiddleOfALargeSendReachesEverySubscriberWithRepeatsOnlyOfWhatWasInFlight()
    {
        const int connections = 4;
        var folder = TestPortal.NewFolder();
        try
        {
            var configuration = TestPortal.PortalConfiguration(folder, seedDemoData: true);
            await DatabaseTemplates.CopyToAsync(configuration, new FakeTimeProvider(TestPortal.DemoNow), PortalDatabase.From(configuration, folder).FilePath);
            await using var sink = await SmtpSink.StartAsync();
            List<string> subscribers;
            long sequence;
            await using (var first = await StartPortalAsync(sink.Port, folder, connections))
            {
                subscribers = await AddSubscribersAsync(first, 300);
                await StartSendingAsync(first);
                sink.HoldAfter(120);

                sequence = await PublishAsync(first, "Plants restart on Monday");

                // The portal stops with 120 mails accepted and one in flight on every connection. Stopping, it
                // records the accepted mails of its unfinished batches, so only the mails in flight go again
                // (a node that is killed instead repeats up to a batch, EmailSender.BatchSize, per connection).
                await sink.WaitUntilAsync(s => s.Messages.Count == 120 && s.Held == connections);
            }

            sink.Release();
            await using var second = await StartPortalAsync(sink.Port, folder, connections);
            var host = second.Get<EventConsumerHost>();
            await host.StartAsync(CancellationToken.None);
            var runner = host.Runner(EmailFanOut.ConsumerName);

            // The dead node's lease runs out before this one takes over.
            await runner.WaitAsync(r => r.LeaseChecks > 0);
            second.Clock.Advance(TimeSpan.FromSeconds(20));
            await runner.WaitAsync(r => r.IsActive);

            await sink.WaitUntilAsync(s => s.Messages.Select(m => m.MessageId).Distinct().Count() == 300);
            await WaitForDeliveriesAsync(second, d => d.Count == 300 && d.All(x => x.Status == EmailDeliveryStatus.Sent));
            var received = sink.Messages;
            Assert.Equal(subscribers.Order(), received.Select(m => m.To.Mailboxes.Single().Address).Distinct().Order());
            Assert.All(received, m => Assert.StartsWith($"event-{sequence}.subscription-", m.MessageId, StringComparison.Ordinal));
            var repeats = received.Count - 300;
            Assert.InRange(repeats, 0, connections);
        }
        finally
        {
            TestPortal.DeleteFolder(folder);
        }
    }

    [Fact]
    public async Task AnAccountsMailStopsCarryingAnAudienceTheMomentThePersonLosesIt()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var portal = await StartPortalAsync(sink.Port, digestMinutes: 10);
        await StartSendingAsync(portal);
        var userId = await AddViewerAsync(portal, "pat@partsco.example", "suppliers");
        await portal.Get<SubscribeByEmailHandler>().SubscribeAccountAsync(userId,
            new SubscribeByEmail("", EmailSubscriptionChoice.Everything, [], []), CancellationToken.None);

        await ChangeAsync(portal, "supplier-payments", SystemStatus.Operational, "Payment runs back on the usual system.");
        await sink.WaitUntilAsync(s => s.Messages.Count == 1);
        Assert.Equal("Supplier payments: Operational", sink.Messages[0].Subject);
        Assert.Equal("pat@partsco.example", sink.Messages[0].To.Mailboxes.Single().Address);

        // The next change waits for the digest; meanwhile the person leaves the Suppliers audience.
        await ChangeAsync(portal, "supplier-payments", SystemStatus.Degraded, "Payment runs slow.");
        await WaitForDeliveriesAsync(portal, d => d.Count == 2);
        await using (var db = portal.NewDbContext())
        {
            await db.UserClaims.Where(c => c.UserId == userId && c.ClaimType == AudienceMembership.ClaimType).ExecuteDeleteAsync();
        }

        portal.Clock.Advance(TimeSpan.FromMinutes(10));

        var deliveries = await WaitForDeliveriesAsync(portal, d => d.All(x => x.Status != EmailDeliveryStatus.Pending));
        Assert.Equal(EmailDeliveryStatus.Cancelled, deliveries[1].Status);
        Assert.Single(sink.Messages);
    }

    internal static async Task<string> AddViewerAsync(TestPortal portal, string email, params string[] audiences)
    {
        var person = new PortalUser(email, email.Split('@')[0], portal.Clock.GetUtcNow());
        await using var db = portal.NewDbContext();
        db.Users.Add(person);
        db.UserClaims.AddRange(audiences.Select(a => new Microsoft.AspNetCore.Identity.IdentityUserClaim<string>
        {
            UserId = person.Id,
            ClaimType = AudienceMembership.ClaimType,
            ClaimValue = a,
        }));
        await db.SaveChangesAsync();
        return person.Id;
    }

    internal static async Task<TestPortal> StartPortalAsync(int smtpPort, string? folder = null, int connections = 4, int digestMinutes = 10)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portal:Subscriptions:SmtpConnections"] = connections.ToString(CultureInfo.InvariantCulture),
            ["Portal:Subscriptions:StatusDigestMinutes"] = digestMinutes.ToString(CultureInfo.InvariantCulture),
        }).Build();
        var outbox = Path.Combine(Path.GetTempPath(), $"portal-outbox-{Guid.NewGuid():N}");
        return await TestPortal.StartAsync(folder: folder, configure: services =>
        {
            services.AddEmailSubscriptions(configuration);
            services.AddSingleton<ISubscriptionMail>(new SubscriptionMail(
                Options.Create(new PortalMailOptions
                {
                    SmtpHost = "127.0.0.1",
                    SmtpPort = smtpPort,
                    SmtpTls = false,
                    From = "Estate status <status@northwind-motors.example>",
                }),
                new SubscriptionLinks(new EphemeralDataProtectionProvider(), () => PublicAddress),
                outbox));
        });
    }

    /// <summary>Adds confirmed Public subscribers directly (an import), returning their addresses in id order.</summary>
    internal static async Task<List<string>> AddSubscribersAsync(TestPortal portal, int count)
    {
        var addresses = Enumerable.Range(1, count).Select(i => $"subscriber{i:000}@example.com").ToList();
        await using var db = portal.NewDbContext();
        db.EmailSubscriptions.AddRange(addresses.Select(a => EmailSubscription.CreateImported(a, [], portal.Clock.GetUtcNow())));
        await db.SaveChangesAsync();
        return addresses;
    }

    internal static async Task StartSendingAsync(TestPortal portal)
    {
        var host = portal.Get<EventConsumerHost>();
        await host.StartAsync(CancellationToken.None);
        await host.Runner(EmailFanOut.ConsumerName).WaitAsync(r => r.IsActive && r.Passes > 0);
    }

    internal static async Task<long> PublishAsync(TestPortal portal, string title, params string[] audiences)
    {
        await portal.PublishStatementAsync(title, audiences.Length == 0 ? [Audience.Public] : audiences);
        await using var db = portal.NewDbContext();
        return await db.PortalEvents.Where(e => e.Type == Portal.Core.Events.PortalEventTypes.StatementPublished).MaxAsync(e => e.Sequence);
    }

    internal static Task ChangeAsync(TestPortal portal, string slug, SystemStatus status, string reason) =>
        portal.Get<ChangeSystemStatus>().HandleAsync(new ChangeSystemStatusRequest(slug, status, reason), Actors.Operator);

    /// <summary>Waits until the stored deliveries satisfy <paramref name="condition"/>, re-reading them whenever the sender reports.</summary>
    internal static async Task<List<EmailDelivery>> WaitForDeliveriesAsync(TestPortal portal, Func<List<EmailDelivery>, bool> condition)
    {
        using var changed = new SemaphoreSlim(0);
        using var subscription = portal.Get<EmailActivity>().Subscribe(() => changed.Release());
        using var stream = portal.Events.SubscribeToEverything(_ => changed.Release());
        while (true)
        {
            await using (var db = portal.NewDbContext())
            {
                var deliveries = await db.EmailDeliveries.AsNoTracking().OrderBy(d => d.Id).ToListAsync();
                if (condition(deliveries))
                {
                    return deliveries;
                }
            }

            if (!await changed.WaitAsync(TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException("The email deliveries did not reach the expected state within 30 seconds.");
            }
        }
    }
}
