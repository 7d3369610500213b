using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Domain;

namespace Portal.Core.Persistence.Configurations;

internal sealed class EstateSystemConfiguration : IEntityTypeConfiguration<EstateSystem>
{
    public void Configure(EntityTypeBuilder<EstateSystem> builder)
    {
        builder.Property(s => s.Slug).HasMaxLength(EstateSystem.SlugMaxLength);
        builder.HasIndex(s => s.Slug).IsUnique();
        builder.Property(s => s.Name).HasMaxLength(EstateSystem.NameMaxLength);
        builder.Property(s => s.Description).HasMaxLength(EstateSystem.DescriptionMaxLength);
        builder.Property(s => s.Workaround).HasMaxLength(EstateSystem.WorkaroundMaxLength);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasOne(s => s.Group).WithMany().HasForeignKey(s => s.GroupId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<RestartPhase>().WithMany().HasForeignKey(s => s.RestartPhaseId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(s => s.StatusChanges).WithOne(c => c.EstateSystem).HasForeignKey(c => c.EstateSystemId);
        builder.Navigation(s => s.StatusChanges).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
