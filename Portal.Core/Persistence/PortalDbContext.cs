using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Consumers;

namespace Portal.Core.Persistence;

/// <summary>
/// The portal's database, including its own accounts (ASP.NET Core Identity). Schema changes are real migrations, created from the repository root with:
/// <c>dotnet ef migrations add NAME --project Portal.Core --output-dir Persistence/Migrations</c>
/// and applied at start by <see cref="PortalDatabaseInitialiser"/> (<see cref="PortalDatabase"/> only finds the file and checks it can be used).
/// </summary>
public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options)
    : IdentityDbContext<PortalUser, IdentityRole, string>(options)
{
    public DbSet<Audience> Audiences => Set<Audience>();

    public DbSet<SystemGroup> SystemGroups => Set<SystemGroup>();

    public DbSet<EstateSystem> EstateSystems => Set<EstateSystem>();

    public DbSet<SystemStatusChange> SystemStatusChanges => Set<SystemStatusChange>();

    public DbSet<Incident> Incidents => Set<Incident>();

    public DbSet<Statement> Statements => Set<Statement>();

    public DbSet<StatementRevision> StatementRevisions => Set<StatementRevision>();

    public DbSet<RestartPhase> RestartPhases => Set<RestartPhase>();

    public DbSet<Maintenance> Maintenances => Set<Maintenance>();

    public DbSet<Metric> Metrics => Set<Metric>();

    public DbSet<MetricPoint> MetricPoints => Set<MetricPoint>();

    public DbSet<PortalEvent> PortalEvents => Set<PortalEvent>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<StatementTemplate> StatementTemplates => Set<StatementTemplate>();

    public DbSet<ApiClient> ApiClients => Set<ApiClient>();

    public DbSet<PersonSession> PersonSessions => Set<PersonSession>();

    public DbSet<SignInFailure> SignInFailures => Set<SignInFailure>();

    public DbSet<ConsumerCursor> ConsumerCursors => Set<ConsumerCursor>();

    public DbSet<ConsumerLease> ConsumerLeases => Set<ConsumerLease>();

    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<EmailSubscription> EmailSubscriptions => Set<EmailSubscription>();

    public DbSet<EmailDelivery> EmailDeliveries => Set<EmailDelivery>();

    public DbSet<IdempotentRequest> IdempotentRequests => Set<IdempotentRequest>();

    public DbSet<FeedToken> FeedTokens => Set<FeedToken>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Identity's tables first, then the portal's own configurations.
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset as stored text; as UTC ticks it can, and the
        // values stay exact. Every time the portal stores is UTC.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<decimal>().HaveConversion<double>();
    }
}
