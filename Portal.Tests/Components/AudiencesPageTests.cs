using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Admin.Audiences;

namespace Portal.Tests.Components;

public sealed class AudiencesPageTests : PortalComponentTest
{
    private IRenderedComponent<AudiencesPage> RenderAsAdmin()
    {
        SignInAsStaff(Actors.Admin.Name, PortalRoles.Admin);
        var page = Render<AudiencesPage>();
        page.WaitForElement("[data-audience='suppliers']");
        return page;
    }

    private static void Open(IRenderedComponent<AudiencesPage> page, string audience, string button) =>
        page.Find($"[data-audience='{audience}'] [data-testid={button}]").Click();

    private static AngleSharp.Dom.IElement OpenSwitch(IRenderedComponent<AudiencesPage> page)
    {
        var marked = page.Find("[data-testid=registration-open]");
        return marked.TagName == "INPUT" ? marked : marked.QuerySelector("input")!;
    }

    private async Task<Audience> AudienceAsync(string key)
    {
        await using var db = Portal.NewDbContext();
        return await db.Audiences.SingleAsync(a => a.Key == key);
    }

    [Fact]
    public void ShowsEachAudiencesHeadlineRegistrationAndSanitisedContacts()
    {
        var page = RenderAsAdmin();

        Assert.Equal(["Public", "Colleagues", "Retailers", "Suppliers"], page.FindAll(".console-item-title").Select(t => t.TextContent));
        Assert.Equal("“Are supplier invoices being paid?” — answered by Supplier payments",
            page.Find("[data-audience='suppliers'] [data-testid=headline]").TextContent.Trim());
        Assert.Equal("Open to northpress-components.example, partsco.example",
            page.Find("[data-audience='suppliers'] [data-testid=registration]").TextContent.Trim());
        Assert.StartsWith("Closed", page.Find("[data-audience='retailers'] [data-testid=registration]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-audience='public'] [data-testid=edit-registration]"));
        Assert.NotEmpty(page.Find("[data-audience='suppliers'] [data-testid=contacts]").InnerHtml);
    }

    [Fact]
    public async Task SavesAHeadlineQuestionItsSystemAndContactsThroughCore()
    {
        var page = RenderAsAdmin();
        Open(page, "retailers", "edit-page");

        page.Type("Headline question", "Can we order vehicles?");
        page.Choose("Answered by the status of", "Retailer vehicle ordering");
        page.Find("[data-testid=contacts-markdown]").Input("Dealer desk: **0800 111 222** <script>alert(1)</script>");
        Assert.Contains("<strong>0800 111 222</strong>", page.Find("[data-testid=preview-body]").InnerHtml);
        Assert.DoesNotContain("<script", page.Find("[data-testid=preview-body]").InnerHtml);
        page.SubmitForm("audience-page");

        page.WaitForAssertion(() => Assert.Contains("The Retailers page is saved: their open pages show it now.", Notices));
        var retailers = await AudienceAsync("retailers");
        Assert.Equal("Can we order vehicles?", retailers.HeadlineQuestion);
        Assert.StartsWith("Dealer desk:", retailers.ContactsMarkdown);
        Assert.Equal("“Can we order vehicles?” — answered by Retailer vehicle ordering",
            page.Find("[data-audience='retailers'] [data-testid=headline]").TextContent.Trim());
        Assert.DoesNotContain("<script", page.Find("[data-audience='retailers'] [data-testid=contacts]").InnerHtml);
        var (_, audit) = await Portal.RecordedAsync();
        Assert.Equal("audience.page-described", Assert.Single(audit).Action);
    }

    [Fact]
    public async Task AsksForTheSystemWhenAQuestionHasNoneAndSavesNothing()
    {
        var page = RenderAsAdmin();
        Open(page, "suppliers", "edit-page");

        page.Choose("Answered by the status of", "No system (no headline)");
        page.SubmitForm("audience-page");

        page.WaitForAssertion(() => Assert.Equal("Choose the system whose status answers the question.",
            page.ChoiceMessage("Answered by the status of")));
        Assert.Equal("Are supplier invoices being paid?", page.ValueOf("Headline question"));
        await Portal.AssertNothingRecordedAsync();
    }

    [Fact]
    public async Task NamesEveryBadDomainKeepsWhatWasTypedThenSavesTheCorrectedList()
    {
        var page = RenderAsAdmin();
        Open(page, "retailers", "edit-registration");
        OpenSwitch(page).Change(true);
        page.Type("Email domains, one per line", "dealer.example\nnot a domain\n-bad.example");
        page.SubmitForm("audience-registration");

        page.WaitForAssertion(() => Assert.Equal(
            ["'not a domain' is not an email domain like partsco.example.", "'-bad.example' is not an email domain like partsco.example."],
            page.FindAll("[data-testid=console-problem] li").Select(li => li.TextContent.Trim())));
        Assert.Equal("dealer.example\nnot a domain\n-bad.example", page.Find("[data-testid=registration-domains]").TextContent);
        await Portal.AssertNothingRecordedAsync();

        page.Type("Email domains, one per line", "dealer.example\nNorth-Motors.example");
        page.SubmitForm("audience-registration");

        page.WaitForAssertion(() => Assert.Contains("Retailers is open to registration from dealer.example, north-motors.example.", Notices));
        Assert.True((await AudienceAsync("retailers")).AcceptsRegistrationFrom("sales@north-motors.example"));
    }

    [Fact]
    public async Task ClosesRegistration()
    {
        var page = RenderAsAdmin();
        Open(page, "suppliers", "edit-registration");
        OpenSwitch(page).Change(false);
        page.SubmitForm("audience-registration");

        page.WaitForAssertion(() => Assert.Contains("Suppliers is closed to registration.", Notices));
        Assert.False((await AudienceAsync("suppliers")).SelfRegistrationOpen);
    }

    [Fact]
    public void IsForAdminsOnlyAndRefusesAnyoneElseInCoreToo()
    {
        var authorize = Assert.Single(typeof(AudiencesPage).GetCustomAttributes(typeof(AuthorizeAttribute), inherit: true).Cast<AuthorizeAttribute>(),
            a => a.Roles is not null && !a.Roles.Contains(','));
        Assert.Equal(PortalRoles.Admin, authorize.Roles);

        SignInAsStaff(Actors.Operator.Name, PortalRoles.Operator);
        Assert.Throws<ForbiddenException>(() => Render<AudiencesPage>());
    }
}
