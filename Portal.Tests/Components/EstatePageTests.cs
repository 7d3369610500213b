using Bunit;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Features.Systems;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Admin.Estate;

namespace Portal.Tests.Components;

public sealed class EstatePageTests : PortalComponentTest
{
    private const int SeededSystems = 16;
    private const int SeededGroups = 5;

    private IRenderedComponent<EstatePage> RenderEstate()
    {
        SignInAsStaff("admin@example.com", PortalRoles.Admin);
        var page = Render<EstatePage>();
        page.WaitForElement("[data-group]");
        return page;
    }

    private static List<string> GroupNames(IRenderedComponent<EstatePage> page) =>
        [.. page.FindAll(".group-name").Select(h => h.TextContent.Trim())];

    private static List<string> SlugsUnder(IRenderedComponent<EstatePage> page, string groupName)
    {
        var group = page.FindAll("[data-group]").Single(g => g.QuerySelector(".group-name")?.TextContent.Trim() == groupName);
        return [.. group.QuerySelectorAll("[data-system]").Select(s => s.GetAttribute("data-system")!)];
    }

    private static AngleSharp.Dom.IElement RowOf(IRenderedComponent<EstatePage> page, string slug) =>
        page.Find($"[data-system='{slug}']").Closest("tr")!;

    private async Task AssertNothingWrittenAsync()
    {
        await using var db = Portal.NewDbContext();
        Assert.Equal(SeededSystems, await db.EstateSystems.CountAsync());
        Assert.Equal(SeededGroups, await db.SystemGroups.CountAsync());
        await Portal.AssertNothingRecordedAsync();
    }

    [Fact]
    public void ListsTheGroupsInOrderWithTheirSystems()
    {
        var page = RenderEstate();

        Assert.Equal(["Finance", "Supply chain", "Sales & retail", "Manufacturing", "Colleague services"], GroupNames(page));
        Assert.Equal(["supplier-invoicing", "supplier-payments", "wholesale-vehicle-finance"], SlugsUnder(page, "Finance"));
        var row = RowOf(page, "global-parts-logistics");
        Assert.Equal("Global parts logistics", row.QuerySelector(".system-name")!.TextContent.Trim());
        Assert.StartsWith("global-parts-logistics", row.QuerySelector(".system-slug")!.TextContent.Trim());
        Assert.Equal(["Public", "Retailers", "Suppliers"], row.QuerySelectorAll(".mud-chip").Select(c => c.TextContent.Trim()).Order());
        Assert.Equal("4 · Plants back to production", row.QuerySelector(".system-phase")!.TextContent.Trim());
        Assert.Equal("Degraded", row.QuerySelector(".status-chip")!.TextContent.Trim());
    }

    [Fact]
    public async Task ShowsWhyEachMissingFieldIsRefusedNextToItAndSavesNothing()
    {
        var page = RenderEstate();
        page.ClickButton("Add a system");

        page.SubmitForm("system");

        page.WaitForAssertion(() => Assert.Equal("Enter a slug, such as supplier-payments.", page.MessageAt("Slug")));
        Assert.Equal("Enter the system's name.", page.MessageAt("Name"));
        Assert.Equal("", page.MessageAt("Description"));
        Assert.Equal("Choose the group to list the system under.", page.ChoiceMessage("Group"));
        Assert.Equal("Choose at least one audience.", page.ChoiceMessage("Who may see it"));
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task RefusesATooLongNameAndASlugWithCapitalsNextToThoseFieldsAndSavesNothing()
    {
        var page = RenderEstate();
        page.ClickButton("Add a system");
        page.Type("Slug", "Parts Returns");
        page.Type("Name", new string('n', EstateSystem.NameMaxLength + 1));
        page.Choose("Group", "Supply chain");
        page.Choose("Who may see it", "Suppliers");

        page.SubmitForm("system");

        page.WaitForAssertion(() => Assert.Equal("Use only lower-case letters, digits and hyphens.", page.MessageAt("Slug")));
        Assert.Equal($"The name must be at most {EstateSystem.NameMaxLength} characters.", page.MessageAt("Name"));
        Assert.Equal("", page.ChoiceMessage("Group"));
        Assert.Equal("", page.ChoiceMessage("Who may see it"));
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task AddsASystemThroughCoreAndListsItUnderItsGroup()
    {
        var page = RenderEstate();
        page.ClickButton("Add a system");
        page.Type("Slug", "parts-returns");
        page.Type("Name", "Parts returns");
        page.Type("Description", "Suppliers collect rejected parts from the plants.");
        page.Choose("Group", "Supply chain");
        page.Type("Display order", "30");
        page.Choose("Who may see it", "Suppliers");
        page.Choose("Who may see it", "Colleagues");
        page.Choose("Restart phase", "3 · Supplier connections");

        page.SubmitForm("system");

        page.WaitForAssertion(() => Assert.Contains("parts-returns", SlugsUnder(page, "Supply chain")));
        Assert.Empty(page.FindAll("form[data-form='system']"));
        await using var db = Portal.NewDbContext();
        var added = await db.EstateSystems.Include(s => s.Group).SingleAsync(s => s.Slug == "parts-returns");
        Assert.Equal("Parts returns", added.Name);
        Assert.Equal("Suppliers collect rejected parts from the plants.", added.Description);
        Assert.Equal("Supply chain", added.Group.Name);
        Assert.Equal(30, added.DisplayOrder);
        Assert.Equal(["colleagues", "suppliers"], added.Audiences);
        Assert.Equal(3, (await db.RestartPhases.SingleAsync(p => p.Id == added.RestartPhaseId)).Number);
        Assert.Equal("admin@example.com", (await db.AuditEntries.SingleAsync()).ActorName);
    }

    [Fact]
    public async Task ShowsCoresRefusalInTheFormAndKeepsWhatWasTyped()
    {
        var page = RenderEstate();
        page.ClickButton("Add a system");
        page.Type("Slug", "payroll");
        page.Type("Name", "Second payroll");
        page.Choose("Group", "Finance");
        page.Choose("Who may see it", "Colleagues");

        page.SubmitForm("system");

        page.WaitForAssertion(() => Assert.Contains("There is already a system 'payroll'", page.Find("form[data-form='system'] [data-testid='form-problem']").TextContent));
        Assert.Equal("Second payroll", page.ValueOf("Name"));
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task SavesAnEditedSystemAndListsTheChange()
    {
        var page = RenderEstate();
        page.Find("button[aria-label='Edit Payroll']").Click();
        Assert.Equal("Payroll", page.ValueOf("Name"));
        page.Type("Name", "Payroll and expenses");
        page.Choose("Who may see it", "Public");
        page.Choose("Group", "Finance");

        page.SubmitForm("system");

        page.WaitForAssertion(() => Assert.Contains("Saved Payroll and expenses.", Notices));
        Assert.Equal("Payroll and expenses", RowOf(page, "payroll").QuerySelector(".system-name")!.TextContent.Trim());
        Assert.Contains("payroll", SlugsUnder(page, "Finance"));
        await using var db = Portal.NewDbContext();
        var saved = await db.EstateSystems.Include(s => s.Group).SingleAsync(s => s.Slug == "payroll");
        Assert.Equal("Payroll and expenses", saved.Name);
        Assert.Equal("Finance", saved.Group.Name);
        Assert.Equal(["colleagues", "public"], saved.Audiences);
    }

    [Fact]
    public async Task KeepsWhatWasTypedWhenSomeoneElseSavedFirstAndSavesOnTheSecondTry()
    {
        var page = RenderEstate();
        page.Find("button[aria-label='Edit Supplier payments']").Click();
        page.Type("Name", "Supplier payment runs");
        page.Type("Description", "Pays approved invoices twice a week.");

        var seen = (await Portal.Get<GetEstateForConsole>().HandleAsync()).Systems.Single(s => s.Slug == "supplier-payments");
        await Portal.Get<UpdateSystem>().HandleAsync(new UpdateSystemRequest(
            seen.Slug, seen.Name, "Changed by another administrator.", seen.GroupId, seen.DisplayOrder, seen.Audiences, seen.RestartPhaseId),
            Actors.Admin);

        page.SubmitForm("system");

        page.WaitForAssertion(() => Assert.Contains("was changed by someone else",
            page.Find("form[data-form='system'] [data-testid='form-problem']").TextContent));
        Assert.Equal("Supplier payment runs", page.ValueOf("Name"));
        Assert.Equal("Pays approved invoices twice a week.", page.Find("form[data-form='system'] textarea").GetAttribute("value"));
        await using (var db = Portal.NewDbContext())
        {
            Assert.Equal("Supplier payments", (await db.EstateSystems.SingleAsync(s => s.Slug == "supplier-payments")).Name);
        }

        page.SubmitForm("system");

        page.WaitForAssertion(() => Assert.Contains("Saved Supplier payment runs.", Notices));
        await using (var db = Portal.NewDbContext())
        {
            var saved = await db.EstateSystems.SingleAsync(s => s.Slug == "supplier-payments");
            Assert.Equal("Supplier payment runs", saved.Name);
            Assert.Equal("Pays approved invoices twice a week.", saved.Description);
        }
    }

    [Fact]
    public async Task AddsAGroupAtTheEndOfTheList()
    {
        var page = RenderEstate();
        page.ClickButton("Add a group");
        Assert.Equal("6", page.ValueOf("Display order"));
        page.Type("Group name", "Logistics partners");

        page.SubmitForm("group");

        page.WaitForAssertion(() => Assert.Equal("Logistics partners", GroupNames(page).Last()));
        await using var db = Portal.NewDbContext();
        var added = await db.SystemGroups.SingleAsync(g => g.Name == "Logistics partners");
        Assert.Equal(6, added.DisplayOrder);
    }

    [Fact]
    public async Task RenamesAndMovesAGroup()
    {
        var page = RenderEstate();
        page.Find("button[aria-label='Rename or move Colleague services']").Click();
        Assert.Equal("Colleague services", page.ValueOf("Group name"));
        page.Type("Group name", "People services");
        page.Type("Display order", "0");

        page.SubmitForm("group");

        page.WaitForAssertion(() => Assert.Equal("People services", GroupNames(page).First()));
        Assert.Contains("payroll", SlugsUnder(page, "People services"));
        await using var db = Portal.NewDbContext();
        var renamed = await db.SystemGroups.SingleAsync(g => g.Name == "People services");
        Assert.Equal(0, renamed.DisplayOrder);
    }

    [Fact]
    public async Task RefusesAnEmptyOrTooLongGroupNameNextToTheFieldAndSavesNothing()
    {
        var page = RenderEstate();
        page.ClickButton("Add a group");

        page.SubmitForm("group");
        page.WaitForAssertion(() => Assert.Equal("Enter the group's name.", page.MessageAt("Group name")));

        page.Type("Group name", new string('g', SystemGroup.NameMaxLength + 1));
        page.SubmitForm("group");
        page.WaitForAssertion(() => Assert.Equal($"The name must be at most {SystemGroup.NameMaxLength} characters.", page.MessageAt("Group name")));

        await AssertNothingWrittenAsync();
    }
}
