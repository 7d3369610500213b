using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Persistence;

/// <summary>
/// The one row the health check rewrites on every check, so that "healthy" means the database takes
/// writes (its file, its write-ahead log and its lock), not only that it answers a read.
/// </summary>
public sealed class DatabaseHeartbeat
{
    public const int RowId = 1;

    public int Id { get; private set; } = RowId;

    /// <summary>When the health check last wrote the row.</summary>
    public DateTimeOffset CheckedAt { get; private set; }
}

internal sealed class DatabaseHeartbeatConfiguration : IEntityTypeConfiguration<DatabaseHeartbeat>
{
    public void Configure(EntityTypeBuilder<DatabaseHeartbeat> builder)
    {
        builder.ToTable("DatabaseHeartbeat");
        builder.Property(h => h.Id).ValueGeneratedNever();
    }
}
