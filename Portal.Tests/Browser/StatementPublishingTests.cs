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
        await Assertions.Expect(publisher.Locator("[data-testid=console-notice]")).ToContainTextAsync("Submitted");
        var editorPath = new Uri(publisher.Url).AbsolutePath;

        var approver = await SignedInPageAsync("approver@example.com", editorPath);
        await approver.ClickAsync("[data-testid=approve]");
        await Assertions.Expect(approver.Locator("[data-testid=console-notice]")).ToContainTextAsync("Approved");
        await approver.ClickAsync("[data-testid=publish]");
        await Assertions.Expect(approver.Locator("[data-testid=console-notice]")).ToContainTextAsync("Published");

        await Assertions.Expect(board.Locator(".statement-card").First).ToContainTextAsync("Supplier payments resume on Monday");
        Assert.True(await board.EvaluateAsync<bool>("() => window.__sameDocument === true"));
    }
}
