using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Features.Subscriptions;
using Portal.Tests.Mail;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Subscriptions;

/// <summary>The console's Subscribers use cases: counts, search, suspend, resume, delete, CSV import and the delivery log.</summary>
public sealed class SubscriberConsoleTests
{
    [Fact]
    public async Task RefusesEveryActionToSomeoneWhoIsNotAnAdmin()
    {
        await using var portal = await TestPortal.StartAsync();
        var id = await AddImportedAsync(portal, "pat@partsco.example", "suppliers");

        foreach (var actor in new[] { Actors.Operator, Actors.Publisher, Actors.NoRole })
        {
            await Assert.ThrowsAsync<ForbiddenException>(() => portal.Get<GetSubscribers>().HandleAsync(new GetSubscribersRequest(null, 0), actor));
            await Assert.ThrowsAsync<ForbiddenException>(() => portal.Get<GetEmailDeliveryLog>().HandleAsync(actor));
            await Assert.ThrowsAsync<ForbiddenException>(() => portal.Get<SuspendSubscription>().HandleAsync(new SuspendSubscriptionRequest(id, "spam"), actor));
            await Assert.ThrowsAsync<ForbiddenException>(() => portal.Get<ResumeSubscription>().HandleAsync(id, actor));
            await Assert.ThrowsAsync<ForbiddenException>(() => portal.Get<DeleteSubscription>().HandleAsync(id, actor));
            await Assert.ThrowsAsync<ForbiddenException>(() => portal.Get<ImportSubscribers>().HandleAsync(
                new ImportSubscribersRequest("sam@partsco.example,Sam,Suppliers"), actor));
        }

        await using var db = portal.NewDbContext();
        var subscription = await db.EmailSubscriptions.SingleAsync();
        Assert.Null(subscription.SuspendedAt);
        Assert.Equal("pat@partsco.example", subscription.Address);
        Assert.Empty(await db.AuditEntries.Where(a => a.EntityType == nameof(EmailSubscription)).ToListAsync());
    }

    [Fact]
    public async Task SuspendsResumesAndDeletesASubscriberWithAnAuditEntryForEach()
    {
        await using var portal = await TestPortal.StartAsync();
        var id = await AddImportedAsync(portal, "pat@partsco.example", "suppliers");
        var key = id.ToString(CultureInfo.InvariantCulture);

        await portal.Get<SuspendSubscription>().HandleAsync(new SuspendSubscriptionRequest(id, "Asked by phone to stop"), Actors.Admin);

        var suspended = Assert.Single((await portal.Get<GetSubscribers>().HandleAsync(new GetSubscribersRequest(null, 0), Actors.Admin)).Subscribers);
        Assert.Equal(SubscriberState.Suspended, suspended.State);
        Assert.Equal("Suspended by admin@example.com: Asked by phone to stop", suspended.SuspendedReason);
        await using (var db = portal.NewDbContext())
        {
            var entry = await db.AuditEntries.SingleAsync(a => a.Action == "subscription.suspended" && a.EntityId == key);
            Assert.Equal("admin@example.com", entry.ActorName);
            Assert.Contains("Asked by phone to stop", entry.After, StringComparison.Ordinal);
        }

        await portal.Get<ResumeSubscription>().HandleAsync(id, Actors.Admin);

        var resumed = Assert.Single((await portal.Get<GetSubscribers>().HandleAsync(new GetSubscribersRequest(null, 0), Actors.Admin)).Subscribers);
        Assert.Equal(SubscriberState.Active, resumed.State);
        Assert.Null(resumed.SuspendedReason);

        await using (var db = portal.NewDbContext())
        {
            db.EmailDeliveries.Add(new EmailDelivery(id, 1, EmailDeliveryKind.Statement, portal.Clock.GetUtcNow(), portal.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }

        await portal.Get<DeleteSubscription>().HandleAsync(id, Actors.Admin);

        await using (var db = portal.NewDbContext())
        {
            Assert.False(await db.EmailSubscriptions.AnyAsync());
            Assert.False(await db.EmailDeliveries.AnyAsync());
            Assert.Equal(["subscription.suspended", "subscription.resumed", "subscription.deleted"],
                await db.AuditEntries.Where(a => a.EntityId == key && a.EntityType == nameof(EmailSubscription)).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
            Assert.Contains("pat@partsco.example", (await db.AuditEntries.SingleAsync(a => a.Action == "subscription.deleted")).Before, StringComparison.Ordinal);
        }

        var gone = await Assert.ThrowsAsync<NotFoundException>(() => portal.Get<SuspendSubscription>().HandleAsync(new SuspendSubscriptionRequest(id, null), Actors.Admin));
        Assert.Contains("no longer exists", gone.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportsTheGoodLinesAndReportsEachBadLineWithItsReason()
    {
        await using var portal = await TestPortal.StartAsync();
        await AddImportedAsync(portal, "already@partsco.example");

        var result = await portal.Get<ImportSubscribers>().HandleAsync(new ImportSubscribersRequest(string.Join("\n",
            "email,name,audiences",
            "pat@partsco.example,Pat Jones,Suppliers",
            "not an address,Nobody,Suppliers",
            "rio@northmotors.example,,\"Retailers;suppliers\"",
            "sam@partsco.example,Sam,wholesalers",
            "PAT@partsco.example,Pat again,Suppliers",
            "already@partsco.example,,Suppliers",
            "press@news.example",
            "kim@partsco.example,Kim,Suppliers,extra")), Actors.Admin);

        Assert.Equal(3, result.ImportedCount);
        Assert.Equal([2, 4, 8], result.Lines.Where(l => l.Imported).Select(l => l.LineNumber));
        var refused = result.Refused.ToDictionary(l => l.LineNumber, l => l.Refusal!);
        Assert.Equal([3, 5, 6, 7, 9], refused.Keys.Order());
        Assert.Contains("'not an address' is not an email address", refused[3], StringComparison.Ordinal);
        Assert.Contains("There is no audience 'wholesalers'", refused[5], StringComparison.Ordinal);
        Assert.Contains("also on line 2", refused[6], StringComparison.Ordinal);
        Assert.Contains("already receives updates", refused[7], StringComparison.Ordinal);
        Assert.Contains("Expected at most 3 columns", refused[9], StringComparison.Ordinal);
        Assert.Equal(string.Join("\n", "email,name,audiences", "not an address,Nobody,Suppliers", "sam@partsco.example,Sam,wholesalers",
            "PAT@partsco.example,Pat again,Suppliers", "already@partsco.example,,Suppliers", "kim@partsco.example,Kim,Suppliers,extra"), result.RefusedText);

        await using var db = portal.NewDbContext();
        var imported = await db.EmailSubscriptions.AsNoTracking().Where(s => s.Address != "already@partsco.example").OrderBy(s => s.Address).ToListAsync();
        Assert.Equal(["pat@partsco.example", "press@news.example", "rio@northmotors.example"], imported.Select(s => s.Address));
        Assert.All(imported, s =>
        {
            Assert.Equal(EmailSubscriptionOrigin.Import, s.Origin);
            Assert.NotNull(s.ConfirmedAt);
            Assert.Equal(EmailSubscriptionChoice.Everything, s.Choice);
        });
        Assert.Equal(["public", "suppliers"], imported[0].Audiences);
        Assert.Equal(["public"], imported[1].Audiences);
        Assert.Equal(["public", "retailers", "suppliers"], imported[2].Audiences);

        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "subscriptions.imported");
        Assert.Equal("admin@example.com", audit.ActorName);
        using var after = JsonDocument.Parse(audit.After!);
        Assert.Equal(3, after.RootElement.GetProperty("imported").GetInt32());
        Assert.Equal(5, after.RootElement.GetProperty("refused").GetInt32());
    }

    [Fact]
    public async Task ReadsAFileSeparatedBySemicolonsWithAudiencesSeparatedByBars()
    {
        await using var portal = await TestPortal.StartAsync();

        var result = await portal.Get<ImportSubscribers>().HandleAsync(
            new ImportSubscribersRequest("\uFEFFemail;name;audiences\r\nrio@northmotors.example;Rio Lee;Retailers|Suppliers\r\nsam@partsco.example;;suppliers\r\n"), Actors.Admin);

        Assert.Equal(';', result.Separator);
        Assert.Equal(2, result.ImportedCount);
        await using var db = portal.NewDbContext();
        Assert.Equal(["public", "retailers", "suppliers"], (await db.EmailSubscriptions.SingleAsync(s => s.Address == "rio@northmotors.example")).Audiences);
    }

    [Fact]
    public async Task ImportsNothingAndWritesNoAuditEntryWhenEveryLineIsRefused()
    {
        await using var portal = await TestPortal.StartAsync();

        var result = await portal.Get<ImportSubscribers>().HandleAsync(new ImportSubscribersRequest("nobody,,Suppliers\nalso nobody"), Actors.Admin);
        var empty = await Assert.ThrowsAsync<DomainException>(() => portal.Get<ImportSubscribers>().HandleAsync(new ImportSubscribersRequest("email,name,audiences\n"), Actors.Admin));

        Assert.Equal(0, result.ImportedCount);
        Assert.Equal(2, result.Refused.Count);
        Assert.Contains("nobody to import", empty.Message, StringComparison.Ordinal);
        await using var db = portal.NewDbContext();
        Assert.False(await db.EmailSubscriptions.AnyAsync());
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Action == "subscriptions.imported"));
    }

    [Fact]
    public async Task CountsSubscribersByChannelAndAudienceAndSearchesAddressesPageByPage()
    {
        await using var portal = await TestPortal.StartAsync();
        await portal.Get<ImportSubscribers>().HandleAsync(new ImportSubscribersRequest(string.Join("\n",
            Enumerable.Range(1, 30).Select(i => $"contact{i:00}@partsco.example,,Suppliers").Append("rio@northmotors.example,,Retailers"))), Actors.Admin);
        await using (var db = portal.NewDbContext())
        {
            var (waiting, _) = EmailSubscription.CreateAnonymous("someone@example.com", EmailSubscriptionChoice.StatementsOnly, [], [], portal.Clock.GetUtcNow());
            db.EmailSubscriptions.Add(waiting);
            var protector = portal.Get<IWebhookSecretProtector>();
            foreach (var (kind, audiences) in new[] { (WebhookKind.StandardWebhooks, "suppliers"), (WebhookKind.Teams, "retailers"), (WebhookKind.Slack, "retailers") })
            {
                var (endpoint, _) = WebhookEndpoint.Register(kind, $"{kind} organisation", "https://hooks.example/" + kind, [audiences], [], "admin@example.com", null, protector,
                    portal.Clock.GetUtcNow());
                db.WebhookEndpoints.Add(endpoint);
            }

            await db.SaveChangesAsync();
        }

        await portal.Get<SuspendSubscription>().HandleAsync(new SuspendSubscriptionRequest(await IdOfAsync(portal, "contact03@partsco.example"), null), Actors.Admin);

        var first = await portal.Get<GetSubscribers>().HandleAsync(new GetSubscribersRequest(null, 0), Actors.Admin);
        Assert.Equal(32, first.Counts.Email);
        Assert.Equal(30, first.Counts.EmailActive);
        Assert.Equal(1, first.Counts.EmailWaiting);
        Assert.Equal(1, first.Counts.EmailSuspended);
        Assert.Equal((1, 1, 1), (first.Counts.Webhooks, first.Counts.Teams, first.Counts.Slack));
        var byAudience = first.Counts.ByAudience.ToDictionary(a => a.Key, a => (a.Email, a.Endpoints));
        Assert.Equal((32, 3), byAudience["public"]);
        Assert.Equal((30, 1), byAudience["suppliers"]);
        Assert.Equal((1, 2), byAudience["retailers"]);
        Assert.Equal((0, 0), byAudience["colleagues"]);
        Assert.Equal(32, first.Total);
        Assert.Equal(2, first.Pages);
        Assert.Equal(GetSubscribers.DefaultPageSize, first.Subscribers.Count);
        Assert.Equal("contact01@partsco.example", first.Subscribers[0].Address);

        var second = await portal.Get<GetSubscribers>().HandleAsync(new GetSubscribersRequest(null, 1), Actors.Admin);
        Assert.Equal(["contact26@partsco.example", "contact27@partsco.example", "contact28@partsco.example", "contact29@partsco.example",
            "contact30@partsco.example", "rio@northmotors.example", "someone@example.com"], second.Subscribers.Select(s => s.Address));
        Assert.Equal(SubscriberState.WaitingForConfirmation, second.Subscribers[^1].State);
        Assert.Equal(["public", "retailers"], second.Subscribers[^2].Audiences);

        var found = await portal.Get<GetSubscribers>().HandleAsync(new GetSubscribersRequest("CONTACT0", 0), Actors.Admin);
        Assert.Equal(9, found.Total);
        Assert.Equal(SubscriberState.Suspended, found.Subscribers.Single(s => s.Address == "contact03@partsco.example").State);
    }

    [Fact]
    public async Task AnImportedContactReceivesAPublicStatementWithoutAnOptInMailAndCanUnsubscribe()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var portal = await EmailSendingTests.StartPortalAsync(sink.Port);
        await EmailSendingTests.StartSendingAsync(portal);

        await portal.Get<ImportSubscribers>().HandleAsync(
            new ImportSubscribersRequest("email,name,audiences\npress@news.example,Press desk,\npat@partsco.example,Pat Jones,Suppliers"), Actors.Admin);
        await EmailSendingTests.PublishAsync(portal, "Supplier payment run secret-4R7", "suppliers");
        await EmailSendingTests.PublishAsync(portal, "Plants restart on Monday");

        await sink.WaitUntilAsync(s => s.To("press@news.example").Any(m => m.Subject == "Plants restart on Monday")
            && s.To("pat@partsco.example").Count == 2);
        var mail = Assert.Single(sink.To("press@news.example"));
        Assert.Equal("Plants restart on Monday", mail.Subject);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        Assert.Contains("/subscriptions/unsubscribe?token=", mail.Headers["List-Unsubscribe"], StringComparison.Ordinal);
        Assert.Contains("/subscriptions/manage?token=", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(sink.To("pat@partsco.example"), m => m.Subject == "Supplier payment run secret-4R7");
        Assert.DoesNotContain(sink.Messages, m => m.Subject!.StartsWith("Confirm", StringComparison.Ordinal));

        await EmailSendingTests.WaitForDeliveriesAsync(portal, d => d.All(x => x.Status != EmailDeliveryStatus.Pending));
        var log = await portal.Get<GetEmailDeliveryLog>().HandleAsync(Actors.Admin);
        Assert.Equal(["pat@partsco.example", "pat@partsco.example", "press@news.example"],
            log.Where(e => e.Status == EmailDeliveryStatus.Sent).Select(e => e.Recipient).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListsFailedDeliveriesFirstInTheLog()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var portal = await EmailSendingTests.StartPortalAsync(sink.Port, connections: 1);
        await portal.Get<ImportSubscribers>().HandleAsync(new ImportSubscribersRequest("a@example.com\nrefused@example.com\nz@example.com"), Actors.Admin);
        sink.Refuse("refused@example.com");
        await EmailSendingTests.StartSendingAsync(portal);

        await EmailSendingTests.PublishAsync(portal, "Plants restart on Monday");
        await EmailSendingTests.WaitForDeliveriesAsync(portal, d => d.Count == 3 && d.All(x => x.Status != EmailDeliveryStatus.Pending));

        var log = await portal.Get<GetEmailDeliveryLog>().HandleAsync(Actors.Admin);
        Assert.Equal("refused@example.com", log[0].Recipient);
        Assert.Equal(EmailDeliveryStatus.Failed, log[0].Status);
        Assert.True(log[0].IsFailing);
        Assert.Contains("550", log[0].Error, StringComparison.Ordinal);
        Assert.Equal(["z@example.com", "a@example.com"], log.Skip(1).Select(e => e.Recipient));
        var suspended = (await portal.Get<GetSubscribers>().HandleAsync(new GetSubscribersRequest("refused", 0), Actors.Admin)).Subscribers.Single();
        Assert.Equal(SubscriberState.Suspended, suspended.State);
        Assert.Contains("550", suspended.SuspendedReason, StringComparison.Ordinal);
    }

    private static async Task<long> AddImportedAsync(TestPortal portal, string address, params string[] audiences)
    {
        await using var db = portal.NewDbContext();
        var subscription = EmailSubscription.CreateImported(address, audiences, portal.Clock.GetUtcNow());
        db.EmailSubscriptions.Add(subscription);
        await db.SaveChangesAsync();
        return subscription.Id;
    }

    private static async Task<long> IdOfAsync(TestPortal portal, string address)
    {
        await using var db = portal.NewDbContext();
        return await db.EmailSubscriptions.Where(s => s.Address == address).Select(s => s.Id).SingleAsync();
    }
}
