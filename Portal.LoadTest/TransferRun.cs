using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Portal.LoadTest;

/// <summary>
/// <c>--transfer</c>: what a first visit to the board costs over the wire, measured in headless Chromium
/// (Debian's, the browser tests' flags): the encoded bytes (headers and compressed bodies, as the
/// browser's network panel counts them) of every response until the page is live, then what a repeat
/// visit in the same browser fetches again. WebSocket frames after the upgrade are not counted.
/// </summary>
internal static class TransferRun
{
    /// <summary>The goal for a first visit, compressed.</summary>
    private const long FirstVisitBudget = 300 * 1000;

    /// <param name="portalUrl">A portal already running (a published one, perhaps over https for Brotli), or null to serve one from this build.</param>
    public static async Task<int> RunAsync(Uri? portalUrl)
    {
        await using var portal = portalUrl is null ? new LoadPortal() : null;
        var url = portalUrl ?? portal!.StartOnLoopback();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BoardPages.ChromiumPath,
            Headless = true,
            Args = BoardPages.ChromiumArgs,
        });

        // One warm-up visit in a context of its own, so the figures are not the server's first render.
        // A portal on the loopback address over https has a certificate of its own making.
        var contextOptions = new BrowserNewContextOptions { IgnoreHTTPSErrors = true };
        await using (var warm = await browser.NewContextAsync(contextOptions))
        {
            await VisitAsync(warm, url);
        }

        await using var context = await browser.NewContextAsync(contextOptions);
        var first = await VisitAsync(context, url);
        var repeat = await VisitAsync(context, url);

        Console.WriteLine($"First visit of {url} (empty cache):");
        first.Print();
        Console.WriteLine();
        Console.WriteLine("Repeat visit in the same browser:");
        repeat.Print();
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC, load average {LoadRun.LoadAverage()}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"first visit {first.Bytes / 1000.0:F1} KB in {first.Responses} responses (goal ≤ {FirstVisitBudget / 1000} KB: {(first.Bytes <= FirstVisitBudget ? "met" : "missed")}); repeat visit {repeat.Bytes / 1000.0:F1} KB in {repeat.Responses} responses from the network, {repeat.FromCache} from the browser's cache"));
        return first.Bytes <= FirstVisitBudget ? 0 : 1;
    }

    /// <summary>Opens the board in a new tab of <paramref name="context"/> and waits until it is live.</summary>
    private static async Task<Visit> VisitAsync(IBrowserContext context, Uri url)
    {
        var page = await context.NewPageAsync();
        var visit = new Visit();
        var session = await context.NewCDPSessionAsync(page);
        session.Event("Network.responseReceived").OnEvent += (_, e) => visit.Received(e);
        session.Event("Network.loadingFinished").OnEvent += (_, e) => visit.Finished(e);
        session.Event("Network.requestServedFromCache").OnEvent += (_, e) => visit.ServedFromCache(e);
        await session.SendAsync("Network.enable");
        await page.GotoAsync(url.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle, Timeout = 60_000 });
        await page.Locator(".board[data-live='on']").WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await session.DetachAsync();
        await page.CloseAsync();
        return visit;
    }

    private sealed class Visit
    {
        private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

        public long Bytes => _entries.Values.Where(e => !e.FromCache).Sum(e => e.Bytes);

        public int Responses => _entries.Values.Count(e => !e.FromCache);

        public int FromCache => _entries.Values.Count(e => e.FromCache);

        public void Received(JsonElement? e)
        {
            if (e is not { } args)
            {
                return;
            }

            var response = args.GetProperty("response");
            string Header(string name) => response.GetProperty("headers").EnumerateObject()
                .FirstOrDefault(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value is { ValueKind: JsonValueKind.String } value
                ? value.GetString() ?? "" : "";
            var entry = _entries.GetOrAdd(args.GetProperty("requestId").GetString()!, _ => new Entry());
            entry.Url = response.GetProperty("url").GetString() ?? "";
            entry.Status = response.GetProperty("status").GetInt32();
            entry.Encoding = Header("Content-Encoding");
            entry.CacheControl = Header("Cache-Control");
            entry.FromCache |= response.TryGetProperty("fromDiskCache", out var disk) && disk.GetBoolean();
        }

        public void Finished(JsonElement? e)
        {
            if (e is { } args)
            {
                _entries.GetOrAdd(args.GetProperty("requestId").GetString()!, _ => new Entry()).Bytes = (long)args.GetProperty("encodedDataLength").GetDouble();
            }
        }

        public void ServedFromCache(JsonElement? e)
        {
            if (e is { } args)
            {
                _entries.GetOrAdd(args.GetProperty("requestId").GetString()!, _ => new Entry()).FromCache = true;
            }
        }

        public void Print()
        {
            Console.WriteLine("     bytes  status  encoding  from cache  cache-control / address");
            foreach (var entry in _entries.Values.OrderByDescending(e => e.Bytes))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{entry.Bytes,10:N0}  {entry.Status,6}  {(entry.Encoding.Length > 0 ? entry.Encoding : "-"),-8}  {(entry.FromCache ? "yes" : "no"),-10}  {(entry.CacheControl.Length > 0 ? entry.CacheControl : "-")}"));
                Console.WriteLine($"{"",10}  {new Uri(entry.Url).PathAndQuery}");
            }
        }
    }

    private sealed class Entry
    {
        public string Url { get; set; } = "";

        public int Status { get; set; }

        public string Encoding { get; set; } = "";

        public string CacheControl { get; set; } = "";

        public bool FromCache { get; set; }

        public long Bytes { get; set; }
    }
}
