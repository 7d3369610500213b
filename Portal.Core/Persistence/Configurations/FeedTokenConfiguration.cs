using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Domain;

namespace Portal.Core.Persistence.Configurations;

internal sealed class FeedTokenConfiguration : IEntityTypeConfiguration<FeedToken>
{
    public void Configure(EntityTypeBuilder<FeedToken> builder)
    {
        builder.Property(t => t.TokenHash).HasMaxLength(FeedToken.HashLength);
        builder.HasIndex(t => t.TokenHash).IsUnique();

        // One personal feed address per person; it goes with the account.
        builder.HasIndex(t => t.UserId).IsUnique();
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
