using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Core.Domain;
using Portal.Core.Features.Systems;
using Portal.Core.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Persistence;

/// <summary>What the portal does while its database answers reads but refuses writes.</summary>
public sealed class DatabaseWriteFailureTests
{
    private static readonly ChangeSystemStatusRequest PayrollDown = new("payroll", SystemStatus.Offline, "Payroll servers rebooting");

    [Fact]
    public async Task AChangeTheDatabaseRefusesSavesNothingAndSaysTheDatabaseCannotBeWritten()
    {
        await using var portal = await TestPortal.StartAsync(configure: DatabaseWriteLock.ShortenBusyTimeout);

        await using (await DatabaseWriteLock.TakeAsync(portal.Get<PortalDatabase>().ConnectionString))
        {
            var problem = await Assert.ThrowsAsync<DatabaseUnavailableException>(
                () => portal.Get<ChangeSystemStatus>().HandleAsync(PayrollDown, Actors.Operator));
            Assert.Equal("The portal cannot write to its database.", problem.Message);
        }

        await portal.AssertNothingRecordedAsync();
        await portal.Get<ChangeSystemStatus>().HandleAsync(PayrollDown, Actors.Operator);
        await using var db = portal.NewDbContext();
        Assert.Equal(SystemStatus.Offline, (await db.EstateSystems.SingleAsync(s => s.Slug == "payroll")).Status);
    }

    [Fact]
    public async Task TheHealthCheckIsUnhealthyWhileWritesFailAndHealthyOnceTheyWorkAgain()
    {
        await using var portal = await TestPortal.StartAsync(seedDemoData: false);
        var check = new PortalDatabaseHealthCheck(portal.Get<IDbContextFactory<PortalDbContext>>(), TimeProvider.System);

        HealthCheckResult whileLocked;
        await using (await DatabaseWriteLock.TakeAsync(portal.Get<PortalDatabase>().ConnectionString))
        {
            whileLocked = await check.CheckHealthAsync(new HealthCheckContext());
        }

        Assert.Equal(HealthStatus.Unhealthy, whileLocked.Status);
        Assert.Equal("The database answers but does not take writes.", whileLocked.Description);
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
    }

    [Fact]
    public async Task HealthzAnswers503WhileWritesFailAnd200Afterwards()
    {
        var folder = TestPortal.NewFolder();
        var connectionString = $"Data Source={Path.Combine(folder, "portal.db")}";
        await using var app = new PortalWebApp(new Dictionary<string, string?> { ["ConnectionStrings:Portal"] = connectionString });
        var client = app.AnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);

        HttpResponseMessage whileLocked;
        await using (await DatabaseWriteLock.TakeAsync(connectionString))
        {
            whileLocked = await client.GetAsync("/healthz");
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileLocked.StatusCode);
        Assert.Contains("\"status\":\"Unhealthy\"", await whileLocked.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        TestPortal.DeleteFolder(folder);
    }
}
