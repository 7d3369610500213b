using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;
using Portal.Tests.Support;

namespace Portal.Tests.Api;

/// <summary>
/// Walks every console page (found by reflection, so a new page cannot be forgotten) and every
/// console endpoint: anonymous people are sent to sign in, the wrong role gets 403, and the
/// right role gets the page.
/// </summary>
public sealed partial class AdminAuthorizationTests(AdminAuthorizationTests.Fixture fixture) : IClassFixture<AdminAuthorizationTests.Fixture>
{
    public static TheoryData<string> ConsolePaths()
    {
        var data = new TheoryData<string>();
        foreach (var path in ConsolePages().Select(p => p.Path).Append("/admin/audit/export.csv"))
        {
            data.Add(path);
        }

        return data;
    }

    private static IEnumerable<(string Path, HashSet<string> Allowed)> ConsolePages() =>
        typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (Type: t, r.Template)))
            .Where(p => p.Template.StartsWith("/admin", StringComparison.Ordinal))
            .Select(p => (Path: p.Template.Replace("{Id:int}", "1", StringComparison.Ordinal), Allowed: AllowedRoles(p.Type)));

    /// <summary>Every [Authorize] on a page must be satisfied, so the roles that open it are the intersection.</summary>
    private static HashSet<string> AllowedRoles(Type page)
    {
        var allowed = new HashSet<string>(PortalRoles.All);
        foreach (var authorize in page.GetCustomAttributes<AuthorizeAttribute>(inherit: true).Where(a => a.Roles is not null))
        {
            allowed.IntersectWith(authorize.Roles!.Split(','));
        }

        return allowed;
    }

    private static HashSet<string> AllowedFor(string path) =>
        path == "/admin/audit/export.csv" ? [PortalRoles.Admin] : ConsolePages().Single(p => p.Path == path).Allowed;

    [Fact]
    public void FindsEveryConsolePage() =>
        Assert.Superset(
            new HashSet<string> { "/admin", "/admin/status", "/admin/statements", "/admin/statements/new", "/admin/people", "/admin/audit" },
            ConsolePages().Select(p => p.Path).ToHashSet());

    [Theory]
    [MemberData(nameof(ConsolePaths))]
    public async Task SendsAnonymousPeopleToSignIn(string path)
    {
        var response = await fixture.App.AnonymousClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.RedirectPath(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(ConsolePaths))]
    public async Task RefusesTheWrongRoleWithForbidden(string path)
    {
        var allowed = AllowedFor(path);
        var wrongRole = PortalRoles.All.FirstOrDefault(r => !allowed.Contains(r));
        var client = await fixture.ClientFor(wrongRole);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(ConsolePaths))]
    public async Task RefusesAViewerWithAudienceMemberships(string path)
    {
        var client = await fixture.ViewerClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RefusesAViewerEveryConsoleEndpointWhateverItsMethod()
    {
        // Every endpoint the app maps under /admin and /api/admin (pages, CSV export, any admin API added later).
        var client = await fixture.ViewerClient();
        var endpoints = fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } pattern
                && (pattern.StartsWith("/admin", StringComparison.OrdinalIgnoreCase) || pattern.StartsWith("/api/admin", StringComparison.OrdinalIgnoreCase)))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => (Method: method, Path: RouteParameter().Replace(e.RoutePattern.RawText!, "1"))))
            .ToList();
        Assert.Contains(("GET", "/admin/audit/export.csv"), endpoints);
        Assert.Contains(endpoints, e => e.Path == "/admin/people");

        foreach (var (method, path) in endpoints)
        {
            var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized,
                $"{method} {path} answered a viewer {(int)response.StatusCode}.");
        }
    }

    [Theory]
    [MemberData(nameof(ConsolePaths))]
    public async Task OpensForTheRightRole(string path)
    {
        var client = await fixture.ClientFor(AllowedFor(path).First());

        var response = await client.GetAsync(path);

        // /admin/statements/1 is a seeded statement; every other page needs no data to open.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [GeneratedRegex("\\{[^}]+\\}")]
    private static partial Regex RouteParameter();

    public sealed class Fixture : IAsyncLifetime
    {
        private readonly Dictionary<string, HttpClient> _clients = [];

        public PortalWebApp App { get; } = new();

        public async Task InitializeAsync()
        {
            foreach (var role in PortalRoles.All)
            {
                await App.CreatePersonAsync($"{role.ToLowerInvariant()}@example.com", role);
            }

            await App.CreatePersonAsync("viewer@example.com");
            await App.CreateViewerAsync("supplier@example.com", "suppliers", "retailers", "colleagues");
        }

        /// <summary>A signed-in viewer who is a member of every audience and holds no role.</summary>
        public async Task<HttpClient> ViewerClient()
        {
            if (!_clients.TryGetValue("supplier@example.com", out var client))
            {
                client = await App.SignedInClientAsync("supplier@example.com");
                _clients["supplier@example.com"] = client;
            }

            return client;
        }

        /// <summary>A signed-in client holding only <paramref name="role"/>, or no role at all when null.</summary>
        public async Task<HttpClient> ClientFor(string? role)
        {
            var email = role is null ? "viewer@example.com" : $"{role.ToLowerInvariant()}@example.com";
            if (!_clients.TryGetValue(email, out var client))
            {
                client = await App.SignedInClientAsync(email);
                _clients[email] = client;
            }

            return client;
        }

        public async Task DisposeAsync() => await App.DisposeAsync();
    }
}
