using Bunit;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Admin.ApiClients;

namespace Portal.Tests.Components;

public sealed class ApiClientsPageTests : PortalComponentTest
{
    [Fact]
    public async Task IssuesAKeyShownOnceAndRevokesIt()
    {
        SignInAsStaff("admin@example.com", PortalRoles.Admin);
        var page = Render<ApiClientsPage>();
        page.Find("[data-testid=api-client-name]").Change("Dealer management system (North Motors)");
        page.FindAll("input[type=checkbox]")[2].Change(true);

        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains("esp_", page.Find("[data-testid=api-key]").TextContent, StringComparison.Ordinal));
        var key = page.Find("[data-testid=api-key] .mono").TextContent.Trim();
        await using (var db = Portal.NewDbContext())
        {
            var client = await db.ApiClients.SingleAsync();
            Assert.Equal(ApiClient.Hash(key), client.KeyHash);
            Assert.Equal("admin@example.com", client.CreatedBy);
        }

        page.FindAll("button").Single(b => b.TextContent.Trim() == "Revoke").Click();

        page.WaitForAssertion(() => Assert.Contains("Revoked by admin@example.com", page.Markup, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=api-key]"));
        await using var after = Portal.NewDbContext();
        Assert.NotNull((await after.ApiClients.SingleAsync()).RevokedAt);
    }

    [Fact]
    public async Task IssuesAWriteKeyLimitedToChosenSystemsAndMetricsWithAnExpiry()
    {
        SignInAsStaff("admin@example.com", PortalRoles.Admin);
        var page = Render<ApiClientsPage>();
        page.Find("[data-testid=api-client-name]").Change("Finance monitoring (IT operations)");
        CheckBox(page, "read").Change(false);
        CheckBox(page, ApiScopes.StatusWrite).Change(true);
        CheckBox(page, ApiScopes.MetricsWrite).Change(true);
        CheckBox(page, "All of Finance").Change(true);
        CheckBox(page, "Advance shipping notices (ASN)").Change(true);
        CheckBox(page, "Supplier invoices awaiting payment").Change(true);
        page.Find("[data-testid=api-client-expires]").Change("2030-06-30T18:00:00");

        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains("esp_", page.Find("[data-testid=api-key]").TextContent, StringComparison.Ordinal));
        await using var db = Portal.NewDbContext();
        var client = await db.ApiClients.SingleAsync();
        var finance = await db.SystemGroups.Where(g => g.Name == "Finance").Select(g => g.Id).SingleAsync();
        Assert.Equal([ApiScopes.MetricsWrite, ApiScopes.StatusWrite], client.Scopes);
        Assert.Equal([finance], client.StatusGroups);
        Assert.Equal(["advance-shipping-notices"], client.StatusSystems);
        Assert.Equal(["supplier-invoices-awaiting-payment"], client.Metrics);
        Assert.Equal(new DateTimeOffset(2030, 6, 30, 18, 0, 0, TimeSpan.Zero), client.ExpiresAt);
        page.WaitForAssertion(() => Assert.Contains("Expires 30 Jun 2030 18:00 UTC", page.Find("[data-testid=api-client-expiry]").TextContent, StringComparison.Ordinal));
        Assert.Contains("Status of: all of Finance, advance-shipping-notices", page.Markup, StringComparison.Ordinal);
        Assert.Contains("Never used", page.Markup, StringComparison.Ordinal);
    }

    private static AngleSharp.Dom.IElement CheckBox(IRenderedComponent<ApiClientsPage> page, string label) =>
        page.FindAll("input[type=checkbox]").Single(i => i.Closest("label")?.TextContent.Trim() == label);

    [Fact]
    public async Task AsksForANameAndIssuesNothingWithout()
    {
        SignInAsStaff("admin@example.com", PortalRoles.Admin);
        var page = Render<ApiClientsPage>();

        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains("Name the program, and who runs it.", page.Markup, StringComparison.Ordinal));
        await using var db = Portal.NewDbContext();
        Assert.Equal(0, await db.ApiClients.CountAsync());
    }
}
