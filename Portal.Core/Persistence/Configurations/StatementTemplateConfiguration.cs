using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Domain;

namespace Portal.Core.Persistence.Configurations;

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
