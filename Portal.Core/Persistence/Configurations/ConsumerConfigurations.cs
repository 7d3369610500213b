using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Events.Consumers;

namespace Portal.Core.Persistence.Configurations;

internal sealed class ConsumerCursorConfiguration : IEntityTypeConfiguration<ConsumerCursor>
{
    public void Configure(EntityTypeBuilder<ConsumerCursor> builder)
    {
        builder.HasKey(c => c.Name);
        builder.Property(c => c.Name).HasMaxLength(ConsumerCursor.NameMaxLength);
        builder.Ignore(c => c.FinishedSequence);
    }
}

internal sealed class ConsumerLeaseConfiguration : IEntityTypeConfiguration<ConsumerLease>
{
    public void Configure(EntityTypeBuilder<ConsumerLease> builder)
    {
        builder.HasKey(l => l.Name);
        builder.Property(l => l.Name).HasMaxLength(ConsumerCursor.NameMaxLength);
        builder.Property(l => l.Holder).HasMaxLength(ConsumerLease.HolderMaxLength);
    }
}
