using System.Reflection;
using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Features.Incidents;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Admin.Incidents;

namespace Portal.Tests.Components;

public sealed class IncidentsPageTests : PortalComponentTest
{
    private const string Seeded = "Cyber incident and controlled restart";

    private IRenderedComponent<IncidentsPage> RenderIncidents()
    {
        SignInAsStaff("publisher@example.com", PortalRoles.Publisher);
        var page = Render<IncidentsPage>();
        page.WaitForElement("[data-incident]");
        return page;
    }

    private static AngleSharp.Dom.IElement RowOf(IRenderedComponent<IncidentsPage> page, string title) =>
        page.FindAll("[data-incident]").Single(i => i.QuerySelector(".incident-title")!.TextContent.Trim() == title).Closest("tr")!;

    private static string Problem(IRenderedComponent<IncidentsPage> page) =>
        page.Find("form[data-form='incident'] [data-testid='form-problem']").TextContent;

    private string LastNotice => Notices.LastOrDefault() ?? "";

    private async Task<int> SystemIdAsync(string slug)
    {
        await using var db = Portal.NewDbContext();
        return await db.EstateSystems.Where(s => s.Slug == slug).Select(s => s.Id).SingleAsync();
    }

    private async Task AssertNothingWrittenAsync()
    {
        await using var db = Portal.NewDbContext();
        Assert.Equal(1, await db.Incidents.CountAsync());
        await Portal.AssertNothingRecordedAsync();
    }

    [Fact]
    public void IsForPublishersAndOperatorsOnly()
    {
        // Every attribute must be met: the console's (any staff) and the page's own.
        var roles = typeof(IncidentsPage).GetCustomAttributes<AuthorizeAttribute>().Select(a => a.Roles!.Split(',')).ToList();

        Assert.Contains([PortalRoles.Publisher, PortalRoles.Operator], roles);
        Assert.All(roles, r => Assert.Contains(PortalRoles.Publisher, r));
        Assert.All(roles, r => Assert.Contains(PortalRoles.Operator, r));
    }

    [Fact]
    public async Task ListsOpenIncidentsFirstWithStateImpactAndAffectedSystems()
    {
        var create = Portal.Get<CreateIncident>();
        var westgate = await SystemIdAsync("westgate-plant");
        var resolved = await create.HandleAsync(
            new CreateIncidentRequest("Westgate network outage", IncidentImpact.Minor, [Audience.Public], [westgate]), Actors.Operator);
        await Portal.Get<UpdateIncident>().HandleAsync(new UpdateIncidentRequest(
            resolved.Id, resolved.Title, resolved.Impact, IncidentState.Resolved, [Audience.Public], [westgate]), Actors.Operator);
        Portal.Clock.Advance(TimeSpan.FromMinutes(5));
        await create.HandleAsync(new CreateIncidentRequest("Dealer portal slow", IncidentImpact.Minor, ["retailers"], []), Actors.Operator);

        var page = RenderIncidents();

        Assert.Equal(["Dealer portal slow", Seeded, "Westgate network outage"],
            page.FindAll(".incident-title").Select(t => t.TextContent.Trim()));
        var seeded = RowOf(page, Seeded);
        Assert.Equal("Identified", seeded.QuerySelector("[data-state]")!.TextContent.Trim());
        Assert.Equal("Major", seeded.QuerySelector(".incident-impact")!.TextContent.Trim());
        Assert.Equal("Supplier invoice processing, Supplier payments, Wholesale vehicle finance and 13 more",
            seeded.QuerySelector(".incident-systems")!.TextContent.Trim());
        Assert.Equal("Resolved", RowOf(page, "Westgate network outage").QuerySelector("[data-state]")!.TextContent.Trim());
        Assert.Equal("Westgate engine plant manufacturing execution",
            RowOf(page, "Westgate network outage").QuerySelector(".incident-systems")!.TextContent.Trim());
        Assert.Equal("None", RowOf(page, "Dealer portal slow").QuerySelector(".incident-systems")!.TextContent.Trim());
    }

    [Fact]
    public async Task ShowsWhyEachMissingFieldIsRefusedNextToItAndSavesNothing()
    {
        var page = RenderIncidents();
        page.ClickButton("Open an incident");

        page.SubmitForm("incident");

        page.WaitForAssertion(() => Assert.StartsWith("Enter a title", page.MessageAt("Title")));
        Assert.Equal("Choose the impact.", page.ChoiceMessage("Impact"));
        Assert.Equal("Choose at least one audience.", page.ChoiceMessage("Who may see it"));
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task RefusesATooLongTitleNextToTheFieldAndSavesNothing()
    {
        var page = RenderIncidents();
        page.ClickButton("Open an incident");
        page.Type("Title", new string('t', Incident.TitleMaxLength + 1));
        page.Choose("Impact", "Minor");
        page.Choose("Who may see it", "Public");

        page.SubmitForm("incident");

        page.WaitForAssertion(() => Assert.Equal($"The title must be at most {Incident.TitleMaxLength} characters.", page.MessageAt("Title")));
        Assert.Equal("", page.ChoiceMessage("Impact"));
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task OpensAnIncidentThroughCoreAndListsIt()
    {
        var page = RenderIncidents();
        page.ClickButton("Open an incident");
        page.Type("Title", "Supplier portal unavailable");
        page.Choose("Impact", "Critical");
        page.Choose("Who may see it", "Suppliers");
        page.Choose("Affected systems", "Supplier portal and EDI");
        page.Choose("Affected systems", "Advance shipping notices (ASN)");

        page.SubmitForm("incident");

        page.WaitForAssertion(() => Assert.Equal("Investigating", RowOf(page, "Supplier portal unavailable").QuerySelector("[data-state]")!.TextContent.Trim()));
        Assert.Empty(page.FindAll("form[data-form='incident']"));
        await using var db = Portal.NewDbContext();
        var opened = await db.Incidents.SingleAsync(i => i.Title == "Supplier portal unavailable");
        Assert.Equal(IncidentImpact.Critical, opened.Impact);
        Assert.Equal(IncidentState.Investigating, opened.State);
        Assert.Equal(["suppliers"], opened.Audiences);
        Assert.Equal([await SystemIdAsync("supplier-portal-edi"), await SystemIdAsync("advance-shipping-notices")], opened.AffectedSystemIds.Order());
        Assert.Equal("publisher@example.com", (await db.AuditEntries.SingleAsync()).ActorName);
    }

    [Fact]
    public async Task MovesAnIncidentOnThroughItsStatesToResolved()
    {
        var page = RenderIncidents();

        foreach (var state in new[] { "Monitoring", "Resolved" })
        {
            page.Find($"button[aria-label='Update {Seeded}']").Click();
            page.Choose("State", state);
            page.SubmitForm("incident");
            page.WaitForAssertion(() => Assert.Equal(state, RowOf(page, Seeded).QuerySelector("[data-state]")!.TextContent.Trim()));
        }

        await using var db = Portal.NewDbContext();
        var incident = await db.Incidents.SingleAsync();
        Assert.Equal(IncidentState.Resolved, incident.State);
        Assert.Equal(TestPortal.DemoNow, incident.ResolvedAt);
        Assert.Equal(2, (await db.AuditEntries.CountAsync()));
    }

    [Fact]
    public async Task KeepsWhatWasTypedWhenSomeoneElseSavedFirstAndSavesOnTheSecondTry()
    {
        var page = RenderIncidents();
        page.Find($"button[aria-label='Update {Seeded}']").Click();
        page.Type("Title", "Cyber incident: restart under way");
        page.Choose("State", "Monitoring");

        var seen = (await Portal.Get<GetIncidentsForConsole>().HandleAsync()).Single();
        await Portal.Get<UpdateIncident>().HandleAsync(new UpdateIncidentRequest(
            seen.Id, seen.Title, IncidentImpact.Critical, seen.State, seen.Audiences, seen.AffectedSystemIds), Actors.Operator);

        page.SubmitForm("incident");

        page.WaitForAssertion(() => Assert.Contains("was changed by someone else", Problem(page)));
        Assert.Equal("Cyber incident: restart under way", page.ValueOf("Title"));
        await using (var db = Portal.NewDbContext())
        {
            Assert.Equal(Seeded, (await db.Incidents.SingleAsync()).Title);
        }

        page.SubmitForm("incident");

        page.WaitForAssertion(() => Assert.Equal("Saved Cyber incident: restart under way.", LastNotice));
        await using (var db = Portal.NewDbContext())
        {
            var saved = await db.Incidents.SingleAsync();
            Assert.Equal("Cyber incident: restart under way", saved.Title);
            Assert.Equal(IncidentState.Monitoring, saved.State);
        }
    }
}
