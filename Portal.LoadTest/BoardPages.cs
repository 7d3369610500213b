using System.Globalization;
using Microsoft.Playwright;

namespace Portal.LoadTest;

/// <summary>
/// The child process in <c>--pages</c> mode: N live board pages in one headless Chromium context
/// (Debian's chromium, flags as in the browser tests; Playwright's own browser download is never
/// used). They are anonymous, so each is static HTML kept live by one status hub connection (before
/// that change, each was a Blazor Server circuit). A page counts as open once its root says
/// <c>data-live="on"</c>: connected to the hub and current.
/// </summary>
internal static class BoardPages
{
    internal static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",

        // Pages share a few renderer processes, so hundreds of tabs fit in the browser's memory;
        // each still has its own connection on the server, which is what is measured.
        "--renderer-process-limit=4",
    ];

    /// <summary>Debian's chromium, or <c>CHROMIUM_PATH</c>.</summary>
    internal static string ChromiumPath =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";

    public static async Task<int> RunAsync(LoadOptions options)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
        var context = await browser.NewContextAsync();

        // One page first, so the server's idle baseline includes the code every page runs.
        await OpenLiveBoardAsync(context, options.Url!);
        await Warm.HandOverAsync();

        var failed = 0;
        string? firstError = null;
        using var gate = new SemaphoreSlim(options.Concurrency);
        await Task.WhenAll(Enumerable.Range(0, options.Connections).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                await OpenLiveBoardAsync(context, options.Url!);
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

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ready {options.Connections - failed} {failed} {firstError}"));
        await Console.In.ReadLineAsync();
        Console.WriteLine("done");
        await context.CloseAsync();
        return 0;
    }

    private static async Task OpenLiveBoardAsync(IBrowserContext context, Uri url)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(url.ToString(), new PageGotoOptions { Timeout = 120_000 });
        await page.Locator(".board[data-live='on']").WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });
    }
}

/// <summary>The child's side of the warm-up handshake: say "warm", wait for the server's "go".</summary>
internal static class Warm
{
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
