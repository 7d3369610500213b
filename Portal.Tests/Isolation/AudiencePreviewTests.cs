using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;
using Portal.Tests.Hubs;
using Portal.Tests.Support;
using Portal.Web.Viewers;

namespace Portal.Tests.Isolation;

/// <summary>An Admin reads the portal as one audience, only as that audience, and nobody else can make use of it.</summary>
public sealed class AudiencePreviewTests(AudiencePreviewTests.Server server) : IClassFixture<AudiencePreviewTests.Server>
{
    private const string SupplierOnly = "Supplier payments";
    private const string RetailerOnly = "Wholesale vehicle finance";
    private const string Banner = "data-testid=\"preview-banner\"";

    [Fact]
    public async Task AnAdminPreviewingSuppliersSeesSupplierContentAndNotTheirOwnRetailerContent()
    {
        using var admin = await server.AdminAsync();
        Assert.Contains(RetailerOnly, await admin.Http.GetStringAsync("/"));

        var started = await admin.PreviewAsync("suppliers", "/systems/supplier-payments");

        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        Assert.Equal("/systems/supplier-payments", started.RedirectPath());
        var board = await admin.Http.GetStringAsync("/");
        Assert.Contains(SupplierOnly, board);
        Assert.Contains("Supplier portal: certificate renewal", board);
        Assert.DoesNotContain(RetailerOnly, board);
        Assert.DoesNotContain("Retailer vehicle ordering", board);
        Assert.Contains(Banner, board);
        Assert.Matches("Previewing as <strong[^>]*>Suppliers</strong>", board);
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/systems/supplier-payments")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.GetAsync("/systems/wholesale-vehicle-finance")).StatusCode);

        var components = await admin.Http.GetStringAsync("/api/v2/components.json");
        Assert.Contains("\"supplier-payments\"", components);
        Assert.DoesNotContain("\"wholesale-vehicle-finance\"", components);
    }

    [Fact]
    public async Task TheHubReadsAsThePreviewedAudience()
    {
        using var admin = await server.AdminAsync();
        await admin.PreviewAsync("suppliers");

        await using var hub = await HubTestClient.ConnectAsync(admin.HubConnection());
        var snapshot = (await hub.Connection.InvokeAsync<JsonElement>("GetSnapshot")).GetRawText();

        Assert.Contains("supplier-payments", snapshot);
        Assert.DoesNotContain("wholesale-vehicle-finance", snapshot);
    }

    [Fact]
    public async Task StoppingThePreviewRestoresTheAdminsOwnView()
    {
        using var admin = await server.AdminAsync();
        await admin.PreviewAsync("suppliers");

        var stopped = await admin.PostFormAsync("/", "/admin/preview", new() { ["audience"] = "stop", ["returnUrl"] = "/" });

        Assert.Equal(HttpStatusCode.Redirect, stopped.StatusCode);
        Assert.Null(admin.Cookie(AudiencePreview.CookieName));
        var board = await admin.Http.GetStringAsync("/");
        Assert.Contains(RetailerOnly, board);
        Assert.DoesNotContain(SupplierOnly, board);
        Assert.DoesNotContain(Banner, board);
    }

    [Fact]
    public async Task SetsAnHttpOnlyStrictCookieThatSigningOutRemoves()
    {
        using var admin = await server.AdminAsync();

        var started = await admin.PreviewAsync("suppliers");

        var cookie = Assert.Single(started.Headers.GetValues("Set-Cookie"), c => c.StartsWith(AudiencePreview.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("suppliers", cookie, StringComparison.OrdinalIgnoreCase);

        await admin.PostFormAsync("/", "/account/logout", new() { ["returnUrl"] = "/" });
        Assert.Null(admin.Cookie(AudiencePreview.CookieName));
    }

    [Fact]
    public async Task IgnoresAPreviewCookieForAnyoneButTheAdminItWasIssuedTo()
    {
        using var admin = await server.AdminAsync();
        await admin.PreviewAsync("suppliers");
        var stolen = admin.Cookie(AudiencePreview.CookieName)!;
        using var retailer = await Visitor.SignedInAsync(server.Address, server.RetailerEmail);
        using var otherAdmin = await Visitor.SignedInAsync(server.Address, server.OtherAdminEmail);
        using var anonymous = Visitor.Anonymous(server.Address);

        foreach (var visitor in new[] { retailer, otherAdmin, anonymous })
        {
            visitor.Cookies.Add(server.Address, new Cookie(AudiencePreview.CookieName, stolen));
            var board = await visitor.Http.GetStringAsync("/");
            Assert.DoesNotContain(SupplierOnly, board);
            Assert.DoesNotContain(Banner, board);
            Assert.DoesNotContain("\"supplier-payments\"", await visitor.Http.GetStringAsync("/api/v2/components.json"));
        }

        Assert.Contains(RetailerOnly, await retailer.Http.GetStringAsync("/"));
        retailer.Cookies.Add(server.Address, new Cookie(AudiencePreview.CookieName, "forged-value"));
        var forged = await retailer.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, forged.StatusCode);
        Assert.DoesNotContain(SupplierOnly, await forged.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RefusesToStartAPreviewWithoutTheAdminRoleOrAnAntiforgeryToken()
    {
        using var retailer = await Visitor.SignedInAsync(server.Address, server.RetailerEmail);
        using var anonymous = Visitor.Anonymous(server.Address);
        using var admin = await server.AdminAsync();
        var fields = new Dictionary<string, string> { ["audience"] = "suppliers", ["returnUrl"] = "/" };

        var notAdmin = await retailer.PostFormAsync("/", "/admin/preview", fields);
        var signedOut = await anonymous.Http.PostAsync("/admin/preview", new FormUrlEncodedContent(fields));
        var noToken = await admin.Http.PostAsync("/admin/preview", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.StartsWith("/account/login", signedOut.RedirectPath());
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        foreach (var visitor in new[] { retailer, anonymous, admin })
        {
            Assert.Null(visitor.Cookie(AudiencePreview.CookieName));
            Assert.DoesNotContain(Banner, await visitor.Http.GetStringAsync("/"));
        }
    }

    [Fact]
    public async Task RefusesAnAudienceThePortalDoesNotHaveWithProblemDetails()
    {
        using var admin = await server.AdminAsync();

        var response = await admin.PreviewAsync("<script>everyone</script>");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("suppliers", problem.RootElement.GetProperty("errors").GetProperty("audience")[0].GetString());
        Assert.Null(admin.Cookie(AudiencePreview.CookieName));
    }

    [Fact]
    public async Task OffersEveryAudienceOnTheConsoleOverviewToAdminsOnly()
    {
        using var admin = await server.AdminAsync();
        using var publisher = await Visitor.SignedInAsync(server.Address, server.PublisherEmail);

        var forAdmin = await admin.Http.GetStringAsync("/admin");
        var forPublisher = await publisher.Http.GetStringAsync("/admin");

        foreach (var audience in new[] { "public", "suppliers", "retailers", "colleagues" })
        {
            Assert.Contains($"name=\"audience\" value=\"{audience}\"", forAdmin);
        }

        Assert.DoesNotContain("action=\"/admin/preview\"", forPublisher);
    }

    /// <summary>The portal on a loopback port with an Admin who is also a retailer, a second Admin, a retailer and a publisher.</summary>
    public sealed class Server : IAsyncLifetime
    {
        public PortalWebApp App { get; } = new();

        public Uri Address { get; private set; } = null!;

        public string AdminEmail => "admin.retailer@northwind-motors.example";

        public string OtherAdminEmail => "second.admin@northwind-motors.example";

        public string RetailerEmail => "retailer@dealer.example";

        public string PublisherEmail => "publisher@northwind-motors.example";

        /// <summary>A fresh sign-in of the Admin (each test its own browser, so previews never cross).</summary>
        public Task<Visitor> AdminAsync() => Visitor.SignedInAsync(Address, AdminEmail);

        public async Task InitializeAsync()
        {
            Address = App.StartOnLoopback();
            var admin = await App.CreatePersonAsync(AdminEmail, PortalRoles.Admin);
            await using (var scope = App.Services.CreateAsyncScope())
            {
                var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
                await users.AddClaimAsync((await users.FindByIdAsync(admin.Id))!, new Claim(AudienceMembership.ClaimType, "retailers"));
            }

            await App.CreatePersonAsync(OtherAdminEmail, PortalRoles.Admin);
            await App.CreatePersonAsync(PublisherEmail, PortalRoles.Publisher);
            await App.CreateViewerAsync(RetailerEmail, "retailers");
        }

        public async Task DisposeAsync() => await App.DisposeAsync();
    }
}
