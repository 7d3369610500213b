using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Portal.Core.Domain;

/// <summary>
/// The database could not take a write (its file or write-ahead log cannot be written, the disk is
/// full, another process holds the write lock). Nothing was saved; the caller keeps its input and
/// may try again once the database is writable.
/// </summary>
public sealed class DatabaseUnavailableException(Exception cause)
    : Exception("The portal cannot write to its database.", cause)
{
    // SQLite's primary result codes for "the storage refused", as opposed to a refused row (a
    // constraint), which is a fault in the portal and stays one.
    private static readonly HashSet<int> StorageCodes =
    [
        5,  // SQLITE_BUSY: another connection or process holds the write lock
        6,  // SQLITE_LOCKED
        7,  // SQLITE_NOMEM
        8,  // SQLITE_READONLY: the file, its folder or its write-ahead log is read-only
        10, // SQLITE_IOERR: "disk I/O error"
        11, // SQLITE_CORRUPT
        13, // SQLITE_FULL: the disk is full
        14, // SQLITE_CANTOPEN
        15, // SQLITE_PROTOCOL
        26, // SQLITE_NOTADB
    ];

    /// <summary>Whether <paramref name="exception"/> (or what caused it) is the storage refusing a write.</summary>
    public static bool IsStorageFailure(Exception exception) => exception switch
    {
        DbUpdateConcurrencyException => false,
        SqliteException sqlite => StorageCodes.Contains(sqlite.SqliteErrorCode & 0xFF),
        // PostgreSQL: the connection, the server's resources or its operator refused; a refused row stays a fault.
        PostgresException postgres => postgres.SqlState[..2] is "08" or "53" or "57" or "58",
        NpgsqlException => true,
        DbUpdateException { InnerException: { } inner } => IsStorageFailure(inner),
        InvalidOperationException { InnerException: SqliteException or NpgsqlException } invalid => IsStorageFailure(invalid.InnerException!),
        _ => false,
    };
}
