using Bunit;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Admin.Webhooks;

namespace Portal.Tests.Components;

public sealed class WebhooksPageTests : PortalComponentTest
{
    [Fact]
    public async Task RefusesAnAddressInsideThePrivateNetworkWithAClearMessage()
    {
        SignInAsStaff("admin@example.com", PortalRoles.Admin);
        var page = Render<WebhooksPage>();
        page.Find("[data-testid=webhook-organisation]").Change("Northway Motors dealer system");
        page.Find("[data-testid=webhook-url]").Change("http://127.0.0.1:8080/hook");
        page.FindAll("input[type=checkbox]")[0].Change(true);

        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains("loopback, private or link-local", page.Find("[data-testid=console-problem]").TextContent,
            StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=webhook-secret]"));
        await using var db = Portal.NewDbContext();
        Assert.Equal(0, await db.WebhookEndpoints.CountAsync());
    }

    [Fact]
    public async Task ShowsADisabledEndpointWithItsFailuresFirstAndSendsOneAgain()
    {
        var now = Portal.Clock.GetUtcNow();
        int endpointId;
        await using (var db = Portal.NewDbContext())
        {
            var (endpoint, _) = WebhookEndpoint.Register(WebhookKind.StandardWebhooks, "Northway Motors", "https://dealer.example/hook", ["retailers"], [],
                "admin@example.com", null, Portal.Get<IWebhookSecretProtector>(), now);
            endpoint.Disable("The receiver answered 410 Gone: it no longer wants these messages.", now);
            db.WebhookEndpoints.Add(endpoint);
            await db.SaveChangesAsync();
            endpointId = endpoint.Id;
            var delivered = new WebhookDelivery(endpoint.Id, 1, "statementPublished", now);
            delivered.Delivered(204, now);
            var gone = new WebhookDelivery(endpoint.Id, 2, "systemStatusChanged", now);
            gone.Gone(now);
            db.WebhookDeliveries.AddRange(delivered, gone);
            await db.SaveChangesAsync();
        }

        SignInAsStaff("admin@example.com", PortalRoles.Admin);
        var page = Render<WebhooksPage>();
        page.WaitForAssertion(() => Assert.Equal("Disabled", page.Find("[data-testid=endpoint-state]").TextContent.Trim()));
        Assert.Contains("410 Gone", page.Find("[data-testid=disabled-reason]").TextContent, StringComparison.Ordinal);

        page.FindAll("button").Single(b => b.TextContent.Trim() == "Deliveries").Click();
        page.WaitForAssertion(() => Assert.Equal(["Failed after 1 attempt", "Delivered"],
            page.FindAll("[data-testid=delivery-status]").Select(s => s.TextContent.Trim())));
        Assert.Contains($"evt_2_{endpointId}", page.Find("[data-testid=deliveries] tbody tr").TextContent, StringComparison.Ordinal);

        page.FindAll("button").First(b => b.TextContent.Trim() == "Send again").Click();

        page.WaitForAssertion(() => Assert.Equal("Waiting", page.FindAll("[data-testid=delivery-status]")[0].TextContent.Trim()));
        await using var check = Portal.NewDbContext();
        Assert.Equal(WebhookDeliveryStatus.Pending, (await check.WebhookDeliveries.SingleAsync(d => d.Sequence == 2)).Status);
    }
}
