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
