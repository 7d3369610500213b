using System.CommandLine;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Persistence;

namespace Portal.Web.CommandLine;

/// <summary>
/// <c>admin backup --file F</c>: a consistent copy of the SQLite database while the portal runs
/// (SQLite's online backup reads one snapshot, whatever is written meanwhile), and
/// <c>admin backup check --file F</c>: whether a copy is sound and which version wrote it.
/// </summary>
internal static class BackupCommand
{
    public static Command Create(CommandLineContext context)
    {
        var file = new Option<FileInfo>("--file") { Description = "The backup file to write; it must not exist yet." };
        var command = new Command("backup", "Copy the portal's SQLite database to a file, consistently, while the portal runs.")
        {
            file,
            CheckCommand(context),
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var target = parsed.GetValue(file) ?? throw new CommandLineException("Give the backup file: admin backup --file FILE.");
            if (target.Exists)
            {
                throw new CommandLineException($"{target.FullName} already exists; choose another file or remove it.");
            }

            await using var portal = await context.OpenAsync(upgrade: false, cancellationToken);
            if (portal.Database.IsPostgreSql)
            {
                throw new CommandLineException(
                    "This portal keeps its data in PostgreSQL: back it up with pg_dump --format=custom --file=portal.dump \"$CONNECTION\" (consistent while the portal runs).");
            }

            if (!File.Exists(portal.Database.FilePath))
            {
                throw new CommandLineException($"There is no database at {portal.Database.FilePath} to back up.");
            }

            // Audited first, so the backup holds the record of its own making.
            await portal.AuditAsync("database.backed-up", "Database", Path.GetFileName(portal.Database.FilePath),
                new { file = target.FullName }, cancellationToken);
            target.Directory?.Create();
            await using (var source = new SqliteConnection(portal.Database.ConnectionString))
            await using (var destination = new SqliteConnection(ConnectionTo(target.FullName, SqliteOpenMode.ReadWriteCreate)))
            {
                await source.OpenAsync(cancellationToken);
                await destination.OpenAsync(cancellationToken);
                source.BackupDatabase(destination);
            }

            await context.Output.WriteLineAsync(
                $"Backed up {portal.Database.FilePath} to {target.FullName} ({new FileInfo(target.FullName).Length.ToString("N0", CultureInfo.InvariantCulture)} bytes).");
            return 0;
        });
        return command;
    }

    private static Command CheckCommand(CommandLineContext context)
    {
        var file = new Option<FileInfo>("--file") { Description = "The backup file to check.", Required = true };
        var command = new Command("check",
            "Open a backup, check its integrity and that this version's migrations are all applied, and count what it holds.")
        {
            file,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var backup = parsed.GetValue(file)!;
            if (!backup.Exists)
            {
                throw new CommandLineException($"There is no file {backup.FullName}.");
            }

            var connectionString = ConnectionTo(backup.FullName, SqliteOpenMode.ReadWrite);
            await using (var connection = new SqliteConnection(connectionString))
            {
                await connection.OpenAsync(cancellationToken);
                await using var integrity = connection.CreateCommand();
                integrity.CommandText = "PRAGMA integrity_check;";
                var verdict = Convert.ToString(await integrity.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
                if (verdict != "ok")
                {
                    throw new CommandLineException($"{backup.FullName} is damaged: {verdict}");
                }
            }

            var options = new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(connectionString).Options;
            await using var db = new PortalDbContext(options);
            var known = db.Database.GetMigrations().ToList();
            var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
            if (applied.Count == 0)
            {
                throw new CommandLineException($"{backup.FullName} is not a portal database: it has no migrations applied.");
            }

            if (applied.Except(known, StringComparer.Ordinal).FirstOrDefault() is { } newer)
            {
                throw new CommandLineException($"{backup.FullName} was written by a newer version of the portal (migration {newer}).");
            }

            if (known.Except(applied, StringComparer.Ordinal).ToList() is { Count: > 0 } missing)
            {
                throw new CommandLineException(
                    $"{backup.FullName} lacks {missing.Count} migrations of this version (from {missing[0]}); it was written by an older version.");
            }

            await context.Output.WriteLineAsync($"{backup.FullName}: integrity ok, all {known.Count} migrations applied.");
            foreach (var (what, count) in new (string, int)[]
                     {
                         ("audiences", await db.Audiences.CountAsync(cancellationToken)),
                         ("groups", await db.SystemGroups.CountAsync(cancellationToken)),
                         ("systems", await db.EstateSystems.CountAsync(cancellationToken)),
                         ("phases", await db.RestartPhases.CountAsync(cancellationToken)),
                         ("incidents", await db.Incidents.CountAsync(cancellationToken)),
                         ("statements", await db.Statements.CountAsync(cancellationToken)),
                         ("metrics", await db.Metrics.CountAsync(cancellationToken)),
                         ("people", await db.Users.CountAsync(cancellationToken)),
                         ("api keys", await db.ApiClients.CountAsync(cancellationToken)),
                         ("events", await db.PortalEvents.CountAsync(cancellationToken)),
                         ("audit entries", await db.AuditEntries.CountAsync(cancellationToken)),
                     })
            {
                await context.Output.WriteLineAsync($"{what}: {count.ToString(CultureInfo.InvariantCulture)}");
            }

            return 0;
        });
        return command;
    }

    /// <summary>Unpooled, so the file is free again as soon as the command is done with it.</summary>
    private static string ConnectionTo(string file, SqliteOpenMode mode) =>
        new SqliteConnectionStringBuilder { DataSource = file, Mode = mode, Pooling = false }.ToString();
}
