using Microsoft.Playwright;

namespace Portal.Tests.Browser;

/// <summary>
/// One headless Chromium for the browser tests: Debian's chromium (or CHROMIUM_PATH), started with
/// the flags this machine needs. Playwright's own browser download is never used. The test script
/// installs chromium with apt-get when it is missing.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at '{executable}'. Run the tests with ./test.sh, which installs it, or set CHROMIUM_PATH.");
        }

        // Expectations end as soon as they hold; the long ceiling only matters on a busy 2-core CI machine.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}

/// <summary>The WCAG walk (both colour schemes), with its own Chromium, so it runs beside the other browser tests.</summary>
[CollectionDefinition(Name)]
public sealed class WcagWalkCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser: WCAG walk";
}
