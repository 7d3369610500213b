using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Domain;

namespace Portal.Core.Persistence.Configurations;

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> builder)
    {
        builder.Property(i => i.Title).HasMaxLength(Incident.TitleMaxLength);
        builder.Property(i => i.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Impact).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.Ignore(i => i.IsActive);
    }
}
