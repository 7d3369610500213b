using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Domain;

namespace Portal.Core.Persistence.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.Property(a => a.ActorName).HasMaxLength(AuditEntry.ActorMaxLength);
        builder.Property(a => a.ActorAddress).HasMaxLength(AuditEntry.AddressMaxLength);
        builder.Property(a => a.Action).HasMaxLength(AuditEntry.ActionMaxLength);
        builder.Property(a => a.EntityType).HasMaxLength(AuditEntry.EntityTypeMaxLength);
        builder.Property(a => a.EntityId).HasMaxLength(AuditEntry.EntityIdMaxLength);
        builder.HasIndex(a => a.At);
        builder.HasIndex(a => new { a.EntityType, a.EntityId });
    }
}
