using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;
using Portal.Core.Features.Subscriptions;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Admin.Subscribers;

namespace Portal.Tests.Components;

public sealed class SubscribersPageTests : PortalComponentTest
{
    protected override void ConfigurePortal(IServiceCollection services) => services.AddSingleton<EmailActivity>();

    [Fact]
    public async Task ShowsEachSubscribersStatusAndFailuresFirstAndSuspendsOneWithAReason()
    {
        var now = Portal.Clock.GetUtcNow();
        await using (var db = Portal.NewDbContext())
        {
            var (waiting, _) = EmailSubscription.CreateAnonymous("new@example.com", EmailSubscriptionChoice.StatementsOnly, [], [], now);
            var bounced = EmailSubscription.CreateImported("gone@partsco.example", ["suppliers"], now);
            bounced.Suspend("The mail server refused the address: 550 No such mailbox", now);
            var active = EmailSubscription.CreateImported("pat@partsco.example", ["suppliers"], now);
            db.EmailSubscriptions.AddRange(waiting, bounced, active);
            await db.SaveChangesAsync();
            var sent = new EmailDelivery(active.Id, 7, EmailDeliveryKind.Statement, now, now);
            sent.Sent(now);
            var failed = new EmailDelivery(bounced.Id, 7, EmailDeliveryKind.Statement, now, now);
            failed.Refused("The mail server refused gone@partsco.example: 550 No such mailbox", now);
            db.EmailDeliveries.AddRange(sent, failed);
            await db.SaveChangesAsync();
        }

        SignInAsStaff("admin@example.com", PortalRoles.Admin);
        var page = Render<SubscribersPage>();

        Assert.StartsWith("3 (1 active, 1 waiting for confirmation, 1 suspended)", page.Find("[data-channel=email]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(["gone@partsco.example", "new@example.com", "pat@partsco.example"], page.FindAll("[data-testid=subscriber-address]").Select(a => a.TextContent.Trim()));
        Assert.Equal(["Suspended", "Waiting for confirmation", "Active"], page.FindAll("[data-testid=subscriber-state]").Select(s => s.TextContent.Trim()));
        Assert.Contains("550 No such mailbox", page.Find("[data-testid=suspended-reason]").TextContent, StringComparison.Ordinal);
        Assert.Equal(["Failed after 1 attempt", "Sent"], page.FindAll("[data-testid=email-delivery-status]").Select(s => s.TextContent.Trim()));
        Assert.Contains("gone@partsco.example", page.Find("[data-testid=email-deliveries] tbody tr").TextContent, StringComparison.Ordinal);

        page.Find("button[aria-label='Suspend pat@partsco.example']").Click();
        page.Find("[data-testid=suspend-reason]").Change("Asked to stop");
        page.Find("[data-testid=confirm-suspend]").Click();

        page.WaitForAssertion(() => Assert.Equal(["Suspended", "Waiting for confirmation", "Suspended"],
            page.FindAll("[data-testid=subscriber-state]").Select(s => s.TextContent.Trim())));
        Assert.Contains("pat@partsco.example is suspended: nothing more is sent to it.", Notices);
        await using var check = Portal.NewDbContext();
        Assert.Equal("Suspended by admin@example.com: Asked to stop", (await check.EmailSubscriptions.SingleAsync(s => s.Address == "pat@partsco.example")).SuspendedReason);
    }

    [Fact]
    public async Task ImportsContactsReportsTheRefusedLinesAndKeepsThemToFix()
    {
        SignInAsStaff("admin@example.com", PortalRoles.Admin);
        var page = Render<SubscribersPage>();
        page.Find("[data-testid=import-csv]").Change("email,name,audiences\npat@partsco.example,Pat Jones,Suppliers\nrio@northmotors.example,,wholesalers");

        page.Find("[data-testid=import-panel] form").Submit();

        page.WaitForAssertion(() => Assert.Equal("Imported 1 contact; 1 line refused. The refused lines are in the box above; correct them and import again.",
            page.Find("[data-testid=import-summary]").TextContent.Trim()));
        Assert.Contains("There is no audience 'wholesalers'", page.Find("[data-testid=import-report] tr[data-line='3']").TextContent, StringComparison.Ordinal);
        Assert.Equal("email,name,audiences\nrio@northmotors.example,,wholesalers", page.ValueOfField("import-csv"));
        Assert.Contains("Imported 1 contact.", Notices);
        Assert.Equal(["pat@partsco.example"], page.FindAll("[data-testid=subscriber-address]").Select(a => a.TextContent.Trim()));
        Assert.Equal("Active", page.Find("[data-testid=subscriber-state]").TextContent.Trim());
        await using var db = Portal.NewDbContext();
        Assert.Equal(EmailSubscriptionOrigin.Import, (await db.EmailSubscriptions.SingleAsync()).Origin);
    }
}
