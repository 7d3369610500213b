using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Features.People;
using Portal.Tests.Isolation;
using Portal.Tests.Support;

namespace Portal.Tests.Api;

/// <summary>Signing out ends the session on the server: a copy of the cookie is worthless afterwards.</summary>
public sealed class SignOutTests
{
    private const string Retailer = "retailer@dealer.example";

    [Fact]
    public async Task ACookieCopiedBeforeSignOutOpensNeitherTheAudiencePageNorARestrictedStatementAfterIt()
    {
        await using var app = new PortalWebApp();
        var address = app.StartOnLoopback();
        await app.CreateViewerAsync(Retailer, "retailers");
        var statement = await RetailersOnlyStatementAsync(app);
        using var browser = await Visitor.SignedInAsync(address, Retailer);
        using var thief = new CopiedCookie(address, browser.Cookies.GetCookieHeader(address));
        Assert.Equal(HttpStatusCode.OK, (await thief.GetAsync("/retailers")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await thief.GetAsync(statement.Address)).StatusCode);

        var signedOut = await Forms.PostToEndpointAsync(browser.Http, "/", "/account/logout", new() { ["returnUrl"] = "/" });
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        var page = await thief.GetAsync("/retailers");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/login", page.RedirectPath());
        var restricted = await thief.GetAsync(statement.Address);
        Assert.Equal(HttpStatusCode.NotFound, restricted.StatusCode);
        Assert.DoesNotContain(statement.Title, await restricted.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SigningOutEverywhereFromTheAccountPageEndsEveryBrowsersSession()
    {
        await using var app = new PortalWebApp();
        var address = app.StartOnLoopback();
        await app.CreateViewerAsync(Retailer, "retailers");
        using var laptop = await Visitor.SignedInAsync(address, Retailer);
        using var phone = await Visitor.SignedInAsync(address, Retailer);

        var ended = await Forms.PostToEndpointAsync(laptop.Http, "/account", "/account/logout-everywhere", new());

        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.Http.GetAsync("/retailers")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await laptop.Http.GetAsync("/retailers")).StatusCode);
        await using var db = app.NewDbContext();
        Assert.Equal("account.signed-out-everywhere", (await db.AuditEntries.OrderBy(a => a.Id).LastAsync()).Action);
    }

    [Fact]
    public async Task AnAdministratorCanSignAPersonOutEverywhereAndNobodyElseCan()
    {
        await using var app = new PortalWebApp();
        var address = app.StartOnLoopback();
        var person = await app.CreateViewerAsync(Retailer, "retailers");
        using var browser = await Visitor.SignedInAsync(address, Retailer);
        var signOutEverywhere = app.Get<SignOutEverywhere>();

        await Assert.ThrowsAsync<ForbiddenException>(() => signOutEverywhere.HandleAsync(new PersonRequest(person.Id), Actors.Publisher));
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/retailers")).StatusCode);

        Assert.Equal(1, await signOutEverywhere.HandleAsync(new PersonRequest(person.Id), Actors.Admin));

        Assert.Equal(HttpStatusCode.Redirect, (await browser.Http.GetAsync("/retailers")).StatusCode);
        await using var db = app.NewDbContext();
        var audit = await db.AuditEntries.OrderBy(a => a.Id).LastAsync();
        Assert.Equal(("person.signed-out-everywhere", Actors.Admin.Name), (audit.Action, audit.ActorName));
    }

    private static async Task<(string Address, string Title)> RetailersOnlyStatementAsync(PortalWebApp app)
    {
        await using var db = app.NewDbContext();
        var statement = (await db.Statements.Include(s => s.Revisions).AsNoTracking().ToListAsync())
            .First(s => s.State == StatementState.Published && s.IsVisibleTo(Viewers.Retailers.Audiences) && !s.IsVisibleTo(Viewers.Public.Audiences));
        return ($"/statements/{statement.Id}", statement.Title);
    }

    /// <summary>Someone else's browser holding a copy of the cookies, sent as they were copied.</summary>
    private sealed class CopiedCookie(Uri address, string cookieHeader) : IDisposable
    {
        private readonly HttpClient _http = new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = address };

        public Task<HttpResponseMessage> GetAsync(string path)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Cookie", cookieHeader);
            return _http.SendAsync(request);
        }

        public void Dispose() => _http.Dispose();
    }
}
