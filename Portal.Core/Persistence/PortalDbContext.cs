using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Consumers;

namespace Portal.Core.Persistence;

/// <summary>
/// The portal's database, including its own accounts (ASP.NET Core Identity). Each provider has its own
/// migrations; a schema change adds one for each, from the repository root:
/// <list type="bullet">
/// <item>SQLite: <c>dotnet ef migrations add NAME --project Portal.Core --output-dir Persistence/Migrations</c></item>
/// <item>PostgreSQL: <c>dotnet ef migrations add NAME --project Portal.Migrations.PostgreSql --output-dir Migrations</c></item>
/// </list>
/// (<c>dotnet tool restore</c> first; neither needs a running database.) Both are applied at start by
/// <see cref="PortalDatabaseInitialiser"/> (<see cref="PortalDatabase"/> only finds the database and checks it can be used).
/// </summary>
public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options)
    : IdentityDbContext<PortalUser, IdentityRole, string>(options), IDataProtectionKeyContext
{
    /// <summary>The assembly holding the PostgreSQL migrations (the SQLite ones are in Portal.Core).</summary>
    public const string PostgreSqlMigrationsAssembly = "Portal.Migrations.PostgreSql";

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

    /// <summary>ASP.NET Core data-protection keys, shared by every node on PostgreSQL; SQLite keeps them in files beside the database.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>The PostgreSQL channel on which every commit of events announces its highest sequence.</summary>
    public const string EventChannel = "portal_events";

    // Any constant both the committing transactions agree on: pg_advisory_xact_lock's key for "the event log's tail".
    private const long EventSequenceLock = 0x506F7274616C;

    /// <summary>
    /// Saves the pending changes. On PostgreSQL, new events get their sequences here, inside the saving
    /// transaction and under a transaction-scoped lock held until it commits: the next sequence is read and
    /// used only once the previous holder has committed, so sequences become visible in commit order and a
    /// reader that has seen N never later meets a number below N. The commit also notifies
    /// <see cref="EventChannel"/> with the highest new sequence, so other nodes read the log. (SQLite has one
    /// writer at a time, so its own row ids are already in commit order.)
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var events = Database.IsNpgsql() ? AddedEvents() : [];
        if (events.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        if (Database.CurrentTransaction is not null)
        {
            await AssignSequencesAsync(events, cancellationToken);
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        await using var transaction = await Database.BeginTransactionAsync(cancellationToken);
        await AssignSequencesAsync(events, cancellationToken);
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return saved;
    }

    /// <inheritdoc cref="SaveChangesAsync(bool, CancellationToken)"/>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (Database.IsNpgsql() && AddedEvents().Count > 0)
        {
            throw new InvalidOperationException("Events are saved with SaveChangesAsync, which gives them their sequences in commit order.");
        }

        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    private List<Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<PortalEvent>> AddedEvents() =>
        [.. ChangeTracker.Entries<PortalEvent>().Where(entry => entry.State == EntityState.Added)];

    private async Task AssignSequencesAsync(List<Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<PortalEvent>> events, CancellationToken cancellationToken)
    {
        await Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({EventSequenceLock})", cancellationToken);
        var last = await PortalEvents.MaxAsync(e => (long?)e.Sequence, cancellationToken) ?? 0;
        foreach (var entry in events)
        {
            entry.Property(e => e.Sequence).CurrentValue = ++last;
        }

        var payload = last.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Database.ExecuteSqlAsync($"SELECT pg_notify({EventChannel}, {payload})", cancellationToken);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Identity's tables first, then the portal's own configurations.
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
        if (Database.IsSqlite())
        {
            modelBuilder.Ignore<DataProtectionKey>();
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every time the portal stores is UTC, kept as UTC ticks on both providers: SQLite cannot order or
        // compare DateTimeOffset stored as text, and PostgreSQL's timestamptz keeps only microseconds, so a
        // time read back would differ from the one written. As ticks the values stay exact and sort.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<decimal>().HaveConversion<double>();
        }
        else
        {
            // Text compares and sorts by its bytes, as in SQLite, whatever the server's locale: the same
            // order of names and the same uniqueness (case-sensitive) on both providers.
            configurationBuilder.Properties<string>().UseCollation("C");
        }
    }
}
