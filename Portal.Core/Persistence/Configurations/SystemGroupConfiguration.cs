using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Domain;

namespace Portal.Core.Persistence.Configurations;

internal sealed class SystemGroupConfiguration : IEntityTypeConfiguration<SystemGroup>
{
    public void Configure(EntityTypeBuilder<SystemGroup> builder)
    {
        builder.Property(g => g.Name).HasMaxLength(SystemGroup.NameMaxLength);
        builder.HasIndex(g => g.Name).IsUnique();
    }
}
