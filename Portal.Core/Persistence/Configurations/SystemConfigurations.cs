using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Domain;

namespace Portal.Core.Persistence.Configurations;

internal sealed class AudienceConfiguration : IEntityTypeConfiguration<Audience>
{
    public void Configure(EntityTypeBuilder<Audience> builder)
    {
        builder.Property(a => a.Key).HasMaxLength(Audience.KeyMaxLength);
        builder.Property(a => a.Name).HasMaxLength(Audience.NameMaxLength);
        builder.Property(a => a.HeadlineQuestion).HasMaxLength(Audience.HeadlineMaxLength);
        builder.Property(a => a.ContactsMarkdown).HasMaxLength(Audience.ContactsMaxLength);
        builder.HasIndex(a => a.Key).IsUnique();
    }
}

internal sealed class SystemGroupConfiguration : IEntityTypeConfiguration<SystemGroup>
{
    public void Configure(EntityTypeBuilder<SystemGroup> builder)
    {
        builder.Property(g => g.Name).HasMaxLength(SystemGroup.NameMaxLength);
        builder.HasIndex(g => g.Name).IsUnique();
    }
}

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
