using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MudBlazor.Utilities;
using Portal.Core.Domain;
using Portal.Tests.Isolation;
using Portal.Tests.Support;
using Portal.Web.Components.Layout;
using Xunit.Abstractions;

namespace Portal.Tests.Browser;

/// <summary>
/// WCAG 2.2 A and AA in a real browser: axe-core on every page the portal has (found as the leak
/// test finds them), as anonymous, as each audience and as an Admin, in light and dark; keyboard
/// focus visible on the interactive elements of key pages; no sideways scrolling at 320 px.
/// </summary>
/// <remarks>
/// The walk is the longest browser test, so it runs in its own collection (with its own Chromium) beside the
/// other browser tests instead of after them. It loads each page once and checks it in both colour schemes.
/// </remarks>
public abstract class AccessibilityChecks(BrowserFixture browser, AccessibilityPortal portal, ITestOutputHelper output)
{
    /// <summary>The axe-core tags of the WCAG 2.0, 2.1 and 2.2 success criteria at levels A and AA.</summary>
    private static readonly List<string> WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    /// <summary>
    /// axe-core with only the WCAG rules, reporting violations in full; passes and the rest, which the test does not read,
    /// with one element each, which spares axe working out a selector for every element that passes.
    /// </summary>
    private static readonly AxeRunOptions WcagViolations = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = WcagTags },
        ResultTypes = [ResultType.Violations],
    };

    /// <summary>The colour schemes every page is checked in, in the order they are checked on each load.</summary>
    private static readonly ColorScheme[] Schemes = [ColorScheme.Light, ColorScheme.Dark];

    private PortalWebApp App => portal.App;

    private Uri Address => portal.Address;

    protected async Task WalkEveryPageInBothColourSchemesAsync()
    {
        var pages = PortalRoutes.All(App.Services).Where(IsPage).ToList();
        Assert.Contains(pages, p => PortalRoutes.Normalise(p.RawText!) == "/systems/{Slug}");
        Assert.Contains(pages, p => PortalRoutes.Normalise(p.RawText!) == "/admin/people");

        var failures = new List<string>();
        var walked = 0;
        await using var anonymous = await browser.Browser.NewContextAsync(Options(ColorScheme.Light));
        var values = await RouteValuesAsync(anonymous);
        var publicPages = pages.Where(p => !IsConsole(p)).ToList();
        walked += await WalkAsync(anonymous, "anonymous", [.. Addresses(publicPages, values, "public"), .. await SubscriptionAddressesAsync()], failures);

        foreach (var (audience, email) in AccessibilityPortal.AudienceViewers)
        {
            await using var viewer = await browser.Browser.NewContextAsync(Options(ColorScheme.Light));
            await SignInAsync(viewer, email);
            var own = publicPages.Where(p => (p.PathSegments.Count == 1 && p.RawText!.Trim('/') == audience) || p.Parameters.Any(x => x.Name == "AudienceKey")).ToList();
            walked += await WalkAsync(viewer, audience, ["/", .. Addresses(own, values, audience)], failures);
        }

        await using var admin = await browser.Browser.NewContextAsync(Options(ColorScheme.Light));
        await SignInAsync(admin, AccessibilityPortal.AdminEmail);
        walked += await WalkAsync(admin, "admin", [.. Addresses(pages.Where(IsConsole), values, "public"), "/account/two-factor", "/account/change-password"], failures);

        output.WriteLine($"{walked} pages checked in {string.Join(" and ", Schemes)}, {failures.Count} violations");
        Assert.True(walked >= 30, $"Only {walked} pages were checked.");
        Assert.True(failures.Count == 0, $"{failures.Count} WCAG violations:\n" + string.Join("\n", failures));
    }

    protected async Task CheckFocusIsVisibleOnKeyPagesAsync()
    {
        var failures = new List<string>();
        var checkedElements = 0;
        await using (var anonymous = await browser.Browser.NewContextAsync(Options(ColorScheme.Light)))
        {
            var values = await RouteValuesAsync(anonymous);
            foreach (var address in new[] { "/", $"/systems/{values["Slug"]}", "/account/login" })
            {
                checkedElements += await CheckFocusAsync(anonymous, address, failures);
            }
        }

        await using (var admin = await browser.Browser.NewContextAsync(Options(ColorScheme.Dark)))
        {
            await SignInAsync(admin, AccessibilityPortal.AdminEmail);
            foreach (var address in new[] { "/admin", "/admin/statements" })
            {
                checkedElements += await CheckFocusAsync(admin, address, failures);
            }
        }

        output.WriteLine($"{checkedElements} focusable elements checked");
        Assert.True(checkedElements >= 20, $"Only {checkedElements} elements were reached with Tab.");
        Assert.True(failures.Count == 0, $"{failures.Count} elements look the same focused and unfocused:\n" + string.Join("\n", failures));
    }

    protected async Task CheckPublicPagesFit320PixelsAsync()
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Address.ToString(),
            ViewportSize = new ViewportSize { Width = 320, Height = 640 },
        });
        var values = await RouteValuesAsync(context);
        var page = await context.NewPageAsync();
        var failures = new List<string>();
        foreach (var address in new[] { "/", $"/systems/{values["Slug"]}", $"/statements/{values["Id"]}", "/account/login", "/account/register" })
        {
            await page.GotoAsync(address);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            if (width > 320)
            {
                failures.Add($"{address} is {width} px wide");
            }

            // The fixed live indicator sits in space kept free for it below the page's last content.
            var covered = await page.EvaluateAsync<string?>("""
                () => {
                    window.scrollTo(0, document.documentElement.scrollHeight);
                    const pill = document.getElementById('components-reconnect-modal');
                    if (!pill || getComputedStyle(pill).display === 'none') return null;
                    const box = pill.getBoundingClientRect();
                    const main = document.querySelector('main');
                    for (const el of main.querySelectorAll('a, button, input, p, h1, h2, h3, li, td, span')) {
                        const r = el.getBoundingClientRect();
                        if (r.width > 0 && r.height > 0 && r.left < box.right && r.right > box.left && r.top < box.bottom && r.bottom > box.top)
                            return el.outerHTML.slice(0, 120);
                    }
                    return null;
                }
                """);
            if (covered is not null)
            {
                failures.Add($"{address}: the live indicator covers {covered}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private BrowserNewContextOptions Options(ColorScheme scheme) => new() { BaseURL = Address.ToString(), ColorScheme = scheme };

    /// <summary>The email subscription pages with what they show besides their empty state: a chosen system, a confirmation button, a subscription to manage.</summary>
    private async Task<List<string>> SubscriptionAddressesAsync()
    {
        var (subscription, token) = EmailSubscription.CreateAnonymous("a11y.subscriber@example.com", EmailSubscriptionChoice.Everything, [], [], DateTimeOffset.UtcNow);
        await using var db = App.NewDbContext();
        if (await db.EmailSubscriptions.SingleOrDefaultAsync(s => s.Address == subscription.Address) is { } existing)
        {
            subscription = existing;
        }
        else
        {
            db.EmailSubscriptions.Add(subscription);
            await db.SaveChangesAsync();
        }

        var system = await db.EstateSystems.Where(s => s.Audiences.Contains(Audience.Public)).Select(s => s.Id).FirstAsync();
        var links = App.Get<Portal.Web.Subscriptions.SubscriptionLinks>();
        return [$"/subscribe?system={system}", $"/subscriptions/confirm?token={Uri.EscapeDataString(token)}",
            new Uri(links.Manage(subscription.Id)).PathAndQuery];
    }

    private static bool IsPage(RoutePattern pattern) =>
        typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes(typeof(Microsoft.AspNetCore.Components.RouteAttribute), false).Cast<Microsoft.AspNetCore.Components.RouteAttribute>())
            .Any(r => PortalRoutes.Normalise(r.Template) == PortalRoutes.Normalise(pattern.RawText ?? ""));

    private static bool IsConsole(RoutePattern pattern) => PortalRoutes.Normalise(pattern.RawText!).StartsWith("/admin", StringComparison.Ordinal);

    /// <summary>A system slug and a statement id the public board links to, for the routes' parameters.</summary>
    private static async Task<Dictionary<string, string>> RouteValuesAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        var system = await page.Locator("a[href^='/systems/']").First.GetAttributeAsync("href");
        var statement = await page.Locator("a[href^='/statements/']").First.GetAttributeAsync("href");
        await page.CloseAsync();
        return new(StringComparer.OrdinalIgnoreCase)
        {
            ["Slug"] = system!.Split('/')[^1],
            ["Id"] = statement!.Split('/')[^1],
            ["Code"] = "404",
        };
    }

    private static IEnumerable<string> Addresses(IEnumerable<RoutePattern> patterns, Dictionary<string, string> values, string audience) =>
        patterns.Select(p => PortalRoutes.Fill(p, [.. p.Parameters.Select(x => x.Name == "AudienceKey" ? audience : values[x.Name])]).First());

    private static async Task SignInAsync(IBrowserContext context, string email)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", PortalWebApp.Password);
        await page.ClickAsync(".account-card button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        await page.CloseAsync();
    }

    /// <summary>
    /// Opens each address once (a redirect to a page already checked is not checked again) and runs axe on it in
    /// each colour scheme, switching the scheme on the loaded page as a browser whose setting changes would.
    /// </summary>
    private static async Task<int> WalkAsync(IBrowserContext context, string viewer, IEnumerable<string> addresses, List<string> failures)
    {
        var page = await context.NewPageAsync();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var address in addresses.Distinct(StringComparer.Ordinal))
        {
            await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = Schemes[0] });
            await page.GotoAsync(address);
            await SettleAsync(page);
            var landed = new Uri(page.Url).AbsolutePath;
            if (!seen.Add(landed))
            {
                continue;
            }

            foreach (var scheme in Schemes)
            {
                await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = scheme });
                await FollowsSchemeAsync(page, scheme);
                var result = await page.RunAxe(WcagViolations);
                foreach (var violation in result.Violations)
                {
                    foreach (var node in violation.Nodes)
                    {
                        failures.Add($"{viewer} {landed} in {scheme}: {violation.Id} ({violation.Help}) at {node.Target} {Shorten(node.Html)}");
                    }
                }
            }
        }

        await page.CloseAsync();
        return seen.Count;
    }

    /// <summary>Waits until the page is loaded and its circuit or hub is up.</summary>
    private static async Task SettleAsync(IPage page)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        if (await page.Locator(".console").CountAsync() > 0)
        {
            await Assertions.Expect(page.Locator(".console[data-interactive=on]")).ToBeVisibleAsync();
        }
    }

    /// <summary>
    /// Waits until the page's colours follow <paramref name="scheme"/>: a static page through its media query, an
    /// interactive one once the theme provider hears of the change; then until the colour transitions this started have
    /// ended, so axe reads the colours a person sees and not ones half-way between the schemes.
    /// </summary>
    private static async Task FollowsSchemeAsync(IPage page, ColorScheme scheme)
    {
        var primary = (scheme == ColorScheme.Dark ? PortalTheme.Theme.PaletteDark.Primary : PortalTheme.Theme.PaletteLight.Primary)
            .ToString(MudColorOutputFormats.RGBA);
        await page.WaitForFunctionAsync(
            "primary => getComputedStyle(document.documentElement).getPropertyValue('--mud-palette-primary').trim().replaceAll(' ', '') === primary",
            primary);
        await page.EvaluateAsync("() => Promise.allSettled(document.getAnimations().filter(a => a instanceof CSSTransition).map(a => a.finished))");
    }

    /// <summary>
    /// Moves keyboard focus through the page with Tab and compares each element's surroundings
    /// focused and unfocused: focus must change pixels there.
    /// </summary>
    private static async Task<int> CheckFocusAsync(IBrowserContext context, string address, List<string> failures)
    {
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 900);
        await page.GotoAsync(address);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        if (await page.Locator(".console").CountAsync() > 0)
        {
            await Assertions.Expect(page.Locator(".console[data-interactive=on]")).ToBeVisibleAsync();
        }

        var visited = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;
        for (var step = 0; step < 120; step++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<FocusedElement?>("""
                () => {
                    const el = document.activeElement;
                    if (!el || el === document.body) return null;
                    el.scrollIntoView({ block: 'center' });
                    const r = el.getBoundingClientRect();
                    if (!el.dataset.focusMark) el.dataset.focusMark = String(Math.random());
                    return { mark: el.dataset.focusMark, html: el.outerHTML.slice(0, 140), x: r.left, y: r.top, width: r.width, height: r.height };
                }
                """);
            if (focused is null || !visited.Add(focused.Mark))
            {
                break;
            }

            if (focused.Width < 1 || focused.Height < 1)
            {
                continue;
            }

            var clip = new Clip { X = Math.Max(0, focused.X - 6), Y = Math.Max(0, focused.Y - 6), Width = focused.Width + 12, Height = focused.Height + 12 };
            var withFocus = await page.ScreenshotAsync(new PageScreenshotOptions { Clip = clip, Animations = ScreenshotAnimations.Disabled });
            await page.EvaluateAsync("() => document.activeElement.blur()");
            var withoutFocus = await page.ScreenshotAsync(new PageScreenshotOptions { Clip = clip, Animations = ScreenshotAnimations.Disabled });
            if (withFocus.AsSpan().SequenceEqual(withoutFocus))
            {
                failures.Add($"{address}: {focused.Html}");
            }

            // Focus returns to the element so the next Tab moves on from it.
            await page.EvaluateAsync("mark => document.querySelector(`[data-focus-mark=\"${mark}\"]`).focus()", focused.Mark);
            count++;
        }

        await page.CloseAsync();
        return count;
    }

    private static string Shorten(string html) => html.Length <= 160 ? html : new StringBuilder(html, 0, 160, 163).Append('…').ToString();

    /// <summary>The focused element as the page reports it (Playwright fills it by property name).</summary>
    private sealed class FocusedElement
    {
        public string Mark { get; set; } = "";

        public string Html { get; set; } = "";

        public float X { get; set; }

        public float Y { get; set; }

        public float Width { get; set; }

        public float Height { get; set; }
    }
}

/// <summary>
/// The portal the accessibility checks of one test class share (they only read, apart from one email subscription
/// the walk adds once): the demonstration estate, a viewer of each audience and an Admin with every role.
/// </summary>
public sealed class AccessibilityPortal : IAsyncLifetime
{
    public const string AdminEmail = "a11y.admin@northwind-motors.example";

    public static readonly IReadOnlyDictionary<string, string> AudienceViewers = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["suppliers"] = "supplier@partsco.example",
        ["retailers"] = "retailer@dealer.example",
        ["colleagues"] = "colleague@northwind-motors.example",
    };

    public PortalWebApp App { get; } = new();

    public Uri Address { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Address = App.StartOnLoopback();
        foreach (var (audience, email) in AudienceViewers)
        {
            await App.CreateViewerAsync(email, audience);
        }

        await App.CreatePersonAsync(AdminEmail, PortalRoles.Admin, PortalRoles.Operator, PortalRoles.Publisher, PortalRoles.Approver);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>Keyboard focus and reflow, beside the other browser tests.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture browser, AccessibilityPortal portal, ITestOutputHelper output)
    : AccessibilityChecks(browser, portal, output), IClassFixture<AccessibilityPortal>
{
    [Fact]
    public Task KeyboardFocusIsVisibleOnEveryInteractiveElementOfKeyPages() => CheckFocusIsVisibleOnKeyPagesAsync();

    [Fact]
    public Task PublicPagesFitA320PixelWideScreenWithoutSidewaysScrolling() => CheckPublicPagesFit320PixelsAsync();
}

/// <summary>axe-core on every page for every viewer, in light and in dark colours on the same load.</summary>
[Collection(WcagWalkCollection.Name)]
public sealed class AccessibilityWalkTests(BrowserFixture browser, AccessibilityPortal portal, ITestOutputHelper output)
    : AccessibilityChecks(browser, portal, output), IClassFixture<AccessibilityPortal>
{
    [Fact]
    public Task EveryPageHasNoWcagViolationsForAnyViewerInLightAndInDark() => WalkEveryPageInBothColourSchemesAsync();
}
