using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Domain;

namespace Portal.Core.Persistence.Configurations;

internal sealed class RestartPhaseConfiguration : IEntityTypeConfiguration<RestartPhase>
{
    public void Configure(EntityTypeBuilder<RestartPhase> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(RestartPhase.NameMaxLength);
        builder.Property(p => p.Description).HasMaxLength(RestartPhase.DescriptionMaxLength);
        builder.Property(p => p.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasIndex(p => p.Number).IsUnique();
    }
}
