using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Core.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Persistence;

public sealed class PortalDatabaseHealthCheckTests
{
    [Fact]
    public async Task IsHealthyWhenTheDatabaseAnswers()
    {
        await using var portal = await TestPortal.StartAsync(seedDemoData: false);
        var check = new PortalDatabaseHealthCheck(portal.Get<IDbContextFactory<PortalDbContext>>(), TimeProvider.System);

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public async Task IsUnhealthyWhenTheDatabaseCannotBeOpened()
    {
        var folder = TestPortal.NewFolder();
        var options = new DbContextOptionsBuilder<PortalDbContext>()
            .UseSqlite($"Data Source={Path.Combine(folder, "missing", "portal.db")};Mode=ReadWrite")
            .Options;
        var check = new PortalDatabaseHealthCheck(new PooledDbContextFactory<PortalDbContext>(options), TimeProvider.System);

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("The database does not answer.", result.Description);
        TestPortal.DeleteFolder(folder);
    }
}
