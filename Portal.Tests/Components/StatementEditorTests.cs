using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Core.Domain;
using Portal.Core.Features.Statements;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Admin.Statements;

namespace Portal.Tests.Components;

public sealed class StatementEditorTests : PortalComponentTest
{
    private IRenderedComponent<StatementEditor> RenderNewStatement()
    {
        SignInAsStaff("publisher@example.com", PortalRoles.Publisher);
        var editor = Render<StatementEditor>();
        editor.WaitForElement("[data-testid=save-draft]");
        return editor;
    }

    private static void Type(IRenderedComponent<StatementEditor> editor, string testId, string text)
    {
        editor.Find($"[data-testid={testId}]").Input(text);
    }

    [Fact]
    public void PreviewsTheMarkdownAsViewersWillSeeIt()
    {
        var editor = RenderNewStatement();

        Type(editor, "title", "Payment run tonight");
        Type(editor, "body", "Tonight's run pays **all** approved invoices.\n\n<script>alert(1)</script>");

        editor.WaitForAssertion(() =>
        {
            var preview = editor.Find("[data-testid=preview-body]");
            Assert.Contains("<strong>all</strong>", preview.InnerHtml);
            Assert.Empty(preview.QuerySelectorAll("script"));
            Assert.Contains("&lt;script&gt;", preview.InnerHtml);
        });
        Assert.Equal("Payment run tonight", editor.Find(".preview-title").TextContent);
    }

    [Fact]
    public async Task ShowsWhatIsMissingNextToTheFieldsAndSavesNothing()
    {
        var editor = RenderNewStatement();
        await using var db = Portal.NewDbContext();
        var before = await db.Statements.CountAsync();

        editor.Find("#statement-form").Submit();

        editor.WaitForAssertion(() =>
        {
            var messages = editor.FindAll(".mud-input-error .me-auto, .validation-message").Select(m => m.TextContent).ToList();
            Assert.Contains("Give the statement a title.", messages);
            Assert.Contains("Write the statement.", messages);
        });
        Assert.Equal(before, await db.Statements.CountAsync());
    }

    [Fact]
    public async Task SavesADraftThroughCoreAsTheSignedInPerson()
    {
        var editor = RenderNewStatement();
        Type(editor, "title", "Payment run tonight");
        Type(editor, "body", "Tonight's run pays all approved invoices.");

        editor.Find("#statement-form").Submit();

        // The editor navigates to the saved draft as the save ends; the navigation completes on bUnit's dispatcher afterwards.
        Assert.Matches("/admin/statements/\\d+$", await Navigations.WaitForAsync(l => l.Contains("/admin/statements/", StringComparison.Ordinal)));
        Assert.Matches("/admin/statements/\\d+$", Services.GetRequiredService<NavigationManager>().Uri);
        await using var db = Portal.NewDbContext();
        var saved = (await db.Statements.Include(s => s.Revisions).ToListAsync()).Single(s => s.Title == "Payment run tonight");
        Assert.Equal(StatementState.Draft, saved.State);
        Assert.Equal("publisher@example.com", saved.Author);
        Assert.Equal(["public"], saved.Audiences);
    }

    /// <summary>A statement the Publisher wrote and submitted, open in their editor.</summary>
    private async Task<(IRenderedComponent<StatementEditor> Editor, SavedStatement Submitted)> OpenSubmittedStatementAsync()
    {
        var draft = await Portal.Get<SaveStatementDraft>().HandleAsync(
            new SaveStatementDraftRequest(null, "Supplier payments resume", "Invoices received since Monday are paid tonight.", ["public"], null, [], null),
            Actors.Publisher);
        var submitted = await Portal.Get<SubmitStatement>().HandleAsync(new StatementActionRequest(draft.Id, draft.Version), Actors.Publisher);
        SignInAsStaff(Actors.Publisher.Name, PortalRoles.Publisher);
        var editor = Render<StatementEditor>(parameters => parameters.Add(e => e.Id, draft.Id));
        editor.WaitForElement("[data-testid=save-draft]");
        return (editor, submitted);
    }

    [Fact]
    public async Task OffersPublishNowOnceAnotherPersonApprovesWithoutAReload()
    {
        var (editor, submitted) = await OpenSubmittedStatementAsync();
        Assert.Empty(editor.FindAll("[data-testid=publish]"));

        await Portal.Get<ApproveStatement>().HandleAsync(new StatementActionRequest(submitted.Id, submitted.Version), Actors.Approver);

        editor.WaitForAssertion(() => Assert.Equal("Publish now", editor.Find("[data-testid=publish]").TextContent.Trim()));
    }

    [Fact]
    public async Task KeepsWhatThePublisherTypedWhenAnotherPersonsChangeArrives()
    {
        var (editor, submitted) = await OpenSubmittedStatementAsync();
        Type(editor, "title", "Supplier payments resume tonight");

        await Portal.Get<ApproveStatement>().HandleAsync(new StatementActionRequest(submitted.Id, submitted.Version), Actors.Approver);

        editor.WaitForElement("[data-testid=publish]");
        Assert.Equal("Supplier payments resume tonight", editor.Find("[data-testid=title]").GetAttribute("value"));
        Assert.Equal("Supplier payments resume tonight", editor.Find(".preview-title").TextContent);
    }

    [Fact]
    public async Task AnAmendmentGoesLiveOnlyAfterASecondPersonApprovesItInTheEditor()
    {
        var id = await PublishedStatementAsync();
        SignInAsStaff("publisher@example.com", PortalRoles.Publisher);
        var byAuthor = Render<StatementEditor>(p => p.Add(e => e.Id, id));
        byAuthor.WaitForElement("[data-testid=amend]");
        Type(byAuthor, "body", "All dealers must wire deposits to account 12345678.");

        byAuthor.Find("#statement-form").Submit();

        byAuthor.WaitForAssertion(() => Assert.Contains("waits for approval", byAuthor.Find("[data-testid=amendment-status]").TextContent));
        Assert.Empty(byAuthor.FindAll("[data-testid=publish-amendment]"));
        Assert.Empty(byAuthor.FindAll("[data-testid=approve-amendment]"));
        Assert.DoesNotContain("wire deposits", await PublicBodyAsync(id));

        SignInAsStaff("approver@example.com", PortalRoles.Approver);
        var byApprover = Render<StatementEditor>(p => p.Add(e => e.Id, id));
        byApprover.WaitForAssertion(() => Assert.Contains("wire deposits", byApprover.Find("[data-testid=preview-body]").TextContent));
        byApprover.Find("[data-testid=approve-amendment]").Click();
        byApprover.WaitForAssertion(() => Assert.Contains("approved by approver@example.com", byApprover.Find("[data-testid=amendment-status]").TextContent));
        Assert.DoesNotContain("wire deposits", await PublicBodyAsync(id));

        SignInAsStaff("publisher@example.com", PortalRoles.Publisher);
        var byPublisher = Render<StatementEditor>(p => p.Add(e => e.Id, id));
        byPublisher.WaitForElement("[data-testid=publish-amendment]").Click();

        byPublisher.WaitForAssertion(() => Assert.Contains(Notices, n => n.Contains("Amendment published", StringComparison.Ordinal)));
        Assert.Contains("wire deposits", await PublicBodyAsync(id));
    }

    /// <summary>A statement for Suppliers and Retailers that the Publisher wrote and an approver approved, open in the Publisher's editor.</summary>
    private async Task<(IRenderedComponent<StatementEditor> Editor, IRenderedComponent<MudDialogProvider> Dialogs, int Id)> OpenApprovedStatementAsync()
    {
        var draft = await Portal.Get<SaveStatementDraft>().HandleAsync(
            new SaveStatementDraftRequest(null, "Supplier payments resume", "Invoices received since Monday are paid tonight.", ["suppliers", "retailers"], null, [], null),
            Actors.Publisher);
        await Portal.Get<SubmitStatement>().HandleAsync(new StatementActionRequest(draft.Id), Actors.Publisher);
        await Portal.Get<ApproveStatement>().HandleAsync(new StatementActionRequest(draft.Id), Actors.Approver);
        var dialogs = Render<MudDialogProvider>();
        SignInAsStaff(Actors.Publisher.Name, PortalRoles.Publisher);
        var editor = Render<StatementEditor>(parameters => parameters.Add(e => e.Id, draft.Id));
        editor.WaitForElement("[data-testid=publish]");
        return (editor, dialogs, draft.Id);
    }

    private static void Answer(IRenderedComponent<MudDialogProvider> dialogs, string button) =>
        dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == button).Click();

    private async Task<StatementState> StateAsync(int id)
    {
        await using var db = Portal.NewDbContext();
        return (await db.Statements.SingleAsync(s => s.Id == id)).State;
    }

    [Fact]
    public async Task PublishNowAsksFirstNamingTheAudiencesAndPublishesOnlyOnceConfirmed()
    {
        var (editor, dialogs, id) = await OpenApprovedStatementAsync();

        editor.Find("[data-testid=publish]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("goes to", dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal));
        var question = dialogs.Find(".mud-dialog").TextContent;
        Assert.Contains("Suppliers", question, StringComparison.Ordinal);
        Assert.Contains("Retailers", question, StringComparison.Ordinal);
        Assert.DoesNotContain("Public", question, StringComparison.Ordinal);
        Answer(dialogs, "Cancel");
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")));
        Assert.Equal(StatementState.Approved, await StateAsync(id));

        editor.Find("[data-testid=publish]").Click();
        dialogs.WaitForElement(".mud-dialog");
        Answer(dialogs, dialogs.FindAll(".mud-dialog button").Select(b => b.TextContent.Trim()).Single(t => t.StartsWith("Publish to ", StringComparison.Ordinal)));

        editor.WaitForAssertion(() => Assert.Contains("Published: viewers see it now.", Notices));
        Assert.Equal(StatementState.Published, await StateAsync(id));
    }

    [Fact]
    public async Task AsksBeforeDroppingAnUnsavedEditOfAnApprovedStatement()
    {
        var (editor, dialogs, id) = await OpenApprovedStatementAsync();
        var navigation = Services.GetRequiredService<NavigationManager>();
        var here = navigation.Uri;
        Assert.Empty(editor.FindAll("[data-testid=unsaved]"));

        Type(editor, "title", "Supplier payments resume tonight");
        editor.WaitForElement("[data-testid=unsaved]");

        // Publishing now says the edit is not part of what goes out.
        editor.Find("[data-testid=publish]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("are not saved and are not part of it", dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal));
        Answer(dialogs, "Cancel");

        // Leaving asks; staying keeps the words.
        await editor.InvokeAsync(() => navigation.NavigateTo("/admin/statements"));
        dialogs.WaitForAssertion(() => Assert.Contains("Leave without saving?", dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal));
        Answer(dialogs, "Stay on this page");
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")));
        Assert.Equal(here, navigation.Uri);
        Assert.Equal("Supplier payments resume tonight", editor.Find("[data-testid=title]").GetAttribute("value"));

        // The navigation completes after the dialog closes, without rendering the editor again: wait for the navigation itself.
        await editor.InvokeAsync(() => navigation.NavigateTo("/admin/statements"));
        dialogs.WaitForElement(".mud-dialog");
        Answer(dialogs, "Leave and lose the changes");
        Assert.EndsWith("/admin/statements", await Navigations.WaitForAsync(l => l.EndsWith("/admin/statements", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.EndsWith("/admin/statements", navigation.Uri, StringComparison.Ordinal);
        Assert.Equal(StatementState.Approved, await StateAsync(id));
    }

    private async Task<int> PublishedStatementAsync()
    {
        var author = new Actor("author@example.com", null, PortalRoles.Publisher);
        var approver = new Actor("approver@example.com", null, PortalRoles.Approver);
        var draft = await Portal.Get<SaveStatementDraft>().HandleAsync(
            new SaveStatementDraftRequest(null, "Deposits", "Deposits are taken as usual.", ["public"], null, []), author);
        await Portal.Get<SubmitStatement>().HandleAsync(new StatementActionRequest(draft.Id), author);
        await Portal.Get<ApproveStatement>().HandleAsync(new StatementActionRequest(draft.Id), approver);
        await Portal.Get<PublishStatement>().HandleAsync(new PublishStatementRequest(draft.Id), author);
        return draft.Id;
    }

    private async Task<string> PublicBodyAsync(int id) => (await Portal.Get<GetStatement>().HandleAsync(id, Viewers.Public))!.Html;
}
