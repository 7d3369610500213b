using Microsoft.Playwright;
using Portal.Core.Domain;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

/// <summary>A console form in a real browser: nothing is said when a field is left, everything when the form is sent.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FormValidationTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly PortalWebApp _app = new();
    private IBrowserContext _context = null!;

    public async Task InitializeAsync()
    {
        var address = _app.StartOnLoopback();
        await _app.CreatePersonAsync("operator@example.com", PortalRoles.Operator);
        _context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = address.ToString() });
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task TabbingOutOfAnEmptyRequiredFieldSaysNothingAndSubmittingSaysItAndFocusesTheField()
    {
        var page = await _context.NewPageAsync();
        await page.GotoAsync($"/account/login?returnUrl={Uri.EscapeDataString("/admin/metrics")}");
        await page.FillAsync("#email", "operator@example.com");
        await page.FillAsync("#password", PortalWebApp.Password);
        await page.ClickAsync(".account-card button[type=submit]");
        await Assertions.Expect(page.Locator(".console[data-interactive=on]")).ToBeVisibleAsync();
        await page.ClickAsync("[data-testid=new-metric]");
        var name = page.Locator("input[data-testid=metric-name]");
        var nameField = page.Locator(".mud-input-control").Filter(new LocatorFilterOptions { Has = name });

        await name.FocusAsync();
        await page.Keyboard.PressAsync("Tab");

        await Assertions.Expect(page.Locator("input[data-testid=metric-slug]")).ToBeFocusedAsync();
        // The server has had the blur and answered: a render that would show a message has come back.
        await page.Locator("[data-testid=metric-unit]").FillAsync("invoices");
        await Assertions.Expect(page.Locator("[data-testid=metric-unit]")).ToHaveValueAsync("invoices");
        await Assertions.Expect(name).ToHaveAttributeAsync("aria-invalid", "false");
        await Assertions.Expect(nameField.Locator(".mud-input-helper-text.mud-input-error")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=validation-summary]")).ToHaveCountAsync(0);

        await page.ClickAsync("[data-testid=save-metric]");

        await Assertions.Expect(nameField.Locator(".mud-input-helper-text.mud-input-error")).ToContainTextAsync("Name the metric: viewers see the name.");
        await Assertions.Expect(name).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("[data-testid=validation-summary]")).ToContainTextAsync("2 answers need your attention");
        await Assertions.Expect(name).ToBeFocusedAsync();

        await name.PressSequentiallyAsync("Parts orders");
        await Assertions.Expect(nameField.Locator(".mud-input-helper-text.mud-input-error")).ToHaveCountAsync(0);
        await Assertions.Expect(name).ToHaveAttributeAsync("aria-invalid", "false");
    }
}
