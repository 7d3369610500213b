using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Domain;

namespace Portal.Core.Persistence.Configurations;

internal sealed class StatementRevisionConfiguration : IEntityTypeConfiguration<StatementRevision>
{
    public void Configure(EntityTypeBuilder<StatementRevision> builder)
    {
        builder.Property(r => r.Title).HasMaxLength(StatementRevision.TitleMaxLength);
        builder.Property(r => r.BodyMarkdown).HasMaxLength(StatementRevision.BodyMaxLength);
        builder.Property(r => r.CreatedBy).HasMaxLength(Statement.PersonMaxLength);
        builder.HasIndex(r => new { r.StatementId, r.Number }).IsUnique();
    }
}
