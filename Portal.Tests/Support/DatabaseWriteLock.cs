using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Persistence;

namespace Portal.Tests.Support;

/// <summary>
/// Another process's write lock on the portal's database (a sqlite3 shell left in a transaction, a
/// backup tool): until it is disposed, every write by the portal fails once its busy timeout has
/// passed, while reads go on (the database is in WAL mode).
/// </summary>
public sealed class DatabaseWriteLock : IAsyncDisposable
{
    private readonly SqliteConnection _connection;

    private DatabaseWriteLock(SqliteConnection connection) => _connection = connection;

    public static async Task<DatabaseWriteLock> TakeAsync(string connectionString)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "BEGIN EXCLUSIVE;";
        await command.ExecuteNonQueryAsync();
        return new DatabaseWriteLock(connection);
    }

    /// <summary>
    /// Makes the portal's writes give up on a held lock after one second instead of SQLite's default
    /// thirty, so a test of a refused write does not wait half a minute.
    /// </summary>
    public static void ShortenBusyTimeout(IServiceCollection services) =>
        services.ConfigureDbContext<PortalDbContext>((provider, options) =>
            options.UseSqlite(WithShortBusyTimeout(provider.GetRequiredService<PortalDatabase>().ConnectionString)));

    public static string WithShortBusyTimeout(string connectionString) =>
        new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = 1 }.ToString();

    public async ValueTask DisposeAsync()
    {
        await using (var command = _connection.CreateCommand())
        {
            command.CommandText = "ROLLBACK;";
            await command.ExecuteNonQueryAsync();
        }

        await _connection.DisposeAsync();
    }
}
