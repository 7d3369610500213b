using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Domain;

namespace Portal.Core.Persistence.Configurations;

internal sealed class MetricConfiguration : IEntityTypeConfiguration<Metric>
{
    public void Configure(EntityTypeBuilder<Metric> builder)
    {
        builder.Property(m => m.Slug).HasMaxLength(Metric.SlugMaxLength);
        builder.HasIndex(m => m.Slug).IsUnique();
        builder.Property(m => m.Name).HasMaxLength(Metric.NameMaxLength);
        builder.Property(m => m.Unit).HasMaxLength(Metric.UnitMaxLength);
        builder.Property(m => m.Description).HasMaxLength(Metric.DescriptionMaxLength);
        builder.Property(m => m.Direction).HasConversion<string>().HasMaxLength(20);
        builder.HasMany(m => m.Points).WithOne().HasForeignKey(p => p.MetricId);
        builder.Navigation(m => m.Points).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
