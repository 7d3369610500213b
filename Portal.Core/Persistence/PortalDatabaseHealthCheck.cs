using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Portal.Core.Persistence;

/// <summary>Healthy when the database answers a query against the portal's own schema.</summary>
public sealed class PortalDatabaseHealthCheck(IDbContextFactory<PortalDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await db.Audiences.AnyAsync(cancellationToken);
            return HealthCheckResult.Healthy("The database answers.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The exception goes to the log through the health check service, not to the caller.
            return new HealthCheckResult(context.Registration?.FailureStatus ?? HealthStatus.Unhealthy, "The database does not answer.", exception);
        }
    }
}
