using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Domain;

namespace Portal.Core.Persistence.Configurations;

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> builder)
    {
        builder.Property(i => i.Title).HasMaxLength(Incident.TitleMaxLength);
        builder.Property(i => i.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Impact).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.Ignore(i => i.IsActive);
    }
}

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

internal sealed class RestartPhaseConfiguration : IEntityTypeConfiguration<RestartPhase>
{
    public void Configure(EntityTypeBuilder<RestartPhase> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(RestartPhase.NameMaxLength);
        builder.Property(p => p.Description).HasMaxLength(RestartPhase.DescriptionMaxLength);
        builder.Property(p => p.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasIndex(p => p.Number).IsUnique();
    }
}

internal sealed class MaintenanceConfiguration : IEntityTypeConfiguration<Maintenance>
{
    public void Configure(EntityTypeBuilder<Maintenance> builder)
    {
        builder.Property(m => m.Title).HasMaxLength(Maintenance.TitleMaxLength);
        builder.Property(m => m.Description).HasMaxLength(Maintenance.DescriptionMaxLength);
        builder.Property(m => m.Version).IsConcurrencyToken();
        builder.HasIndex(m => m.StartsAt);
    }
}

internal sealed class MetricConfiguration : IEntityTypeConfiguration<Metric>
{
    public void Configure(EntityTypeBuilder<Metric> builder)
    {
        builder.Property(m => m.Slug).HasMaxLength(Metric.SlugMaxLength);
        builder.HasIndex(m => m.Slug).IsUnique();
        builder.Property(m => m.Name).HasMaxLength(Metric.NameMaxLength);
        builder.Property(m => m.Unit).HasMaxLength(Metric.UnitMaxLength);
        builder.Property(m => m.Description).HasMaxLength(Metric.DescriptionMaxLength);
        builder.HasMany(m => m.Points).WithOne().HasForeignKey(p => p.MetricId);
        builder.Navigation(m => m.Points).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class MetricPointConfiguration : IEntityTypeConfiguration<MetricPoint>
{
    public void Configure(EntityTypeBuilder<MetricPoint> builder) =>
        builder.HasIndex(p => new { p.MetricId, p.At }).IsUnique();
}
