using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Domain;

namespace Portal.Core.Persistence.Configurations;

internal sealed class StatementConfiguration : IEntityTypeConfiguration<Statement>
{
    public void Configure(EntityTypeBuilder<Statement> builder)
    {
        builder.Property(s => s.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Author).HasMaxLength(Statement.PersonMaxLength);
        builder.Property(s => s.ApprovedBy).HasMaxLength(Statement.PersonMaxLength);
        builder.Property(s => s.PublishedBy).HasMaxLength(Statement.PersonMaxLength);
        builder.Property(s => s.WithdrawnBy).HasMaxLength(Statement.PersonMaxLength);
        builder.Property(s => s.ScheduledBy).HasMaxLength(Statement.PersonMaxLength);
        builder.HasIndex(s => s.ScheduledFor);
        builder.Property(s => s.BreakGlassReason).HasMaxLength(Statement.ReasonMaxLength);
        builder.Property(s => s.WithdrawalReason).HasMaxLength(Statement.ReasonMaxLength);
        builder.Property(s => s.WithdrawnByRole).HasMaxLength(Statement.RoleMaxLength);
        builder.Property(s => s.AmendmentState).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.AmendmentTitle).HasMaxLength(StatementRevision.TitleMaxLength);
        builder.Property(s => s.AmendmentBodyMarkdown).HasMaxLength(StatementRevision.BodyMaxLength);
        builder.Property(s => s.AmendmentBy).HasMaxLength(Statement.PersonMaxLength);
        builder.Property(s => s.AmendmentApprovedBy).HasMaxLength(Statement.PersonMaxLength);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasOne<Incident>().WithMany().HasForeignKey(s => s.IncidentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.Revisions).WithOne().HasForeignKey(r => r.StatementId);
        builder.Navigation(s => s.Revisions).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(s => s.Current);
        builder.Ignore(s => s.Title);
        builder.Ignore(s => s.BodyMarkdown);
        builder.Ignore(s => s.IsPublic);
        builder.HasIndex(s => new { s.State, s.PublishedAt });
    }
}
