using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Domain;

namespace Portal.Core.Persistence.Configurations;

internal sealed class ApiClientConfiguration : IEntityTypeConfiguration<ApiClient>
{
    public void Configure(EntityTypeBuilder<ApiClient> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(ApiClient.NameMaxLength);
        builder.Property(c => c.KeyHash).HasMaxLength(64);
        builder.Property(c => c.KeyPrefix).HasMaxLength(20);
        builder.Property(c => c.CreatedBy).HasMaxLength(PortalUser.EmailMaxLength);
        builder.Property(c => c.RevokedBy).HasMaxLength(PortalUser.EmailMaxLength);
        builder.HasIndex(c => c.KeyHash).IsUnique();
        builder.Ignore(c => c.IsRevoked);
        builder.Ignore(c => c.Grant);
    }
}
