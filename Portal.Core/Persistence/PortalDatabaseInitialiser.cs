using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Domain;
using Portal.Core.Persistence.Seeding;

namespace Portal.Core.Persistence;

/// <summary>
/// Brings the database up to date before the portal serves anyone: applies migrations, switches
/// SQLite to WAL, makes sure the configured audiences exist and seeds the demonstration estate once.
/// </summary>
public sealed class PortalDatabaseInitialiser(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<PortalOptions> options,
    TimeProvider clock,
    ILogger<PortalDatabaseInitialiser> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await UpgradeAsync(db, cancellationToken);

        if (options.Value.SeedDemoData && !await db.SystemGroups.AnyAsync(cancellationToken))
        {
            await DemoEstate.SeedAsync(db, clock.GetUtcNow(), cancellationToken);
            logger.LogInformation("Seeded the demonstration estate");
        }

        var connection = db.Database.GetDbConnection();
        logger.LogInformation("Portal database ready at {DataSource}", (connection as SqliteConnection)?.DataSource ?? connection.Database);
    }

    /// <summary>
    /// Applies migrations, switches SQLite to WAL and adds the configured audiences, without seeding:
    /// what the command line does before it changes anything, so an estate can be imported into a new database.
    /// </summary>
    public async Task UpgradeAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await UpgradeAsync(db, cancellationToken);
    }

    private async Task UpgradeAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // WAL lets readers go on while a change is written; the setting is kept in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await EnsureAudiencesAsync(db, cancellationToken);
    }

    private async Task EnsureAudiencesAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var wanted = new Dictionary<string, string>(StringComparer.Ordinal) { [Audience.Public] = "Public" };
        foreach (var (key, name) in options.Value.Audiences)
        {
            wanted[Audience.NormaliseKey(key)] = name;
        }

        var existing = await db.Audiences.Select(a => a.Key).ToListAsync(cancellationToken);
        foreach (var (key, name) in wanted.Where(w => !existing.Contains(w.Key)))
        {
            db.Audiences.Add(new Audience(key, name));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
