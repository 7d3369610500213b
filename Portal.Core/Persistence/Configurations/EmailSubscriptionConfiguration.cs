using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Domain;

namespace Portal.Core.Persistence.Configurations;

internal sealed class EmailSubscriptionConfiguration : IEntityTypeConfiguration<EmailSubscription>
{
    public void Configure(EntityTypeBuilder<EmailSubscription> builder)
    {
        builder.Property(s => s.Address).HasMaxLength(EmailSubscription.AddressMaxLength);
        builder.Property(s => s.Name).HasMaxLength(EmailSubscription.NameMaxLength);
        builder.Property(s => s.Origin).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Choice).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.ConfirmationTokenHash).HasMaxLength(64);
        builder.Property(s => s.SuspendedReason).HasMaxLength(EmailSubscription.SuspendedReasonMaxLength);
        builder.Property(s => s.UserId).HasMaxLength(450);
        builder.HasIndex(s => s.Address).IsUnique();
        builder.HasIndex(s => s.ConfirmationTokenHash);
        builder.HasIndex(s => s.UserId);
        builder.Ignore(s => s.IsActive);
        builder.Ignore(s => s.Notices);
    }
}

internal sealed class EmailDeliveryConfiguration : IEntityTypeConfiguration<EmailDelivery>
{
    public void Configure(EntityTypeBuilder<EmailDelivery> builder)
    {
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.LastError).HasMaxLength(EmailDelivery.ErrorMaxLength);
        builder.HasOne<EmailSubscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);

        // One delivery per event and subscription: a fan-out repeated after a crash cannot add a second.
        builder.HasIndex(d => new { d.SubscriptionId, d.Sequence }).IsUnique();
        builder.HasIndex(d => new { d.Status, d.DueAt });
    }
}
