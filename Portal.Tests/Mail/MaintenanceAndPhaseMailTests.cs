using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Features.MaintenanceWindows;
using Portal.Core.Features.Phases;
using Portal.Tests.Support;
using static Portal.Tests.Mail.EmailSendingTests;

namespace Portal.Tests.Mail;

/// <summary>
/// Maintenance windows (scheduled, started, finished) and restart phase changes mailed through a real SMTP
/// server on loopback, to the subscribers who chose them and may see them.
/// </summary>
public sealed class MaintenanceAndPhaseMailTests
{
    [Fact]
    public async Task MailsAWindowsPlanStartAndEndToThoseWhoTakeMaintenanceOfItsSystems()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var portal = await StartPortalAsync(sink.Port);
        var parts = await SystemIdAsync(portal, "global-parts-logistics");
        var plant = await SystemIdAsync(portal, "northfield-plant");
        await using (var setup = portal.NewDbContext())
        {
            setup.EmailSubscriptions.Add(EmailSubscription.CreateImported("everything@example.com", [], portal.Clock.GetUtcNow(), "Pat Jones"));
            await setup.SaveChangesAsync();
        }

        await AddAsync(portal, "statements@example.com", s => s.Choose(EmailSubscriptionChoice.StatementsOnly, [], []));
        await AddAsync(portal, "parts@example.com", s => s.Choose(EmailSubscriptionChoice.ChosenSystems, [parts], []));
        await AddAsync(portal, "plant@example.com", s => s.Choose(EmailSubscriptionChoice.ChosenSystems, [plant], []));
        await AddAsync(portal, "no-maintenance@example.com", s => s.Choose(EmailSubscriptionChoice.Everything, [], [], EmailNotices.Phases));
        await StartSendingAsync(portal);
        var now = portal.Clock.GetUtcNow();

        await portal.Get<ScheduleMaintenance>().HandleAsync(new ScheduleMaintenanceRequest(
            "Parts warehouse move", "Orders queue and ship afterwards.", now.AddHours(1), now.AddHours(2), [Audience.Public], [parts]), Actors.Operator);
        await sink.WaitUntilAsync(s => s.Messages.Count == 2);

        portal.Clock.Advance(TimeSpan.FromHours(1));
        await portal.Get<AnnounceMaintenanceTimes>().HandleAsync();
        await sink.WaitUntilAsync(s => s.Messages.Count == 4);

        portal.Clock.Advance(TimeSpan.FromHours(1));
        await portal.Get<AnnounceMaintenanceTimes>().HandleAsync();
        await sink.WaitUntilAsync(s => s.Messages.Count == 6);

        var deliveries = await WaitForDeliveriesAsync(portal, d => d.Count == 6 && d.All(x => x.Status == EmailDeliveryStatus.Sent));
        Assert.All(deliveries, d => Assert.Equal(EmailDeliveryKind.Maintenance, d.Kind));
        string[] told = ["everything@example.com", "parts@example.com"];
        foreach (var subject in new[] { "Maintenance planned: Parts warehouse move", "Maintenance started: Parts warehouse move", "Maintenance finished: Parts warehouse move" })
        {
            Assert.Equal(told, sink.Messages.Where(m => m.Subject == subject).Select(m => m.To.Mailboxes.Single().Address).Order());
        }

        var planned = sink.Messages.First(m => m.Subject?.StartsWith("Maintenance planned", StringComparison.Ordinal) == true && m.To.Mailboxes.Single().Address == told[0]);
        Assert.Contains("Orders queue and ship afterwards.", planned.TextBody ?? "", StringComparison.Ordinal);

        // An imported contact's name is kept and greets them.
        Assert.StartsWith("Hello Pat Jones,", planned.TextBody ?? "", StringComparison.Ordinal);
        Assert.Equal("Pat Jones", planned.To.Mailboxes.Single().Name);
        Assert.Contains("https://status.northwind-motors.example/#maintenance-heading", planned.TextBody ?? "", StringComparison.Ordinal);

        // Each start and end is told once, however often the clock looks.
        await portal.Get<AnnounceMaintenanceTimes>().HandleAsync();
        await using var db = portal.NewDbContext();
        Assert.Equal(3, await db.PortalEvents.CountAsync(e => e.Type == Portal.Core.Events.PortalEventTypes.MaintenanceUpdated
            && e.Data.Contains("Parts warehouse move")));
    }

    [Fact]
    public async Task MailsARestartPhaseChangeToThoseWhoTakePhases()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var portal = await StartPortalAsync(sink.Port);
        var ordering = await SystemIdAsync(portal, "retailer-vehicle-ordering");
        var parts = await SystemIdAsync(portal, "global-parts-logistics");
        await AddAsync(portal, "everything@example.com", s => { });
        await AddAsync(portal, "no-phases@example.com", s => s.Choose(EmailSubscriptionChoice.Everything, [], [], EmailNotices.Maintenance));
        await AddAsync(portal, "statements@example.com", s => s.Choose(EmailSubscriptionChoice.StatementsOnly, [], []));
        await AddAsync(portal, "ordering@example.com", s => s.Choose(EmailSubscriptionChoice.ChosenSystems, [ordering], []), "retailers");
        await AddAsync(portal, "parts@example.com", s => s.Choose(EmailSubscriptionChoice.ChosenSystems, [parts], []));
        await StartSendingAsync(portal);
        int phase;
        await using (var db = portal.NewDbContext())
        {
            phase = await db.RestartPhases.Where(p => p.Number == 5).Select(p => p.Id).SingleAsync();
        }

        await portal.Get<ChangeRestartPhaseState>().HandleAsync(new ChangeRestartPhaseStateRequest(phase, RestartPhaseState.InProgress), Actors.Operator);

        await sink.WaitUntilAsync(s => s.Messages.Count == 2);
        var deliveries = await WaitForDeliveriesAsync(portal, d => d.Count == 2 && d.All(x => x.Status == EmailDeliveryStatus.Sent));
        Assert.All(deliveries, d => Assert.Equal(EmailDeliveryKind.Phase, d.Kind));
        Assert.Equal(["everything@example.com", "ordering@example.com"], sink.Messages.Select(m => m.To.Mailboxes.Single().Address).Order());
        Assert.All(sink.Messages, m => Assert.Equal("Restart phase 5, Sales and retail systems: under way", m.Subject));
    }

    [Fact]
    public async Task NeverMailsAWindowOrPhaseOutsideItsAudiences()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var portal = await StartPortalAsync(sink.Port);
        var edi = await SystemIdAsync(portal, "supplier-portal-edi");
        await AddAsync(portal, "public@example.com", s => { });
        await AddAsync(portal, "retailer@example.com", s => { }, "retailers");
        await AddAsync(portal, "supplier@example.com", s => { }, "suppliers");
        // Chose the suppliers' system while it could see it; no longer reads as Suppliers.
        await AddAsync(portal, "former-supplier@example.com", s => s.Choose(EmailSubscriptionChoice.ChosenSystems, [edi], []), "retailers");
        await StartSendingAsync(portal);
        var now = portal.Clock.GetUtcNow();
        int phase;
        await using (var db = portal.NewDbContext())
        {
            phase = await db.RestartPhases.Where(p => p.Number == 3).Select(p => p.Id).SingleAsync();
        }

        await portal.Get<ScheduleMaintenance>().HandleAsync(new ScheduleMaintenanceRequest(
            "Supplier EDI gateway swap", "Only for suppliers.", now.AddHours(1), now.AddHours(2), ["suppliers"], [edi]), Actors.Operator);
        await portal.Get<ChangeRestartPhaseState>().HandleAsync(new ChangeRestartPhaseStateRequest(phase, RestartPhaseState.Complete), Actors.Operator);
        portal.Clock.Advance(TimeSpan.FromHours(1));
        await portal.Get<AnnounceMaintenanceTimes>().HandleAsync();

        await sink.WaitUntilAsync(s => s.Messages.Count == 3);
        var deliveries = await WaitForDeliveriesAsync(portal, d => d.Count == 3 && d.All(x => x.Status == EmailDeliveryStatus.Sent));
        Assert.All(sink.Messages, m => Assert.Equal("supplier@example.com", m.To.Mailboxes.Single().Address));
        Assert.Equal(["Maintenance planned: Supplier EDI gateway swap", "Maintenance started: Supplier EDI gateway swap", "Restart phase 3, Supplier connections: complete"],
            sink.Messages.Select(m => m.Subject).Order(StringComparer.Ordinal));
        await using var check = portal.NewDbContext();
        var supplier = await check.EmailSubscriptions.SingleAsync(s => s.Address == "supplier@example.com");
        Assert.All(deliveries, d => Assert.Equal(supplier.Id, d.SubscriptionId));
    }

    private static async Task<int> SystemIdAsync(TestPortal portal, string slug)
    {
        await using var db = portal.NewDbContext();
        return await db.EstateSystems.Where(s => s.Slug == slug).Select(s => s.Id).SingleAsync();
    }

    private static async Task AddAsync(TestPortal portal, string address, Action<EmailSubscription> choose, params string[] audiences)
    {
        await using var db = portal.NewDbContext();
        var subscription = EmailSubscription.CreateImported(address, audiences, portal.Clock.GetUtcNow());
        choose(subscription);
        db.EmailSubscriptions.Add(subscription);
        await db.SaveChangesAsync();
    }
}
