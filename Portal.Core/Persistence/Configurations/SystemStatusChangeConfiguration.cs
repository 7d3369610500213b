using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Domain;

namespace Portal.Core.Persistence.Configurations;

internal sealed class SystemStatusChangeConfiguration : IEntityTypeConfiguration<SystemStatusChange>
{
    public void Configure(EntityTypeBuilder<SystemStatusChange> builder)
    {
        builder.Property(c => c.From).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.To).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Reason).HasMaxLength(EstateSystem.ReasonMaxLength);
        builder.Property(c => c.Workaround).HasMaxLength(EstateSystem.WorkaroundMaxLength);
        builder.Property(c => c.ChangedBy).HasMaxLength(SystemStatusChange.ChangedByMaxLength);
        builder.HasIndex(c => new { c.EstateSystemId, c.ChangedAt });
    }
}
