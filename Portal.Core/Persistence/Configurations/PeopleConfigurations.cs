using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Domain;

namespace Portal.Core.Persistence.Configurations;

internal sealed class PortalUserConfiguration : IEntityTypeConfiguration<PortalUser>
{
    public void Configure(EntityTypeBuilder<PortalUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(PortalUser.DisplayNameMaxLength);
        builder.Property(u => u.Organisation).HasMaxLength(PortalUser.OrganisationMaxLength);
    }
}

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

internal sealed class StatementTemplateConfiguration : IEntityTypeConfiguration<StatementTemplate>
{
    public void Configure(EntityTypeBuilder<StatementTemplate> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(StatementTemplate.NameMaxLength);
        builder.HasIndex(t => t.Name).IsUnique();
        builder.Property(t => t.Title).HasMaxLength(Statement.TitleMaxLength);
        builder.Property(t => t.BodyMarkdown).HasMaxLength(Statement.BodyMaxLength);
    }
}
