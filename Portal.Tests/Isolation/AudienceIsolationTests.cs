using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;
using Portal.Core.Features.Statements;
using Portal.Core.Features.Systems;
using Portal.Core.Persistence;
using Portal.Tests.Hubs;
using Portal.Tests.Support;
using Xunit.Abstractions;

namespace Portal.Tests.Isolation;

/// <summary>
/// The cross-audience leak test. Signs in as each audience in turn (and as an Admin previewing
/// each audience), walks every page and endpoint the portal has with every seeded slug and id
/// (restricted ones included) and a missing one, follows the hub, and asserts that no text of any
/// item outside the viewer's audiences reaches them by any of those routes.
/// </summary>
public sealed class AudienceIsolationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int ConcurrentRequests = 6;
    private const string AdminEmail = "preview.admin@northwind-motors.example";

    /// <summary>Each audience with a system only it may see, where the test commits its live changes.</summary>
    private static readonly IReadOnlyDictionary<string, string> ExclusiveSystems = new Dictionary<string, string>
    {
        ["suppliers"] = "supplier-payments",
        ["retailers"] = "wholesale-vehicle-finance",
        ["colleagues"] = "payroll",
    };

    private readonly PortalWebApp _app = new();
    private readonly string _run = StatusHubServer.Marker();
    private Uri _address = null!;

    public Task InitializeAsync()
    {
        _address = _app.StartOnLoopback();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task NoViewerMeetsAnyTextOfAnotherAudiencesItemsOnAnyPageEndpointOrHubEvent()
    {
        var clock = Stopwatch.StartNew();
        var viewers = await SignInEveryViewerAsync();
        var hubs = await Task.WhenAll(viewers.Select(v => HubTestClient.ConnectAsync(v.Visitor.HubConnection())));

        var signedIn = clock.Elapsed;
        var barrier = await CommitRestrictedChangesAsync();
        await Task.WhenAll(hubs.Select(h => h.WaitForSequenceAsync(barrier)));
        var hubTexts = await Task.WhenAll(hubs.Select(async h =>
            h.ReceivedJson
            + "\n" + (await h.Connection.InvokeAsync<JsonElement>("GetSnapshot")).GetRawText()
            + "\n" + (await h.Connection.InvokeAsync<JsonElement>("Resume", 0L)).GetRawText()));

        var followed = clock.Elapsed;
        var routes = PortalRoutes.All(_app.Services);
        Assert.Superset(new HashSet<string> { "/", "/systems/{Slug}", "/statements/{Id:int}", "/api/v2/summary.json", "/healthz", "/widget.js", "/admin" },
            routes.Select(r => PortalRoutes.Normalise(r.RawText!)).ToHashSet());
        var values = await RouteValuesAsync();
        var readable = new ReadableText(_app.Services.GetRequiredService<IDataProtectionProvider>());
        var gate = new SemaphoreSlim(ConcurrentRequests);
        var failures = new ConcurrentBag<string>();

        await Task.WhenAll(viewers.Select(async (viewer, index) =>
        {
            RestrictedText text;
            await using (var db = await _app.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
            {
                text = await RestrictedText.ForAsync(db, viewer.Viewer);
            }

            var addresses = routes
                .Where(r => !viewer.IsPreview || !PortalRoutes.Normalise(r.RawText!).StartsWith("/admin", StringComparison.Ordinal))
                .SelectMany(r => PortalRoutes.Fill(r, values))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            var pages = await Task.WhenAll(addresses.Select(async address =>
            {
                await gate.WaitAsync();
                try
                {
                    using var response = await viewer.Visitor.Http.GetAsync(address);
                    var body = await response.Content.ReadAsStringAsync();
                    var said = readable.Of(body) + "\n" + response.Headers.Location + "\n" + string.Join("\n", response.Headers.Select(h => string.Join(",", h.Value)));

                    // The address the viewer typed comes back in links and return addresses; repeating
                    // what they sent tells them nothing (a missing slug comes back just the same).
                    return (Address: address, Status: (int)response.StatusCode,
                        Text: said.Replace(Uri.UnescapeDataString(address), "", StringComparison.Ordinal).Replace(address, "", StringComparison.Ordinal));
                }
                finally
                {
                    gate.Release();
                }
            }));

            foreach (var page in pages)
            {
                foreach (var marker in text.FoundIn(page.Text))
                {
                    failures.Add($"{viewer.Name}: GET {page.Address} ({page.Status}) shows \"{marker}\"");
                }
            }

            foreach (var marker in text.FoundIn(hubTexts[index]))
            {
                failures.Add($"{viewer.Name}: the hub (events, GetSnapshot or Resume) carries \"{marker}\"");
            }

            // The walk must have reached the viewer's own restricted content, or it proves nothing.
            var everything = string.Join("\n", pages.Select(p => p.Text));
            foreach (var own in text.OwnSystemNames.Where(name => !everything.Contains(name, StringComparison.Ordinal)))
            {
                failures.Add($"{viewer.Name}: walked {pages.Length} addresses and never saw their own system \"{own}\"");
            }

            foreach (var audience in viewer.Viewer.Audiences.Where(ExclusiveSystems.ContainsKey)
                .Where(a => !hubTexts[index].Contains(LiveMarker(a), StringComparison.Ordinal)))
            {
                failures.Add($"{viewer.Name}: the hub never delivered their own audience's change {LiveMarker(audience)}");
            }

            Assert.True(text.Forbidden.Count > 0 || viewer.Viewer.Audiences.Count == 5, $"{viewer.Name} has no markers to look for");
            output.WriteLine($"{viewer.Name,-28} {pages.Length,4} URLs ({string.Join(", ", pages.GroupBy(p => p.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()}×{g.Key}"))}), {text.Forbidden.Count} markers, {text.OwnSystemNames.Count} own restricted systems seen");
        }));

        foreach (var hub in hubs)
        {
            await hub.DisposeAsync();
        }

        output.WriteLine(string.Join(" ", routes.Select(r => PortalRoutes.Normalise(r.RawText!))));
        output.WriteLine($"{routes.Count} routes, {values.Count} route values, {readable.DecodedPayloads} protected Blazor payloads decoded, {clock.Elapsed.TotalSeconds:0.0} s in all (sign-in {signedIn.TotalSeconds:0.0} s, hub {(followed - signedIn).TotalSeconds:0.0} s, walk {(clock.Elapsed - followed).TotalSeconds:0.0} s)");
        Assert.True(readable.DecodedPayloads > 0, "No Blazor component descriptor was unprotected, so prerendered state went unsearched.");
        Assert.True(failures.IsEmpty, $"{failures.Count} leaks:\n" + string.Join("\n", failures.Order(StringComparer.Ordinal).Take(40)));
    }

    private sealed record Walker(string Name, Visitor Visitor, Viewer Viewer, bool IsPreview);

    private static string LiveMarker(string audience) => $"LEAKCHECK{audience.ToUpperInvariant()}";

    private async Task<List<Walker>> SignInEveryViewerAsync()
    {
        await _app.CreateViewerAsync("supplier@partsco.example", "suppliers");
        await _app.CreateViewerAsync("retailer@dealer.example", "retailers");
        await _app.CreateViewerAsync("colleague@northwind-motors.example", "colleagues");
        await CreateAdminInRetailersAsync();

        var walkers = new List<Walker>
        {
            new("anonymous", Visitor.Anonymous(_address), Viewer.Anonymous, false),
            new("suppliers", await Visitor.SignedInAsync(_address, "supplier@partsco.example"), Viewers.Suppliers, false),
            new("retailers", await Visitor.SignedInAsync(_address, "retailer@dealer.example"), Viewers.Retailers, false),
            new("colleagues", await Visitor.SignedInAsync(_address, "colleague@northwind-motors.example"), Viewers.Colleagues, false),
        };
        foreach (var audience in new[] { Audience.Public, "suppliers", "retailers", "colleagues" })
        {
            var admin = await Visitor.SignedInAsync(_address, AdminEmail, $"admin previewing {audience}");
            var started = await admin.PreviewAsync(audience);
            Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
            walkers.Add(new(admin.Name, admin, new Viewer([audience]), true));
        }

        return walkers;
    }

    /// <summary>An Admin who is also a retailer, so a preview that kept their own memberships would show.</summary>
    private async Task CreateAdminInRetailersAsync()
    {
        var admin = await _app.CreatePersonAsync(AdminEmail, PortalRoles.Admin);
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var stored = await users.FindByIdAsync(admin.Id);
        Assert.True((await users.AddClaimAsync(stored!, new Claim(AudienceMembership.ClaimType, "retailers"))).Succeeded);
    }

    /// <summary>For each audience, a status change and a published statement only it may see; then a public change everybody receives last.</summary>
    private async Task<long> CommitRestrictedChangesAsync()
    {
        var services = _app.Services;
        foreach (var (audience, slug) in ExclusiveSystems)
        {
            var marker = $"{LiveMarker(audience)} {_run}";
            int systemId;
            SystemStatus status;
            await using (var db = await services.UseCase<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
            {
                var system = await db.EstateSystems.Where(s => s.Slug == slug).Select(s => new { s.Id, s.Status }).SingleAsync();
                (systemId, status) = (system.Id, system.Status);
            }

            var next = status == SystemStatus.Degraded ? SystemStatus.Restoring : SystemStatus.Degraded;
            await services.UseCase<ChangeSystemStatus>().HandleAsync(
                new ChangeSystemStatusRequest(slug, next, $"Status reason for {marker}", null), Actors.Operator);
            var draft = await services.UseCase<SaveStatementDraft>().HandleAsync(new SaveStatementDraftRequest(null,
                $"Statement title for {marker}", $"Statement body sentence for {marker}.", [audience], null, [systemId]), Actors.Publisher);
            await services.UseCase<SubmitStatement>().HandleAsync(new StatementActionRequest(draft.Id), Actors.Publisher);
            await services.UseCase<ApproveStatement>().HandleAsync(new StatementActionRequest(draft.Id), Actors.Approver);
            await services.UseCase<PublishStatement>().HandleAsync(new PublishStatementRequest(draft.Id), Actors.Publisher);
        }

        return await services.PublicChangeAsync($"Everybody {_run}");
    }

    /// <summary>Every slug and id the database holds (visible or not to anyone), and ones that exist nowhere.</summary>
    private async Task<IReadOnlyList<string>> RouteValuesAsync()
    {
        await using var db = await _app.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var ids = new List<int>();
        ids.AddRange(await db.Statements.Select(s => s.Id).ToListAsync());
        ids.AddRange(await db.EstateSystems.Select(s => s.Id).ToListAsync());
        ids.AddRange(await db.RestartPhases.Select(s => s.Id).ToListAsync());
        ids.AddRange(await db.Maintenances.Select(s => s.Id).ToListAsync());
        ids.AddRange(await db.Metrics.Select(s => s.Id).ToListAsync());
        ids.AddRange(await db.Incidents.Select(s => s.Id).ToListAsync());
        var words = new List<string>();
        words.AddRange(await db.EstateSystems.Select(s => s.Slug).ToListAsync());
        words.AddRange(await db.Metrics.Select(s => s.Slug).ToListAsync());
        words.AddRange(await db.Audiences.Select(s => s.Key).ToListAsync());
        return [.. ids.Distinct().Order().Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), "999999", .. words.Distinct(), "no-such-thing"];
    }
}
