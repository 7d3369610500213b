using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Portal.Core.Domain;
using Portal.Core.Features.Statements;
using Portal.Core.Features.Systems;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

/// <summary>The console in a real browser: it follows other people's changes, and says plainly when it cannot.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsoleLiveTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly PortalWebApp _app = new();
    private Uri _address = null!;
    private IBrowserContext _context = null!;

    public async Task InitializeAsync()
    {
        _address = _app.StartOnLoopback();
        await _app.CreatePersonAsync("publisher@example.com", PortalRoles.Publisher);
        _context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _address.ToString() });
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _app.DisposeAsync();
    }

    private async Task<IPage> SignedInPageAsync(string path)
    {
        var page = await _context.NewPageAsync();
        await page.GotoAsync($"/account/login?returnUrl={Uri.EscapeDataString(path)}");
        await page.FillAsync("#email", "publisher@example.com");
        await page.FillAsync("#password", PortalWebApp.Password);
        await page.ClickAsync(".account-card button[type=submit]");
        await Assertions.Expect(page.Locator(".console[data-interactive=on]")).ToBeVisibleAsync();
        return page;
    }

    [Fact]
    public async Task APublishersOpenEditorOffersPublishNowOnceAnotherPersonApproves()
    {
        var actor = new Actor("publisher@example.com", "127.0.0.1", PortalRoles.Publisher);
        var draft = await _app.Get<SaveStatementDraft>().HandleAsync(
            new SaveStatementDraftRequest(null, "Supplier payments resume", "Invoices received since Monday are paid tonight.", [Audience.Public], null, [], null),
            actor);
        var submitted = await _app.Get<SubmitStatement>().HandleAsync(new StatementActionRequest(draft.Id, draft.Version), actor);
        var editor = await SignedInPageAsync($"/admin/statements/{draft.Id}");
        await Assertions.Expect(editor.Locator("[data-testid=save-draft]")).ToBeVisibleAsync();
        await editor.EvaluateAsync("() => window.__sameDocument = true");
        await Assertions.Expect(editor.Locator("[data-testid=publish]")).ToHaveCountAsync(0);

        await _app.Get<ApproveStatement>().HandleAsync(new StatementActionRequest(submitted.Id, submitted.Version),
            new Actor("approver@example.com", "127.0.0.1", PortalRoles.Approver));

        await Assertions.Expect(editor.Locator("[data-testid=publish]")).ToHaveTextAsync("Publish now");
        Assert.True(await editor.EvaluateAsync<bool>("() => window.__sameDocument === true"));
    }

    [Fact]
    public async Task AConsolePageWhoseLiveReloadFailsSaysSoPlainlyAndOffersAReload()
    {
        var incidents = await SignedInPageAsync("/admin/incidents");
        await Assertions.Expect(incidents.Locator("[data-incident]").First).ToBeVisibleAsync();

        // The incidents can no longer be read; the next change anyone makes reloads the page.
        await using (var db = _app.NewDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE Incidents RENAME TO IncidentsUnreadable");
        }

        await _app.Get<ChangeSystemStatus>().HandleAsync(new ChangeSystemStatusRequest("supplier-payments", SystemStatus.Degraded, "Slow"),
            new Actor("operator@example.com", "127.0.0.1", PortalRoles.Operator));

        var problem = incidents.Locator("[data-testid=page-problem]");
        await Assertions.Expect(problem).ToContainTextAsync("This page could not be updated.");
        await Assertions.Expect(problem.Locator("[data-testid=page-problem-reload]")).ToHaveTextAsync("Reload");
        await Assertions.Expect(incidents.Locator(".console-nav")).ToBeVisibleAsync();
        Assert.DoesNotContain("IncidentsUnreadable", await incidents.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("no such table", await incidents.ContentAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
