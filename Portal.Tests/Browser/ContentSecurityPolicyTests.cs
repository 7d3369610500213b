using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Portal.Core.Domain;
using Portal.Core.Features.Board;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

/// <summary>
/// Every page of the portal, each as the person who can see it, loads under the portal's
/// Content-Security-Policy without a single violation: Blazor, MudBlazor and live.js work under it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityPolicyTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string AdminEmail = "admin@example.com";
    private const string ViewerEmail = "viewer@example.com";

    // Reports each violation the page's document sees, from the first script on.
    private const string ReportViolations = """
        document.addEventListener("securitypolicyviolation", (e) =>
            window.reportCspViolation(`${location.pathname}: ${e.effectiveDirective} refused ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`));
        """;

    private readonly PortalWebApp _app = new();
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly List<IBrowserContext> _contexts = [];
    private Uri _address = null!;

    // Admin holds every console role, so that every console page opens.
    private enum Visitor
    {
        Anonymous,
        Viewer,
        Admin,
    }

    public async Task InitializeAsync()
    {
        _address = _app.StartOnLoopback();
        await _app.CreatePersonAsync(AdminEmail, [.. PortalRoles.All]);
        await _app.CreateViewerAsync(ViewerEmail, "colleagues", "suppliers", "retailers");
    }

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }

        await _app.DisposeAsync();
    }

    [Fact]
    public async Task EveryPageLoadsUnderThePolicyWithoutAViolation()
    {
        var pages = await PagesAsync();
        var templates = typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Select(r => r.Template)
            .ToHashSet();
        Assert.Equal(templates.Order(), pages.Select(p => p.Template).Order());

        foreach (var visitor in Enum.GetValues<Visitor>())
        {
            var page = await PageForAsync(visitor);
            foreach (var (template, path, who) in pages.Where(p => p.Who == visitor))
            {
                var response = await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });
                Assert.NotNull(response);
                var policy = await response.HeaderValueAsync("content-security-policy");
                Assert.True(policy is not null, $"{path} ({template}) has no Content-Security-Policy.");
                Assert.Contains("script-src 'self' 'nonce-", policy, StringComparison.Ordinal);
                Assert.DoesNotContain("'unsafe-eval'", policy, StringComparison.Ordinal);
                if (who == Visitor.Admin && path.StartsWith("/admin", StringComparison.Ordinal))
                {
                    // The console's components, MudBlazor's included, have rendered over the circuit.
                    await Assertions.Expect(page.Locator(".console[data-interactive=on]")).ToBeVisibleAsync();
                }
            }
        }

        // A violation found late still belongs to the page that caused it: its path is in the report.
        Assert.Empty(_violations);
    }

    // In the order visited.
    private async Task<List<(string Template, string Path, Visitor Who)>> PagesAsync()
    {
        var board = await _app.Get<GetStatusBoard>().HandleAsync(Viewer.Anonymous);
        var publicSystem = board.Groups.SelectMany(g => g.Systems).First().Slug;
        await using var db = _app.NewDbContext();
        var publicStatement = (await db.Statements.AsNoTracking().ToListAsync())
            .First(s => s.State == StatementState.Published && s.Audiences.Contains(Audience.Public)).Id;
        var anyStatement = await db.Statements.Select(s => s.Id).FirstAsync();

        return
        [
            ("/", "/", Visitor.Anonymous),
            ("/systems/{Slug}", $"/systems/{publicSystem}", Visitor.Anonymous),
            ("/statements/{Id:int}", $"/statements/{publicStatement}", Visitor.Anonymous),
            ("/statements", "/statements", Visitor.Anonymous),
            ("/history", "/history", Visitor.Anonymous),
            ("/not-found", "/not-found", Visitor.Anonymous),
            ("/error", "/error", Visitor.Anonymous),
            ("/status/{Code:int}", "/status/404", Visitor.Anonymous),
            ("/account/login", "/account/login", Visitor.Anonymous),
            ("/account/register", "/account/register", Visitor.Anonymous),
            ("/account/resend-confirmation", "/account/resend-confirmation", Visitor.Anonymous),
            ("/account/check-email", "/account/check-email", Visitor.Anonymous),
            ("/account/confirm-email", "/account/confirm-email", Visitor.Anonymous),
            ("/account/accept-invitation", "/account/accept-invitation", Visitor.Anonymous),
            ("/account/login-2fa", "/account/login-2fa", Visitor.Anonymous),
            ("/account/login-recovery", "/account/login-recovery", Visitor.Anonymous),
            ("/account/forgot-password", "/account/forgot-password", Visitor.Anonymous),
            ("/account/reset-password", "/account/reset-password", Visitor.Anonymous),
            ("/subscribe", "/subscribe", Visitor.Anonymous),
            ("/subscriptions/confirm", "/subscriptions/confirm?token=not-a-token", Visitor.Anonymous),
            ("/subscriptions/manage", "/subscriptions/manage?token=not-a-token", Visitor.Anonymous),
            ("/colleagues", "/colleagues", Visitor.Viewer),
            ("/suppliers", "/suppliers", Visitor.Viewer),
            ("/retailers", "/retailers", Visitor.Viewer),
            ("/for/{AudienceKey}", "/for/public", Visitor.Viewer),
            ("/account/change-password", "/account/change-password", Visitor.Viewer),
            ("/account", "/account", Visitor.Viewer),
            ("/admin", "/admin", Visitor.Admin),
            ("/admin/status", "/admin/status", Visitor.Admin),
            ("/admin/incidents", "/admin/incidents", Visitor.Admin),
            ("/admin/statements", "/admin/statements", Visitor.Admin),
            ("/admin/statements/new", "/admin/statements/new", Visitor.Admin),
            ("/admin/statements/{Id:int}", $"/admin/statements/{anyStatement}", Visitor.Admin),
            ("/admin/statements/templates", "/admin/statements/templates", Visitor.Admin),
            ("/admin/people", "/admin/people", Visitor.Admin),
            ("/admin/audiences", "/admin/audiences", Visitor.Admin),
            ("/admin/metrics", "/admin/metrics", Visitor.Admin),
            ("/admin/estate", "/admin/estate", Visitor.Admin),
            ("/admin/api-clients", "/admin/api-clients", Visitor.Admin),
            ("/admin/maintenance", "/admin/maintenance", Visitor.Admin),
            ("/admin/phases", "/admin/phases", Visitor.Admin),
            ("/admin/webhooks", "/admin/webhooks", Visitor.Admin),
            ("/admin/subscribers", "/admin/subscribers", Visitor.Admin),
            ("/admin/audit", "/admin/audit", Visitor.Admin),
            ("/account/two-factor", "/account/two-factor", Visitor.Admin),
        ];
    }

    private async Task<IPage> PageForAsync(Visitor visitor)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _address.ToString() });
        _contexts.Add(context);
        await context.ExposeFunctionAsync<string>("reportCspViolation", report => _violations.Enqueue(report));
        await context.AddInitScriptAsync(ReportViolations);
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                _violations.Enqueue($"{page.Url}: {message.Text}");
            }
        };

        if (visitor != Visitor.Anonymous)
        {
            await page.GotoAsync("/account/login?returnUrl=%2F");
            await page.FillAsync("#email", visitor == Visitor.Admin ? AdminEmail : ViewerEmail);
            await page.FillAsync("#password", PortalWebApp.Password);
            await page.ClickAsync(".account-card button[type=submit]");
            await Assertions.Expect(page.Locator(".appbar-user")).ToBeVisibleAsync();
        }

        return page;
    }
}
