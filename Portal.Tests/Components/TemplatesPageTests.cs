using Bunit;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Admin.Statements;

namespace Portal.Tests.Components;

public sealed class TemplatesPageTests : PortalComponentTest
{
    [Fact]
    public async Task SavesATemplateThatPublishersCanStartFrom()
    {
        SignInAsStaff("publisher@example.com", PortalRoles.Publisher);
        var page = Render<TemplatesPage>();
        page.Find("[data-testid=template-name]").Change("Daily restart update");
        page.FindAll("input").First(i => i.GetAttribute("maxlength") == Statement.TitleMaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Input("Restart update for today");
        page.Find("textarea").Input("Today we brought back **…**.");

        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains(Notices, n => n.Contains("Daily restart update", StringComparison.Ordinal)));
        await using var db = Portal.NewDbContext();
        var template = await db.StatementTemplates.SingleAsync();
        Assert.Equal("Restart update for today", template.Title);
        Assert.Equal("Today we brought back **…**.", template.BodyMarkdown);
        Assert.Equal(["public"], template.Audiences);
    }

    [Fact]
    public async Task ShowsWhatIsMissingAndSavesNothing()
    {
        SignInAsStaff("publisher@example.com", PortalRoles.Publisher);
        var page = Render<TemplatesPage>();

        page.Find("form").Submit();

        page.WaitForAssertion(() =>
            Assert.Contains("Name the template so publishers can find it.", page.FindAll(".mud-input-error .me-auto").Select(m => m.TextContent)));
        await using var db = Portal.NewDbContext();
        Assert.Equal(0, await db.StatementTemplates.CountAsync());
    }
}
