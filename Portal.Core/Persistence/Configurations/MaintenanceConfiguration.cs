using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Domain;

namespace Portal.Core.Persistence.Configurations;

internal sealed class MaintenanceConfiguration : IEntityTypeConfiguration<Maintenance>
{
    public void Configure(EntityTypeBuilder<Maintenance> builder)
    {
        builder.Property(m => m.Title).HasMaxLength(Maintenance.TitleMaxLength);
        builder.Property(m => m.Description).HasMaxLength(Maintenance.DescriptionMaxLength);
        builder.Property(m => m.Version).IsConcurrencyToken();
        builder.HasIndex(m => m.StartsAt);
    }
}
