using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Events;
using Portal.Core;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Web.CommandLine;

/// <summary>What every command shares: where it writes, and the portal's services on the server's own configuration.</summary>
internal sealed class CommandLineContext(TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?>? settings)
{
    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>
    /// Who the audit log names for a command: the command line and the machine user who ran it,
    /// from this machine. It holds every role, as the portal itself does.
    /// </summary>
    public static Actor Actor { get; } = new(
        $"command line ({Environment.UserName})",
        Environment.MachineName.Length > AuditEntry.AddressMaxLength ? Environment.MachineName[..AuditEntry.AddressMaxLength] : Environment.MachineName,
        [.. PortalRoles.All]);

    /// <summary>
    /// Builds the portal's services as the server would (same configuration, same database) without
    /// serving. With <paramref name="upgrade"/> the database is migrated and the configured audiences
    /// added first, as at start, but the demonstration estate is never seeded.
    /// </summary>
    public async Task<CommandLinePortal> OpenAsync(bool upgrade, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        var database = PortalDatabase.From(builder.Configuration, builder.Environment.ContentRootPath);
        database.EnsureUsable();
        builder.Services.AddPortalCore(builder.Configuration, database);
        builder.Services.AddPortalWeb(builder.Configuration, database);
        var app = builder.Build();
        try
        {
            PortalSettings.ThrowIfInvalid(app.Services);
            if (upgrade)
            {
                await ActivatorUtilities.CreateInstance<PortalDatabaseInitialiser>(app.Services).UpgradeAsync(cancellationToken);
            }
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new CommandLinePortal(app, database);
    }
}

/// <summary>The portal's services for one command; disposing releases the database file.</summary>
internal sealed class CommandLinePortal(WebApplication app, PortalDatabase database) : IAsyncDisposable
{
    public PortalDatabase Database { get; } = database;

    public T Get<T>()
        where T : notnull => app.Services.GetRequiredService<T>();

    /// <summary>Records what a command did that no use case records itself (an export, a backup).</summary>
    public async Task AuditAsync(string action, string entityType, string entityId, object after, CancellationToken cancellationToken)
    {
        await using var db = await Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(cancellationToken);
        db.Audit(CommandLineContext.Actor, action, entityType, entityId, null, after, Get<TimeProvider>().GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();

        // Releases the SQLite file; a PostgreSQL connection string is not SQLite's to parse.
        if (!Database.IsPostgreSql)
        {
            SqliteConnection.ClearPool(new SqliteConnection(Database.ConnectionString));
        }
    }
}
