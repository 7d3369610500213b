using Microsoft.Playwright;
using Portal.Core.Domain;
using Portal.Core.Features.Board;
using Portal.Core.Features.Statements;
using Portal.Core.Features.Systems;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class BoardLiveTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly PortalWebApp _app = new();
    private Uri _address = null!;
    private IBrowserContext _context = null!;

    public async Task InitializeAsync()
    {
        _address = _app.StartOnLoopback();
        _context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _address.ToString() });
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task ShowsAStatusChangeMadeThroughCoreWithoutReloading()
    {
        var page = await _context.NewPageAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator(".board[data-live=on]")).ToBeVisibleAsync();
        var partsStatus = page.Locator("[data-system='global-parts-logistics'] .status-chip");
        await Assertions.Expect(partsStatus).ToHaveTextAsync("Degraded");
        // Marks this document: a reload would lose the mark.
        await page.EvaluateAsync("() => window.__sameDocument = true");

        await _app.Get<ChangeSystemStatus>().HandleAsync(
            new ChangeSystemStatusRequest("global-parts-logistics", SystemStatus.Operational, "Deliveries on time again"),
            new Actor("operator", null, PortalRoles.Operator));

        await Assertions.Expect(partsStatus).ToHaveTextAsync("Operational");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"));
    }

    [Fact]
    public async Task ShowsAStatusChangeTheMomentItIsHeardAndThePageCatchesUpAfter()
    {
        var page = await _context.NewPageAsync();
        await page.GotoAsync("/");
        var board = page.Locator(".board[data-live=on]");
        await Assertions.Expect(board).ToBeVisibleAsync();
        var rendered = await board.GetAttributeAsync("data-sequence");
        var row = page.Locator("[data-system='global-parts-logistics']");
        var group = page.Locator(".system-group", new PageLocatorOptions { Has = row });
        await Assertions.Expect(row.Locator(".status-chip")).ToHaveTextAsync("Degraded");
        await Assertions.Expect(group.Locator(".group-heading .status-chip")).Not.ToHaveTextAsync("Offline");

        // The refresh is held back, so what shows the change is the hub event alone.
        var (refreshes, release) = await HoldRefreshesAsync(page);

        await _app.Get<ChangeSystemStatus>().HandleAsync(
            new ChangeSystemStatusRequest("global-parts-logistics", SystemStatus.Offline, "Carrier link down"),
            new Actor("operator", null, PortalRoles.Operator));

        await Assertions.Expect(row.Locator(".status-chip")).ToHaveTextAsync("Offline");
        await Assertions.Expect(row.Locator(".status-chip")).ToHaveAttributeAsync("data-status", "Offline");
        await Assertions.Expect(row.Locator(".status-chip")).ToHaveAttributeAsync("title", "Not available.");
        await Assertions.Expect(group.Locator(".group-heading .status-chip")).ToHaveTextAsync("Offline");
        await Assertions.Expect(row.Locator(".system-updated time")).ToHaveTextAsync("just now");
        Assert.Equal(rendered, await page.Locator(".board").GetAttributeAsync("data-sequence"));

        // The refresh then brings the rest of the page, and the change stays shown.
        await refreshes.Task;
        release.SetResult();
        await Assertions.Expect(page.Locator(".board[data-live=on]")).Not.ToHaveAttributeAsync("data-sequence", rendered!);
        await Assertions.Expect(page.Locator(".overall-headline")).ToHaveTextAsync("Some systems are not available");
        await Assertions.Expect(row.Locator(".status-chip")).ToHaveTextAsync("Offline");
        await Assertions.Expect(group.Locator(".group-heading .status-chip")).ToHaveTextAsync("Offline");
    }

    [Fact]
    public async Task ShowsANewStatementTheMomentItIsHeardWithItsTitleAsTextAndThePageCatchesUpAfter()
    {
        var page = await _context.NewPageAsync();
        await page.GotoAsync("/");
        var board = page.Locator(".board[data-live=on]");
        await Assertions.Expect(board).ToBeVisibleAsync();
        var rendered = await board.GetAttributeAsync("data-sequence");
        var cards = page.Locator("[data-live-statements] > .statement-card");
        var shownBefore = await cards.CountAsync();

        // The refresh is held back, so what shows the statement is the hub event alone.
        var (refreshes, release) = await HoldRefreshesAsync(page);

        const string title = "Card payments <b>resume</b> at every till";
        var id = (await PublishPublicStatementAsync(title, "Card payments are taken again at every till from 14:00."))
            .ToString(System.Globalization.CultureInfo.InvariantCulture);

        var first = cards.First;
        await Assertions.Expect(first).ToHaveAttributeAsync("data-statement-id", id);
        await Assertions.Expect(first.Locator("[data-statement-title]")).ToHaveTextAsync(title);
        await Assertions.Expect(first.Locator("[data-statement-title]")).ToHaveAttributeAsync("href", $"/statements/{id}");
        await Assertions.Expect(first.Locator("b")).ToHaveCountAsync(0);
        await Assertions.Expect(first.Locator("[data-statement-excerpt]")).ToContainTextAsync("Card payments are taken again");
        await Assertions.Expect(first.Locator("time")).ToHaveTextAsync("just now");
        await Assertions.Expect(cards).ToHaveCountAsync(Math.Min(shownBefore + 1, GetStatusBoard.LatestStatementCount));
        Assert.Equal(rendered, await page.Locator(".board").GetAttributeAsync("data-sequence"));

        // The refresh then brings the server's render of it, once.
        await refreshes.Task;
        release.SetResult();
        await Assertions.Expect(page.Locator(".board[data-live=on]")).Not.ToHaveAttributeAsync("data-sequence", rendered!);
        await Assertions.Expect(cards.First).ToHaveAttributeAsync("data-statement-id", id);
        await Assertions.Expect(page.Locator($"[data-statement-id='{id}']")).ToHaveCountAsync(1);
        await Assertions.Expect(cards.First.Locator("[data-statement-title]")).ToHaveTextAsync(title);
    }

    /// <summary>
    /// Holds back the page's requests for the board (live.js's refresh) until <c>release</c> is set;
    /// <c>refreshes</c> completes when the first one is asked for.
    /// </summary>
    private static async Task<(TaskCompletionSource<IRoute> Refreshes, TaskCompletionSource Release)> HoldRefreshesAsync(IPage page)
    {
        var refreshes = new TaskCompletionSource<IRoute>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync(url => new Uri(url).AbsolutePath == "/", async route =>
        {
            refreshes.TrySetResult(route);
            await release.Task;
            await route.ContinueAsync();
        });
        return (refreshes, release);
    }

    /// <summary>Drafts, submits, approves and publishes a public statement, by two people as the portal requires.</summary>
    private async Task<int> PublishPublicStatementAsync(string title, string body)
    {
        var author = new Actor("author@example.com", null, PortalRoles.Publisher);
        var approver = new Actor("approver@example.com", null, PortalRoles.Approver);
        var draft = await _app.Get<SaveStatementDraft>().HandleAsync(new SaveStatementDraftRequest(null, title, body, [Audience.Public], null, []), author);
        await _app.Get<SubmitStatement>().HandleAsync(new StatementActionRequest(draft.Id), author);
        await _app.Get<ApproveStatement>().HandleAsync(new StatementActionRequest(draft.Id), approver);
        await _app.Get<PublishStatement>().HandleAsync(new PublishStatementRequest(draft.Id), author);
        return draft.Id;
    }

    [Fact]
    public async Task AnAnonymousBoardIsStaticHtmlWithNoCircuitAndStaysLiveThroughTheStatusHub()
    {
        var page = await _context.NewPageAsync();
        var sockets = new List<string>();
        var requests = new List<string>();
        page.WebSocket += (_, socket) => sockets.Add(new Uri(socket.Url).AbsolutePath);
        page.Request += (_, request) => requests.Add(new Uri(request.Url).AbsolutePath);
        await page.SetViewportSizeAsync(1280, 600);
        await page.GotoAsync("/");
        var board = page.Locator(".board[data-live=on]");
        await Assertions.Expect(board).ToBeVisibleAsync();
        var rendered = long.Parse(await board.GetAttributeAsync("data-sequence") ?? "", System.Globalization.CultureInfo.InvariantCulture);

        // Scrolled down to the systems and focused on one: a refresh in place keeps both.
        var partsLink = page.Locator("[data-system='global-parts-logistics'] a.system-name");
        await partsLink.FocusAsync();
        await page.EvaluateAsync("() => window.scrollTo(0, 400)");
        await page.EvaluateAsync("() => window.__sameDocument = true");

        await _app.Get<ChangeSystemStatus>().HandleAsync(
            new ChangeSystemStatusRequest("global-parts-logistics", SystemStatus.Operational, "Deliveries on time again"),
            new Actor("operator", null, PortalRoles.Operator));

        await Assertions.Expect(page.Locator("[data-system='global-parts-logistics'] .status-chip")).ToHaveTextAsync("Operational");
        await Assertions.Expect(board).ToBeVisibleAsync();
        Assert.True(long.Parse(await board.GetAttributeAsync("data-sequence") ?? "", System.Globalization.CultureInfo.InvariantCulture) > rendered);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"));
        Assert.Equal(400, await page.EvaluateAsync<int>("() => Math.round(window.scrollY)"));
        await Assertions.Expect(partsLink).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#components-reconnect-modal")).ToHaveAttributeAsync("data-state", "live");

        Assert.Equal(["/hubs/status"], sockets);
        Assert.DoesNotContain(requests, path => path.StartsWith("/_blazor", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAnonymousViewerFollowsLinksBetweenStaticPagesWithOneHubConnection()
    {
        var page = await _context.NewPageAsync();
        var sockets = new List<string>();
        page.WebSocket += (_, socket) => sockets.Add(new Uri(socket.Url).AbsolutePath);
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator(".board[data-live=on]")).ToBeVisibleAsync();

        await page.Locator("[data-system='global-parts-logistics'] a.system-name").ClickAsync();
        var systemPage = page.Locator(".system-page[data-live=on]");
        await Assertions.Expect(systemPage).ToBeVisibleAsync();
        await Assertions.Expect(systemPage.Locator(".status-chip").First).ToHaveTextAsync("Degraded");

        await _app.Get<ChangeSystemStatus>().HandleAsync(
            new ChangeSystemStatusRequest("global-parts-logistics", SystemStatus.Operational, "Deliveries on time again"),
            new Actor("operator", null, PortalRoles.Operator));

        await Assertions.Expect(systemPage.Locator(".status-chip").First).ToHaveTextAsync("Operational");
        await Assertions.Expect(systemPage.Locator(".timeline-reason").First).ToHaveTextAsync("Deliveries on time again");
        Assert.Equal(["/hubs/status"], sockets);
    }

    [Theory]
    [InlineData(ColorScheme.Dark, "rgba(143,179,230,1)")] // PortalTheme.PaletteDark.Primary, #8fb3e6
    [InlineData(ColorScheme.Light, "rgba(31,58,95,1)")] // PortalTheme.PaletteLight.Primary, #1f3a5f
    public async Task AStaticBoardFollowsTheBrowsersColourScheme(ColorScheme scheme, string primary)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _address.ToString(), ColorScheme = scheme });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator(".board[data-live=on]")).ToBeVisibleAsync();

        var colour = await page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).getPropertyValue('--mud-palette-primary').trim()");
        Assert.Equal(primary, colour, ignoreCase: true);
        await context.DisposeAsync();
    }

    [Fact]
    public async Task ShowsTheBoardOnAPhoneWithoutSidewaysScrolling()
    {
        var phone = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _address.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
        });
        var page = await phone.NewPageAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator(".board[data-live=on]")).ToBeVisibleAsync();

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The board is {overflow}px wider than a phone screen.");
        await phone.DisposeAsync();
    }
}
