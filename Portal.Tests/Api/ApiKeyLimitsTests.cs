using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Features.ApiClients;
using Portal.Tests.Support;
using static Portal.Tests.Api.ApiRequests;

namespace Portal.Tests.Api;

/// <summary>What stops a key at the door of <c>/api/v1</c>: its rate limit, the size of a body, expiry and revocation.</summary>
public sealed class ApiKeyLimitsTests(PortalWebAppFixture fixture) : IClassFixture<PortalWebAppFixture>
{
    private PortalWebApp App => fixture.App;

    [Fact]
    public async Task AKeyOverItsRateLimitGets429WithRetryAfterWhileAnotherKeyIsServed()
    {
        await using var app = new PortalWebApp(new Dictionary<string, string?> { ["Portal:Api:RequestsPerMinute"] = "2" });
        var busy = await app.IssueAsync("Chatty exporter", Grant(ApiScopes.Read), "retailers");
        var quiet = await app.IssueAsync("Quiet exporter", Grant(ApiScopes.Read), "retailers");
        using var busyClient = app.ClientWith(busy.Key);
        using var quietClient = app.ClientWith(quiet.Key);

        using var first = await busyClient.GetAsync("/api/v1/systems");
        using var second = await busyClient.GetAsync("/api/v1/systems");
        using var third = await busyClient.GetAsync("/api/v1/systems");
        using var other = await quietClient.GetAsync("/api/v1/systems");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        var retryAfter = int.Parse(third.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal(429, (await third.ProblemAsync()).GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task ABodyOverTheLimitIsRefusedWith413AndRecordsNothing()
    {
        var issued = await App.IssueAsync("Bulk loader", Grant(ApiScopes.MetricsWrite));
        using var client = App.ClientWith(issued.Key);
        var point = $$"""{"at":"{{DateTimeOffset.UtcNow.AddMinutes(-5):O}}","value":1}""";
        var points = string.Join(',', Enumerable.Repeat(point, 300 * 1024 / point.Length));
        await using var before = App.NewDbContext();
        var count = await before.MetricPoints.CountAsync();

        using var response = await client.SendAsync(Json(HttpMethod.Post, "/api/v1/metrics/supplier-invoices-awaiting-payment/points/batch",
            $$"""{"points":[{{points}}]}"""));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(413, (await response.ProblemAsync()).GetProperty("status").GetInt32());
        await using var after = App.NewDbContext();
        Assert.Equal(count, await after.MetricPoints.CountAsync());
    }

    [Fact]
    public async Task AnExpiredKeyIsRefusedWith401()
    {
        var issued = await App.IssueAsync("Temporary monitor", new ApiKeyGrant(new HashSet<string>(StringComparer.Ordinal) { ApiScopes.Read }, [], [], [],
            DateTimeOffset.UtcNow.AddDays(1)), "suppliers");
        using var client = App.ClientWith(issued.Key);
        using var whileValid = await client.GetAsync("/api/v1/systems");
        Assert.Equal(HttpStatusCode.OK, whileValid.StatusCode);
        await using (var db = App.NewDbContext())
        {
            // The day passes: the key's expiry is now behind it.
            var client1 = await db.ApiClients.SingleAsync(c => c.Id == issued.Client.Id);
            db.Entry(client1).Property(c => c.ExpiresAt).CurrentValue = DateTimeOffset.UtcNow.AddMinutes(-1);
            await db.SaveChangesAsync();
        }

        using var expired = await client.GetAsync("/api/v1/systems");

        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal(401, (await expired.ProblemAsync()).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task ARevokedKeyIsRefusedWith401AndChangesNothing()
    {
        var issued = await App.IssueAsync("Retired monitor", Grant(ApiScopes.StatusWrite));
        using var client = App.ClientWith(issued.Key);
        await App.Get<RevokeApiClientKey>().HandleAsync(issued.Client.Id, Actors.Admin);
        await using var before = App.NewDbContext();
        var version = await before.EstateSystems.Where(s => s.Slug == "supplier-invoicing").Select(s => s.Version).SingleAsync();

        using var response = await client.SendAsync(Json(HttpMethod.Patch, "/api/v1/systems/supplier-invoicing",
            """{"status":"offline","reason":"A retired monitor still running."}"""));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await response.ProblemAsync();
        await using var after = App.NewDbContext();
        Assert.Equal(version, await after.EstateSystems.Where(s => s.Slug == "supplier-invoicing").Select(s => s.Version).SingleAsync());
    }
}
