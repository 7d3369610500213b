using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Domain;

namespace Portal.Core.Persistence.Configurations;

internal sealed class EmailSubscriptionConfiguration : IEntityTypeConfiguration<EmailSubscription>
{
    public void Configure(EntityTypeBuilder<EmailSubscription> builder)
    {
        builder.Property(s => s.Address).HasMaxLength(EmailSubscription.AddressMaxLength);
        builder.Property(s => s.Choice).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.ConfirmationTokenHash).HasMaxLength(64);
        builder.HasIndex(s => s.Address).IsUnique();
        builder.HasIndex(s => s.ConfirmationTokenHash);
        builder.Ignore(s => s.IsActive);
        builder.Ignore(s => s.Viewer);
    }
}
