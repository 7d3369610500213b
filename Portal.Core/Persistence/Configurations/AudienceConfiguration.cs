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
