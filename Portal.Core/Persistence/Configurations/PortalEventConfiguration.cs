using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Events;

namespace Portal.Core.Persistence.Configurations;

internal sealed class PortalEventConfiguration : IEntityTypeConfiguration<PortalEvent>
{
    public void Configure(EntityTypeBuilder<PortalEvent> builder)
    {
        builder.HasKey(e => e.Sequence);
        builder.Property(e => e.Sequence).ValueGeneratedOnAdd();
        builder.Property(e => e.Type).HasMaxLength(PortalEvent.TypeMaxLength);
    }
}
