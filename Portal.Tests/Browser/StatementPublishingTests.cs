using Microsoft.Playwright;
using Portal.Core.Domain;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

/// <summary>Two people publish a statement in two browsers while a third, anonymous one watches the board.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StatementPublishingTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly PortalWebApp _app = new();
    private readonly List<IBrowserContext> _contexts = [];
    private Uri _address = null!;

    public async Task InitializeAsync()
    {
        _address = _app.StartOnLoopback();
        await _app.CreatePersonAsync("publisher@example.com", PortalRoles.Publisher);
        await _app.CreatePersonAsync("approver@example.com", PortalRoles.Approver, PortalRoles.Publisher);
    }

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }

        await _app.DisposeAsync();
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _address.ToString() });
        _contexts.Add(context);
        return await context.NewPageAsync();
    }

    private async Task<IPage> SignedInPageAsync(string email, string path)
    {
        var page = await NewPageAsync();
        await page.GotoAsync($"/account/login?returnUrl={Uri.EscapeDataString(path)}");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", PortalWebApp.Password);
        await page.ClickAsync(".account-card button[type=submit]");
        await Assertions.Expect(page.Locator(".console[data-interactive=on]")).ToBeVisibleAsync();
        return page;
    }

    /// <summary>The snackbar confirmation holding <paramref name="text"/>.</summary>
    private static ILocator Notice(IPage page, string text) => page.Locator(".mud-snackbar", new() { HasText = text });

    [Fact]
    public async Task AConfirmationShowsWhereThePersonIsAndLeavingAnUnsavedEditAsksFirst()
    {
        var approved = await ApprovedStatementAsync();
        var publisher = await SignedInPageAsync("publisher@example.com", $"/admin/statements/{approved}");
        await publisher.SetViewportSizeAsync(1280, 600);

        // Typed and not saved: the page asks the browser to confirm closing or reloading the tab.
        await publisher.Locator("[data-testid=title]").ClickAsync();
        await publisher.Keyboard.TypeAsync(" tonight");
        await Assertions.Expect(publisher.Locator("[data-testid=unsaved]")).ToBeVisibleAsync();
        await publisher.WaitForFunctionAsync(AsksBeforeUnload);

        // Far down the page, the confirmation still appears on screen.
        await publisher.Locator("[data-testid=save-draft]").ScrollIntoViewIfNeededAsync();
        await publisher.ClickAsync("[data-testid=save-draft]");
        await Assertions.Expect(Notice(publisher, "Draft saved.")).ToBeInViewportAsync();
        await Assertions.Expect(publisher.Locator("[data-testid=unsaved]")).ToHaveCountAsync(0);
        await publisher.WaitForFunctionAsync($"() => !({AsksBeforeUnload})()");
    }

    /// <summary>True in the page when leaving it now would make the browser ask first (a handler cancels <c>beforeunload</c>).</summary>
    private const string AsksBeforeUnload = """
        () => {
            const leaving = new Event("beforeunload", { cancelable: true });
            window.dispatchEvent(leaving);
            return leaving.defaultPrevented;
        }
        """;

    private async Task<int> ApprovedStatementAsync()
    {
        var publisher = new Actor("publisher@example.com", null, PortalRoles.Publisher);
        var draft = await _app.Get<Portal.Core.Features.Statements.SaveStatementDraft>().HandleAsync(
            new(null, "Payroll runs on Friday", "Salaries are paid as usual on **Friday**.", [Audience.Public], null, [], null), publisher);
        await _app.Get<Portal.Core.Features.Statements.SubmitStatement>().HandleAsync(new(draft.Id), publisher);
        await _app.Get<Portal.Core.Features.Statements.ApproveStatement>().HandleAsync(new(draft.Id), new Actor("approver@example.com", null, PortalRoles.Approver));
        return draft.Id;
    }

    [Fact]
    public async Task APublisherDraftsAnApproverPublishesAndTheBoardShowsItWithoutReloading()
    {
        var board = await NewPageAsync();
        await board.GotoAsync("/");
        await Assertions.Expect(board.Locator(".board[data-live=on]")).ToBeVisibleAsync();
        await board.EvaluateAsync("() => window.__sameDocument = true");

        var publisher = await SignedInPageAsync("publisher@example.com", "/admin/statements/new");
        await publisher.Locator("[data-testid=title]").FillAsync("Supplier payments resume on Monday");
        await publisher.Locator("[data-testid=body]").FillAsync("Payments restart on **Monday** for all approved invoices.");
        await Assertions.Expect(publisher.Locator("[data-testid=preview-body] strong")).ToHaveTextAsync("Monday");
        await publisher.ClickAsync("[data-testid=submit]");
        await Assertions.Expect(Notice(publisher, "Submitted")).ToBeInViewportAsync();
        var editorPath = new Uri(publisher.Url).AbsolutePath;

        var approver = await SignedInPageAsync("approver@example.com", editorPath);
        await approver.ClickAsync("[data-testid=approve]");
        await Assertions.Expect(Notice(approver, "Approved")).ToBeInViewportAsync();
        await approver.ClickAsync("[data-testid=publish]");
        await approver.GetByRole(AriaRole.Button, new() { Name = "Publish to Public" }).ClickAsync();
        await Assertions.Expect(Notice(approver, "Published")).ToBeInViewportAsync();

        await Assertions.Expect(board.Locator(".statement-card").First).ToContainTextAsync("Supplier payments resume on Monday");
        Assert.True(await board.EvaluateAsync<bool>("() => window.__sameDocument === true"));
    }
}
