using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Portal.Core.Persistence;

/// <summary>
/// Healthy when the database answers a query against the portal's own schema and takes a write: the
/// check rewrites <see cref="DatabaseHeartbeat"/>'s one row. A database that can be read but not
/// written (a read-only file or write-ahead log, a full disk, a write lock held elsewhere) is
/// Unhealthy, because no operator could save a status change.
/// </summary>
public sealed class PortalDatabaseHealthCheck(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock) : IHealthCheck
{
    /// <summary>How long the write waits for a lock held elsewhere before the check answers Unhealthy.</summary>
    public static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        try
        {
            await db.Audiences.AnyAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The exception goes to the log through the health check service, not to the caller.
            return new HealthCheckResult(context.Registration?.FailureStatus ?? HealthStatus.Unhealthy, "The database does not answer.", exception);
        }

        try
        {
            db.Database.SetCommandTimeout(WriteTimeout);
            // The column holds UTC ticks on every provider (PortalDbContext's conventions).
            var ticks = clock.GetUtcNow().UtcTicks;
            await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO "DatabaseHeartbeat" ("Id", "CheckedAt") VALUES ({DatabaseHeartbeat.RowId}, {ticks})
                ON CONFLICT ("Id") DO UPDATE SET "CheckedAt" = excluded."CheckedAt"
                """,
                cancellationToken);
            return HealthCheckResult.Healthy("The database answers and takes writes.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database answers but does not take writes.", exception);
        }
    }
}
