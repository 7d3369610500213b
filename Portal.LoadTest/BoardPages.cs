using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

namespace Portal.LoadTest;

/// <summary>
/// The child process in <c>--pages</c> mode: N live board pages in headless Chromium, one browser per 250 pages
/// (Debian's chromium, flags as in the browser tests; Playwright's own browser download is never
/// used). They are anonymous, so each is static HTML kept live by one status hub connection (before
/// that change, each was a Blazor Server circuit). A page counts as open once its root says
/// <c>data-live="on"</c>: connected to the hub and current. With <c>--browser-pages</c>, only that many
/// are tabs and the rest are <see cref="WirePage"/>s: what the portal serves and sends is the same, and
/// the machine's 2 cores are not spent on drawing a thousand tabs that would, for a real crowd, run on
/// the viewers' own machines.
/// </summary>
internal static class BoardPages
{
    internal static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",

        // All the pages of one browser share one renderer process (they are one site), so a thousand
        // tabs fit in the machine's memory and its 2 cores are not spent switching between hundreds of
        // processes; each page still has its own hub connection, which is what is measured.
        // (--renderer-process-limit=4 did not hold: 634 pages ran in about 500 renderer processes, 16 GB.)
        "--process-per-site",

        // Every page but one per browser is a background tab, whose timers Chromium otherwise runs at
        // most once a second, and after five minutes hidden once a minute: live.js's refresh (a
        // timer) would then wait up to a minute, which measures the browser, not the portal.
        "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
        "--disable-backgrounding-occluded-windows", "--disable-features=IntensiveWakeUpThrottling",
    ];

    /// <summary>Debian's chromium, or <c>CHROMIUM_PATH</c>.</summary>
    internal static string ChromiumPath =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";

    /// <summary>One Chromium opens at most about 255 WebSockets; more pages are spread over more browsers.</summary>
    internal const int PagesPerBrowser = 250;

    public static async Task<int> RunAsync(LoadOptions options)
    {
        var browserPages = options.BrowserPages ?? options.Connections;

        // Hundreds of wire pages hear one event at once: their handlers must not queue while the thread pool
        // grows one thread at a time, or the figure would be this process's, not the portal's.
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), completionPorts);
        using var playwright = await Playwright.CreateAsync();
        var browsers = new List<IBrowser>();
        var contexts = new List<IBrowserContext>();
        try
        {
            for (var i = 0; i < (browserPages + 1 + PagesPerBrowser - 1) / PagesPerBrowser; i++)
            {
                var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = ChromiumPath,
                    Headless = true,
                    Args = ChromiumArgs,
                });
                browsers.Add(browser);
                contexts.Add(await browser.NewContextAsync());
            }

            return await RunAsync(options, browserPages, contexts);
        }
        finally
        {
            foreach (var browser in browsers)
            {
                await browser.CloseAsync();
            }
        }
    }

    /// <summary>
    /// Whether page <paramref name="page"/> of <paramref name="pages"/> is a Chromium tab: <paramref name="browserPages"/>
    /// of them, spread evenly through the opening order; the rest are <see cref="WirePage"/>s.
    /// </summary>
    internal static bool IsBrowserPage(int page, int pages, int browserPages) => (long)page * browserPages % pages < browserPages;

    private static async Task<int> RunAsync(LoadOptions options, int browserPages, List<IBrowserContext> contexts)
    {
        // When each page heard the change (its hub connection received the event), showed it (the system's
        // status chip changed: browser pages only) and caught up with it (its render's data-sequence moved
        // on): the page's own clock, in Unix milliseconds, so the time a report takes to reach this process
        // is not counted.
        var heard = new double[options.Connections];
        var shown = new double[options.Connections];
        var current = new double[options.Connections];
        var (heardCount, shownCount, currentCount) = (0, 0, 0);
        var isBrowser = Enumerable.Range(0, options.Connections).Select(i => IsBrowserPage(i, options.Connections, browserPages)).ToArray();
        using var pool = WirePage.CreatePool();
        var wirePages = new WirePage?[options.Connections];
        var opened = new bool[options.Connections];

        // One page first, so the server's idle baseline includes the code every page runs.
        await OpenLiveBoardAsync(contexts[0], options.Url!, ChangeType(options), (_, _) => { });
        await Warm.HandOverAsync();

        var failed = 0;
        string? firstError = null;
        var browserOpened = 0;
        using var gate = new SemaphoreSlim(options.Concurrency);
        Task OpenAsync(int from, int to) => Task.WhenAll(Enumerable.Range(from, to - from).Select(async i =>
        {
            void Report(string what, double at)
            {
                switch (what)
                {
                    case "heard":
                        Record(heard, ref heardCount, i, at);
                        break;
                    case "shown":
                        Record(shown, ref shownCount, i, at);
                        break;
                    default:
                        Record(current, ref currentCount, i, at);
                        break;
                }
            }

            await gate.WaitAsync();
            try
            {
                if (isBrowser[i])
                {
                    await OpenLiveBoardAsync(contexts[Interlocked.Increment(ref browserOpened) % contexts.Count], options.Url!, ChangeType(options), Report);
                }
                else
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
                    wirePages[i] = await WirePage.OpenAsync(pool, options.Url!, ChangeType(options), Report, timeout.Token);
                }

                opened[i] = true;
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref failed);
                Interlocked.CompareExchange(ref firstError, e.GetType().Name + ": " + e.Message.ReplaceLineEndings(" "), null);
            }
            finally
            {
                gate.Release();
            }
        }));

        // Half first, so the server can weigh what the second half adds: a page's own cost without the fixed ones.
        await OpenAsync(0, options.Connections / 2);
        await Warm.HalfwayAsync(options.Connections / 2 - failed);
        await OpenAsync(options.Connections / 2, options.Connections);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ready {options.Connections - failed} {failed} {firstError}"));

        // "finish": close. "finish EXPECTED SECONDS": wait until EXPECTED pages heard the change the server
        // committed meanwhile, the browser pages among them showed it, and all caught up with it (or the time
        // is up); report each open page ("page b|w HEARD SHOWN CURRENT", Unix ms, 0 for never); close.
        var command = (await Console.In.ReadLineAsync())?.Split(' ') ?? [];
        if (command is ["finish", var expectedText, var secondsText])
        {
            var expected = int.Parse(expectedText, CultureInfo.InvariantCulture);
            var expectedShown = Enumerable.Range(0, options.Connections).Count(i => opened[i] && isBrowser[i]);
            var until = Stopwatch.GetTimestamp() + (long.Parse(secondsText, CultureInfo.InvariantCulture) * Stopwatch.Frequency);
            while ((Volatile.Read(ref heardCount) < expected || Volatile.Read(ref shownCount) < expectedShown || Volatile.Read(ref currentCount) < expected)
                && Stopwatch.GetTimestamp() < until)
            {
                await Task.Delay(50);
            }

            var output = new System.Text.StringBuilder();
            foreach (var i in Enumerable.Range(0, options.Connections).Where(i => opened[i]))
            {
                output.Append(CultureInfo.InvariantCulture, $"page {(isBrowser[i] ? 'b' : 'w')} {heard[i]:R} {shown[i]:R} {current[i]:R}\n");
            }

            await Console.Out.WriteAsync(output.ToString());
        }

        Console.WriteLine("done");
        await Console.Out.FlushAsync();
        foreach (var page in wirePages)
        {
            if (page is not null)
            {
                await page.CloseAsync();
            }
        }

        foreach (var context in contexts)
        {
            await context.CloseAsync();
        }

        return 0;
    }

    private static void Record(double[] times, ref int count, int page, double at)
    {
        if (Interlocked.CompareExchange(ref times[page], at, 0) == 0)
        {
            Interlocked.Increment(ref count);
        }
    }

    /// <summary>The event type of the change measured: a system's status change, or with <c>--change statement</c> a published statement.</summary>
    internal static string ChangeType(LoadOptions options) => options.StatementChange ? "statementPublished" : "systemStatusChanged";

    private static async Task OpenLiveBoardAsync(IBrowserContext context, Uri url, string changeType, Action<string, double> onChange)
    {
        var page = await context.NewPageAsync();
        await page.ExposeFunctionAsync("portalLoadShown", (string report) =>
        {
            var (what, at) = (report.Split(' ')[0], report.Split(' ')[1]);
            onChange(what, double.Parse(at, CultureInfo.InvariantCulture));
        });
        // The moment the page's hub connection receives the change, before any script of the page's
        // handles it: what a wire page reports as "heard", so the two kinds compare, and shown minus heard
        // is the browser's own drawing.
        await page.AddInitScriptAsync($$"""
            ((changeType) => {
                const Native = window.WebSocket;
                window.WebSocket = class extends Native {
                    constructor(...args) {
                        super(...args);
                        this.addEventListener("message", (e) => {
                            if (typeof e.data === "string" && e.data.includes(`"${changeType}"`)) {
                                window.portalLoadHeardAt = performance.timeOrigin + performance.now();
                            }
                        });
                    }
                };
            })({{System.Text.Json.JsonSerializer.Serialize(changeType)}});
            """);
        await page.GotoAsync(url.ToString(), new PageGotoOptions { Timeout = 120_000 });
        await page.Locator(".board[data-live='on']").WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });

        // Told by the page itself, the moment the change shows (the system's chip changes, or another
        // statement comes first in the latest statements) and the moment a refresh merges a newer render in,
        // with the page's clock at that moment: no polling from here.
        await page.EvaluateAsync("""
            ([slug, changeType]) => {
                const sequence = () => Number(document.querySelector("[data-sequence]")?.dataset.sequence ?? 0);
                const status = changeType === "statementPublished"
                    ? () => document.querySelector("[data-live-statements] > [data-statement-id]")?.dataset.statementId
                    : () => document.querySelector(`[data-live-status="${slug}"]`)?.dataset.status;
                const opened = sequence();
                const openedStatus = status();
                let shown = false;
                let current = false;
                const observer = new MutationObserver(() => {
                    const now = performance.timeOrigin + performance.now();
                    if (!shown && status() !== openedStatus) {
                        shown = true;
                        if (window.portalLoadHeardAt) {
                            window.portalLoadShown(`heard ${window.portalLoadHeardAt}`);
                        }

                        window.portalLoadShown(`shown ${now}`);
                    }

                    if (!current && sequence() > opened) {
                        current = true;
                        window.portalLoadShown(`current ${now}`);
                    }

                    if (shown && current) {
                        observer.disconnect();
                    }
                });
                observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-sequence", "data-status", "data-statement-id"] });
            }
            """, new[] { LoadRun.PublicSystem, changeType });
    }
}

/// <summary>The child's side of the handshakes: say "warm" (or "half N"), wait for the server's "go".</summary>
internal static class Warm
{
    /// <summary>Says how many of the first half opened, and waits while the server measures itself.</summary>
    public static async Task HalfwayAsync(int open)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"half {open}"));
        await Console.Out.FlushAsync();
        if (await Console.In.ReadLineAsync() != "go")
        {
            throw new InvalidOperationException("The load tool did not answer at half way.");
        }
    }

    public static async Task HandOverAsync()
    {
        Console.WriteLine("warm");
        await Console.Out.FlushAsync();
        if (await Console.In.ReadLineAsync() != "go")
        {
            throw new InvalidOperationException("The load tool did not answer the warm-up.");
        }
    }
}
