using Bunit;
using Portal.Core.Domain;
using Portal.Core.Features.ApiClients;
using Portal.Core.Features.Incidents;
using Portal.Core.Features.Statements;
using Portal.Core.Features.Systems;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Admin.ApiClients;
using Portal.Web.Components.Pages.Admin.Audit;
using Portal.Web.Components.Pages.Admin.Estate;
using Portal.Web.Components.Pages.Admin.Incidents;
using Portal.Web.Components.Pages.Admin.Overview;
using Portal.Web.Components.Pages.Admin.Statements;

namespace Portal.Tests.Components;

/// <summary>
/// Console pages follow other people's changes without a reload: those every viewer may see
/// (events in the log) and those only staff see (drafts, approvals, templates, keys; people in
/// <see cref="PeoplePageTests"/>, which adds Identity).
/// </summary>
public sealed class LiveConsolePageTests : PortalComponentTest
{
    private async Task<SavedStatement> DraftAsync(string title) =>
        await Portal.Get<SaveStatementDraft>().HandleAsync(
            new SaveStatementDraftRequest(null, title, "Invoices received since Monday are being paid.", [Audience.Public], null, [], null),
            Actors.Publisher);

    [Fact]
    public async Task StatementsListShowsADraftAnotherPublisherSaves()
    {
        SignInAsStaff("approver@example.com", PortalRoles.Approver);
        var page = Render<StatementsPage>();
        page.WaitForElement("[data-statement]");

        await DraftAsync("Supplier payments resume tonight");

        page.WaitForAssertion(() => Assert.Contains("Supplier payments resume tonight", page.FindAll("[data-statement]").Select(s => s.TextContent)));
    }

    [Fact]
    public async Task OverviewShowsAnApproverWhatWasJustSubmittedForApproval()
    {
        SignInAsStaff("approver@example.com", PortalRoles.Approver);
        var page = Render<ConsoleOverview>();
        page.WaitForAssertion(() => Assert.Contains("Waiting for your approval", page.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain("Dealer registrations are back", page.Markup, StringComparison.Ordinal);

        var draft = await DraftAsync("Dealer registrations are back");
        await Portal.Get<SubmitStatement>().HandleAsync(new StatementActionRequest(draft.Id, draft.Version), Actors.Publisher);

        page.WaitForAssertion(() => Assert.Contains("Dealer registrations are back", page.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TemplatesListShowsAnotherPublishersTemplateAndTheFormKeepsWhatWasTyped()
    {
        SignInAsStaff("publisher@example.com", PortalRoles.Publisher);
        var page = Render<TemplatesPage>();
        page.Find("[data-testid=template-name]").Change("Half-typed name");

        await Portal.Get<SaveStatementTemplate>().HandleAsync(
            new SaveStatementTemplateRequest(null, "Weekly supplier note", "Supplier update", "This week…", [Audience.Public]), Actors.Publisher);

        page.WaitForAssertion(() => Assert.Contains("Weekly supplier note", page.Markup, StringComparison.Ordinal));
        Assert.Equal("Half-typed name", page.Find("[data-testid=template-name]").GetAttribute("value"));
    }

    [Fact]
    public async Task ApiClientsListShowsAKeyAnotherAdminIssues()
    {
        SignInAsStaff("admin@example.com", PortalRoles.Admin);
        var page = Render<ApiClientsPage>();

        await Portal.Get<IssueApiClientKey>().HandleAsync(new IssueApiClientKeyRequest("Dealer system (South Motors)", [Audience.Public]), Actors.Admin);

        page.WaitForAssertion(() => Assert.Contains("Dealer system (South Motors)", page.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AuditLogShowsAChangeAsItIsMade()
    {
        SignInAsStaff("admin@example.com", PortalRoles.Admin);
        var page = Render<AuditLogPage>();
        Assert.DoesNotContain("Paint shop", page.Markup, StringComparison.Ordinal);

        await Portal.Get<CreateSystemGroup>().HandleAsync(new CreateSystemGroupRequest("Paint shop", 9), Actors.Admin);

        page.WaitForAssertion(() => Assert.Contains("system.group.created", page.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task EstateShowsAGroupAnotherAdminAdds()
    {
        SignInAsStaff("admin@example.com", PortalRoles.Admin);
        var page = Render<EstatePage>();
        page.WaitForElement("[data-group]");

        await Portal.Get<CreateSystemGroup>().HandleAsync(new CreateSystemGroupRequest("Logistics", 9), Actors.Admin);

        page.WaitForAssertion(() => Assert.Contains("Logistics", page.FindAll("[data-group]").Select(g => g.TextContent).Aggregate("", string.Concat), StringComparison.Ordinal));
    }

    [Fact]
    public async Task IncidentsListShowsAnIncidentAnotherPublisherOpens()
    {
        SignInAsStaff("publisher@example.com", PortalRoles.Publisher);
        var page = Render<IncidentsPage>();
        page.WaitForElement("[data-incident]");

        await Portal.Get<CreateIncident>().HandleAsync(
            new CreateIncidentRequest("Paint shop conveyor fault", IncidentImpact.Minor, [Audience.Public], []), Actors.Publisher);

        page.WaitForAssertion(() => Assert.Contains("Paint shop conveyor fault", page.FindAll("[data-incident]").Select(i => i.TextContent.Trim()).Aggregate("", string.Concat), StringComparison.Ordinal));
    }
}
