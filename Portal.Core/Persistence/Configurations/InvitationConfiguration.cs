using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Domain;

namespace Portal.Core.Persistence.Configurations;

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> builder)
    {
        builder.Property(i => i.Email).HasMaxLength(PortalUser.EmailMaxLength);
        builder.Property(i => i.TokenHash).HasMaxLength(64);
        builder.Property(i => i.InvitedBy).HasMaxLength(PortalUser.EmailMaxLength);
        builder.Property(i => i.DisplayName).HasMaxLength(PortalUser.DisplayNameMaxLength);
        builder.Property(i => i.Organisation).HasMaxLength(PortalUser.OrganisationMaxLength);
        builder.HasIndex(i => i.TokenHash).IsUnique();
    }
}
