using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Tests.Support;
using static Portal.Tests.Api.ApiRequests;

namespace Portal.Tests.Api;

/// <summary><c>/api/v1/maintenance</c> over real HTTP: a runbook opens, changes and closes windows through the console's use cases.</summary>
public sealed class MaintenanceApiTests(PortalWebAppFixture fixture) : IClassFixture<PortalWebAppFixture>
{
    private PortalWebApp App => fixture.App;

    private static string Window(DateTimeOffset startsAt, DateTimeOffset endsAt, string title = "Press shop restart") =>
        $$"""{"title":"{{title}}","description":"Presses come back line by line.","startsAt":"{{startsAt:O}}","endsAt":"{{endsAt:O}}","audiences":["colleagues"],"systems":["supplier-invoicing"]}""";

    private async Task<Maintenance> StoredAsync(int id)
    {
        await using var db = App.NewDbContext();
        return await db.Maintenances.AsNoTracking().SingleAsync(m => m.Id == id);
    }

    [Fact]
    public async Task AMaintenanceKeyOpensChangesAndClosesAWindowAuditedAsTheKey()
    {
        var issued = await App.IssueAsync("Plant runbook", Grant(ApiScopes.MaintenanceWrite));
        using var client = App.ClientWith(issued.Key);
        using var events = new EventRecorder(App.Get<PortalEventStream>(), new Viewer(["colleagues"]));
        var start = DateTimeOffset.UtcNow.AddHours(2);

        using var opened = await client.SendAsync(Json(HttpMethod.Post, "/api/v1/maintenance", Window(start, start.AddHours(4))));
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var id = (await opened.JsonAsync()).GetProperty("id").GetInt32();
        Assert.Equal($"/api/v1/maintenance/{id}", opened.Headers.Location?.ToString());
        var etag = opened.Headers.ETag!.ToString();

        using var changed = await client.SendAsync(Json(HttpMethod.Patch, $"/api/v1/maintenance/{id}",
            $$"""{"endsAt":"{{start.AddHours(6):O}}"}""", ifMatch: etag));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var answer = await changed.JsonAsync();
        Assert.Equal("Press shop restart", answer.GetProperty("title").GetString());
        Assert.Equal(["supplier-invoicing"], answer.GetProperty("systems").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(start.AddHours(6), (await StoredAsync(id)).EndsAt);

        using var closed = await client.SendAsync(Json(HttpMethod.Post, $"/api/v1/maintenance/{id}/close",
            """{"reason":"The presses were ready early."}""", ifMatch: changed.Headers.ETag!.ToString()));
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.NotNull((await StoredAsync(id)).CancelledAt);

        await using var db = App.NewDbContext();
        var audit = await db.AuditEntries.Where(a => a.EntityType == nameof(Maintenance) && a.EntityId == id.ToString())
            .OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["maintenance.scheduled", "maintenance.updated", "maintenance.cancelled"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal(issued.Client.ActorName, a.ActorName));
        Assert.Equal(3, events.Events.Count(e => e.Type == PortalEventTypes.MaintenanceUpdated));
    }

    [Fact]
    public async Task AChangeFromAStaleETagIsRefusedWith412AndChangesNothing()
    {
        var issued = await App.IssueAsync("Cut-over runbook", Grant(ApiScopes.MaintenanceWrite));
        using var client = App.ClientWith(issued.Key);
        var start = DateTimeOffset.UtcNow.AddDays(1);
        using var opened = await client.SendAsync(Json(HttpMethod.Post, "/api/v1/maintenance", Window(start, start.AddHours(1), "EDI cut-over")));
        var id = (await opened.JsonAsync()).GetProperty("id").GetInt32();
        var etag = opened.Headers.ETag!.ToString();
        using var first = await client.SendAsync(Json(HttpMethod.Patch, $"/api/v1/maintenance/{id}", """{"title":"EDI cut-over (phase 1)"}""", ifMatch: etag));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var stale = await client.SendAsync(Json(HttpMethod.Patch, $"/api/v1/maintenance/{id}", """{"title":"EDI cut-over (moved)"}""", ifMatch: etag));
        using var staleClose = await client.SendAsync(Json(HttpMethod.Post, $"/api/v1/maintenance/{id}/close", """{"reason":"Off."}""", ifMatch: etag));

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        await stale.ProblemAsync();
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleClose.StatusCode);
        var stored = await StoredAsync(id);
        Assert.Equal(("EDI cut-over (phase 1)", null), (stored.Title, stored.CancelledAt));
    }

    [Theory]
    [InlineData("""{"title":"Paint shop","startsAt":"2030-01-01T08:00:00Z","endsAt":"2030-01-01T06:00:00Z","audiences":["public"]}""", "endsAt")]
    [InlineData("""{"title":"Paint shop","startsAt":"2030-01-01T08:00:00Z","endsAt":"2030-01-01T10:00:00Z","audiences":["public","dealers"]}""", "audiences[1]")]
    [InlineData("""{"title":"Paint shop","startsAt":"2030-01-01T08:00:00Z","endsAt":"2030-01-01T10:00:00Z","audiences":["public"],"systems":["paint-robots"]}""", "systems[0]")]
    [InlineData("""{"title":" ","startsAt":"2030-01-01T08:00:00Z","endsAt":"2030-01-01T10:00:00Z","audiences":["public"]}""", "title")]
    [InlineData("""{"title":"Paint shop","startsAt":"2030-01-01T08:00:00Z","endsAt":"2030-01-01T10:00:00Z","audiences":["public"],"colour":"red"}""", "colour")]
    public async Task BadInputIsRefusedNamingTheFieldAndOpensNothing(string body, string field)
    {
        var issued = await App.IssueAsync("Careless runbook", Grant(ApiScopes.MaintenanceWrite));
        using var client = App.ClientWith(issued.Key);
        await using var before = App.NewDbContext();
        var count = await before.Maintenances.CountAsync();

        using var response = await client.SendAsync(Json(HttpMethod.Post, "/api/v1/maintenance", body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await response.ProblemFieldsAsync());
        await using var after = App.NewDbContext();
        Assert.Equal(count, await after.Maintenances.CountAsync());
    }

    [Fact]
    public async Task AKeyWithoutTheScopeIsRefused()
    {
        var issued = await App.IssueAsync("Status monitor", Grant(ApiScopes.StatusWrite));
        using var client = App.ClientWith(issued.Key);
        var start = DateTimeOffset.UtcNow.AddHours(1);

        using var response = await client.SendAsync(Json(HttpMethod.Post, "/api/v1/maintenance", Window(start, start.AddHours(1))));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await response.ProblemAsync();
    }

    [Fact]
    public async Task AReadKeySeesOnlyTheWindowsOfItsAudiences()
    {
        var issued = await App.IssueAsync("Retailer DMS", Grant(ApiScopes.Read), "retailers");
        using var client = App.ClientWith(issued.Key);
        await using var db = App.NewDbContext();
        var supplierOnly = await db.Maintenances.Where(m => m.Title == "Supplier portal: certificate renewal").Select(m => m.Id).SingleAsync();

        using var list = await client.GetAsync("/api/v1/maintenance");
        using var one = await client.GetAsync($"/api/v1/maintenance/{supplierOnly}");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.DoesNotContain(supplierOnly, (await list.JsonAsync()).EnumerateArray().Select(w => w.GetProperty("id").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, one.StatusCode);
    }
}
