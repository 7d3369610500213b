using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Features.Audiences;
using Portal.Tests.Support;

namespace Portal.Tests.Api;

/// <summary>Whose portal this is: the configured organisation on every page, in titles and in link previews; and where each audience goes.</summary>
public sealed class OrganisationTests : IAsyncLifetime
{
    private readonly PortalWebApp _app = new(new Dictionary<string, string?>
    {
        ["Portal:PublicAddress"] = "https://status.northwind.example",
        ["Portal:Organisation:Name"] = "Northwind Motors",
        ["Portal:Organisation:LogoUrl"] = "/northwind-logo.svg",
        ["Portal:Organisation:Introduction"] = "Northwind Motors' official status page for the restart of its systems.",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<string> PageAsync(string path) => WebUtility.HtmlDecode(await _app.AnonymousClient().GetStringAsync(path));

    [Fact]
    public async Task NamesTheOrganisationInEveryPagesTitleAndHeader()
    {
        var board = await PageAsync("/");
        var login = await PageAsync("/account/login");
        var system = await PageAsync("/systems/customer-contact-centre");

        Assert.Contains("<title>Estate status — Northwind Motors</title>", board);
        Assert.Contains("<title>Sign in · Estate status — Northwind Motors</title>", login);
        Assert.Contains("· Estate status — Northwind Motors</title>", system);
        foreach (var page in new[] { board, login, system })
        {
            Assert.Matches("data-testid=\"organisation-name\"[^>]*>· Northwind Motors</span>", page);
            Assert.Contains("src=\"/northwind-logo.svg\"", page);
        }

        Assert.Matches("data-testid=\"organisation-introduction\"[^>]*>Northwind Motors' official status page for the restart of its systems.</p>", board);
    }

    [Fact]
    public async Task GivesPublicPagesADescriptionAndOpenGraphTagsUnderThePublicAddress()
    {
        int statementId;
        await using (var db = _app.NewDbContext())
        {
            statementId = (await db.StatementRevisions.FirstAsync(r => r.Title == "We have shut down our IT systems as a precaution")).StatementId;
        }

        var board = await PageAsync("/");
        var statement = await PageAsync($"/statements/{statementId}");

        Assert.Contains("<meta name=\"description\" content=\"Northwind Motors' official status page for the restart of its systems.\"", board);
        Assert.Contains("<meta property=\"og:site_name\" content=\"Estate status — Northwind Motors\"", board);
        Assert.Contains("<meta property=\"og:title\" content=\"Estate status — Northwind Motors\"", board);
        Assert.Contains("<meta property=\"og:url\" content=\"https://status.northwind.example/\"", board);
        Assert.Contains("<meta property=\"og:image\" content=\"https://status.northwind.example/northwind-logo.svg\"", board);
        // One head content per page: the feeds are announced beside the description, not instead of it.
        Assert.Contains("<link rel=\"alternate\" type=\"application/atom+xml\"", board);
        Assert.Contains($"<meta property=\"og:url\" content=\"https://status.northwind.example/statements/{statementId}\"", statement);
        Assert.Contains("<meta property=\"og:title\" content=\"We have shut down our IT systems as a precaution\"", statement);
    }

    [Fact]
    public async Task WithNoOrganisationConfiguredTheTitleIsThePortalsOwn()
    {
        await using var plain = new PortalWebApp();

        var board = WebUtility.HtmlDecode(await plain.AnonymousClient().GetStringAsync("/"));

        Assert.Contains("<title>Estate status</title>", board);
        Assert.DoesNotContain("data-testid=\"organisation-name\"", board);
        Assert.DoesNotContain("data-testid=\"organisation-introduction\"", board);
    }

    [Fact]
    public async Task TheBoardSaysWhereEachAudienceGoesAndWhoMayRegisterOnlyWhileRegistrationIsOpen()
    {
        var board = await PageAsync("/");

        Assert.Contains("data-testid=\"audience-directory\"", board);
        Assert.Contains("href=\"/suppliers\"", board);
        Assert.Contains("href=\"/retailers\"", board);
        Assert.Contains("href=\"/colleagues\"", board);
        Assert.Matches(@"data-testid=""registration-open"">[^<]*can register\s+for the Suppliers page: <a href=""/account/register"">", board);

        await _app.Get<SetAudienceRegistration>().HandleAsync(new SetAudienceRegistrationRequest("suppliers", false, []), Actors.Admin);

        var closed = await PageAsync("/");
        Assert.Contains("href=\"/suppliers\"", closed);
        Assert.DoesNotContain("data-testid=\"registration-open\"", closed);
        Assert.DoesNotContain("href=\"/account/register\"", closed);
    }
}
