using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Features.ApiClients;
using Portal.Tests.Support;

namespace Portal.Tests.Api;

/// <summary>The write API (<c>/api/v1</c>) through real HTTP: scopes and their limits, idempotency, concurrency, problem details.</summary>
public sealed class WriteApiTests(PortalWebAppFixture fixture) : IClassFixture<PortalWebAppFixture>
{
    private PortalWebApp App => fixture.App;

    private async Task<IssuedApiClientKey> IssueAsync(string name, ApiKeyGrant grant, params string[] audiences) =>
        await App.Get<IssueApiClientKey>().HandleAsync(new IssueApiClientKeyRequest(name, audiences, grant), Actors.Admin);

    private static ApiKeyGrant Grant(string scope, IReadOnlyList<string>? systems = null, IReadOnlyList<int>? groups = null) =>
        new(new HashSet<string>(StringComparer.Ordinal) { scope }, systems ?? [], groups ?? [], []);

    private HttpClient ClientWith(string key, string scheme = "Bearer")
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(scheme, key);
        return client;
    }

    private static HttpRequestMessage Json(HttpMethod method, string path, string json, string? idempotencyKey = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return request;
    }

    private async Task<EstateSystem> SystemAsync(string slug)
    {
        await using var db = App.NewDbContext();
        return await db.EstateSystems.AsNoTracking().Include(s => s.StatusChanges).SingleAsync(s => s.Slug == slug);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task AStatusWriteKeyLimitedToOneGroupChangesSystemsInItAndNoneOutside()
    {
        int finance;
        await using (var db = App.NewDbContext())
        {
            finance = await db.SystemGroups.Where(g => g.Name == "Finance").Select(g => g.Id).SingleAsync();
        }

        var issued = await IssueAsync("Finance monitoring", Grant(ApiScopes.StatusWrite, groups: [finance]));
        using var client = ClientWith(issued.Key);

        using var inside = await client.SendAsync(Json(HttpMethod.Patch, "/api/v1/systems/supplier-invoicing",
            """{"status":"degraded","reason":"Invoice matching is slow."}"""));
        using var outside = await client.SendAsync(Json(HttpMethod.Patch, "/api/v1/systems/retailer-vehicle-ordering",
            """{"status":"degraded","reason":"Ordering is slow."}"""));

        Assert.Equal(HttpStatusCode.OK, inside.StatusCode);
        Assert.Equal(SystemStatus.Degraded, (await SystemAsync("supplier-invoicing")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
        Assert.Contains("retailer-vehicle-ordering", (await ProblemAsync(outside)).GetProperty("detail").GetString());
        Assert.NotEqual(SystemStatus.Degraded, (await SystemAsync("retailer-vehicle-ordering")).Status);
        await using var audit = App.NewDbContext();
        var entry = await audit.AuditEntries.Where(a => a.Action == "system.status.changed" && a.EntityId == "supplier-invoicing")
            .OrderByDescending(a => a.Id).FirstAsync();
        Assert.Equal(issued.Client.ActorName, entry.ActorName);
    }

    [Fact]
    public async Task AMetricsKeyRecordsABatchOfPointsAndTheChangeIsPushed()
    {
        var issued = await IssueAsync("Finance system", Grant(ApiScopes.MetricsWrite));
        using var client = ClientWith(issued.Key);
        using var events = new EventRecorder(App.Get<PortalEventStream>(), new Viewer(["suppliers"]));
        var now = DateTimeOffset.UtcNow;
        var first = now.AddMinutes(-50);
        var second = now.AddMinutes(-20);
        var body = $$"""{"points":[{"at":"{{first:O}}","value":4100},{"at":"{{second:O}}","value":3950.5}]}""";
        await using var db = App.NewDbContext();
        var metricId = await db.Metrics.Where(m => m.Slug == "supplier-invoices-awaiting-payment").Select(m => m.Id).SingleAsync();
        // The points there were before: the demonstration estate's own include one at the moment it was seeded
        // whenever that is before 07:00, which a time window would take for one of the batch's.
        var before = await db.MetricPoints.Where(p => p.MetricId == metricId).Select(p => p.Id).ToListAsync();

        using var response = await client.SendAsync(Json(HttpMethod.Post, "/api/v1/metrics/supplier-invoices-awaiting-payment/points/batch", body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var values = await db.MetricPoints.Where(p => p.MetricId == metricId && !before.Contains(p.Id)).Select(p => p.Value).ToListAsync();
        Assert.Equal([3950.5m, 4100m], values.Order());
        var pushed = Assert.Single(events.Events, e => e.Type == PortalEventTypes.MetricUpdated);
        Assert.Equal(2, pushed.Payload<MetricUpdatedData>().PointsAdded);
    }

    [Fact]
    public async Task AMetricsKeySaysWhetherARiseIsBetterOrWorseAndAnUnknownWordIsAProblem()
    {
        var issued = await IssueAsync("Payments dashboard", Grant(ApiScopes.MetricsWrite));
        using var client = ClientWith(issued.Key);
        const string path = "/api/v1/metrics/supplier-invoices-awaiting-payment/direction";

        using var wrong = await client.SendAsync(Json(HttpMethod.Put, path, """{"direction":"up"}"""));
        using var missing = await client.SendAsync(Json(HttpMethod.Put, path, "{}"));

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var problem = await ProblemAsync(wrong);
        Assert.Contains("higherIsWorse", problem.GetProperty("errors").GetProperty("direction")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.True((await ProblemAsync(missing)).GetProperty("errors").TryGetProperty("direction", out _));
        await using (var db = App.NewDbContext())
        {
            Assert.Equal(MetricDirection.HigherIsWorse, (await db.Metrics.SingleAsync(m => m.Slug == "supplier-invoices-awaiting-payment")).Direction);
        }

        using var response = await client.SendAsync(Json(HttpMethod.Put, path, """{"direction":"higherIsBetter"}"""));
        using var restored = await client.SendAsync(Json(HttpMethod.Put, path, """{"direction":"higherIsWorse"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("supplier-invoices-awaiting-payment", answer.RootElement.GetProperty("slug").GetString());
        Assert.Equal("higherIsBetter", answer.RootElement.GetProperty("direction").GetString());
        await using var after = App.NewDbContext();
        var said = await after.AuditEntries.Where(a => a.Action == "metric.direction.set").OrderBy(a => a.Id).Select(a => a.After).ToListAsync();
        Assert.Equal(2, said.Count);
        Assert.Contains("\"direction\":\"Higher is better\"", said[0]);
        Assert.Contains("\"direction\":\"Higher is worse\"", said[1]);
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
    }

    [Fact]
    public async Task ARetriedRequestWithTheSameIdempotencyKeyChangesNothingTwice()
    {
        var issued = await IssueAsync("Runbook", Grant(ApiScopes.StatusWrite, systems: ["advance-shipping-notices"]));
        using var client = ClientWith(issued.Key);
        var changesBefore = (await SystemAsync("advance-shipping-notices")).StatusChanges.Count;
        const string body = """{"status":"restoring","reason":"ASN messages resume partner by partner."}""";

        using var first = await client.SendAsync(Json(HttpMethod.Patch, "/api/v1/systems/advance-shipping-notices", body, "retry-1"));
        using var retried = await client.SendAsync(Json(HttpMethod.Patch, "/api/v1/systems/advance-shipping-notices", body, "retry-1"));
        using var otherBody = await client.SendAsync(Json(HttpMethod.Patch, "/api/v1/systems/advance-shipping-notices",
            """{"status":"offline","reason":"Stopped again."}""", "retry-1"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retried.Content.ReadAsStringAsync());
        Assert.Equal("true", retried.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal((int)HttpStatusCode.UnprocessableEntity, (int)otherBody.StatusCode);
        await ProblemAsync(otherBody);
        var system = await SystemAsync("advance-shipping-notices");
        Assert.Equal(changesBefore + 1, system.StatusChanges.Count);
        Assert.Equal(SystemStatus.Restoring, system.Status);
    }

    [Fact]
    public async Task TheStatuspageComponentUpdateWithOAuthChangesAStatus()
    {
        var issued = await IssueAsync("Alertmanager bridge", Grant(ApiScopes.StatusWrite));
        using var client = ClientWith(issued.Key, "OAuth");

        using var response = await client.SendAsync(Json(HttpMethod.Patch, "/api/v1/pages/estate/components/global-parts-logistics",
            """{"component":{"status":"major_outage"}}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var component = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("major_outage", component.RootElement.GetProperty("status").GetString());
        Assert.Equal("global-parts-logistics", component.RootElement.GetProperty("id").GetString());
        Assert.Equal(SystemStatus.Offline, (await SystemAsync("global-parts-logistics")).Status);
    }

    [Fact]
    public async Task AChangeMadeFromAStaleETagIsRefusedWith412()
    {
        var issued = await IssueAsync("Plant runbook",
            new ApiKeyGrant(new HashSet<string>(StringComparer.Ordinal) { ApiScopes.Read, ApiScopes.StatusWrite }, [], [], []), "retailers");
        using var client = ClientWith(issued.Key);
        using var read = await client.GetAsync("/api/v1/systems/dealer-system-integration");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var etag = read.Headers.ETag!.ToString();

        using var fresh = await client.SendAsync(Json(HttpMethod.Patch, "/api/v1/systems/dealer-system-integration",
            """{"status":"restoring","reason":"Links come back retailer by retailer."}""", ifMatch: etag));
        using var stale = await client.SendAsync(Json(HttpMethod.Patch, "/api/v1/systems/dealer-system-integration",
            """{"status":"offline","reason":"Stopped again."}""", ifMatch: etag));

        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.NotEqual(etag, fresh.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        await ProblemAsync(stale);
        Assert.Equal(SystemStatus.Restoring, (await SystemAsync("dealer-system-integration")).Status);
    }

    [Theory]
    [InlineData("""{"status":"sideways","reason":"Testing."}""", "status")]
    [InlineData("""{"status":"degraded","reason":" "}""", "reason")]
    [InlineData("""{"status":"degraded","reason":"Slow.","colour":"amber"}""", "colour")]
    [InlineData("""{"status":"degraded","reason":"Slow.","expectedRestorationAt":"soon"}""", "expectedRestorationAt")]
    public async Task BadInputIsAnsweredWithProblemDetailsNamingTheField(string body, string field)
    {
        var issued = await IssueAsync("Careless script", Grant(ApiScopes.StatusWrite));
        using var client = ClientWith(issued.Key);
        var before = await SystemAsync("supplier-portal-edi");

        using var response = await client.SendAsync(Json(HttpMethod.Patch, "/api/v1/systems/supplier-portal-edi", body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        Assert.Equal(before.Version, (await SystemAsync("supplier-portal-edi")).Version);
    }
}
