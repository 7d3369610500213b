using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Portal.Core.Events;
using Portal.Core.Events.Consumers;
using Portal.Core.Features.Webhooks;
using Portal.Core.Persistence;

namespace Portal.Core;

public static class PortalCoreServices
{
    /// <summary>
    /// Registers the database, the event stream and every use case. The database is migrated and
    /// seeded when the host starts; check it first with <see cref="PortalDatabase.EnsureUsable"/>.
    /// </summary>
    public static IServiceCollection AddPortalCore(this IServiceCollection services, IConfiguration configuration, PortalDatabase database)
    {
        services.AddSingleton(database);
        services.AddPortalSettings<PortalOptions, PortalOptionsValidator>(configuration, PortalOptions.Section);
        services.AddDbContextFactory<PortalDbContext>(options => database.Configure(options));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PortalEventStream>();
        services.AddPortalSettings<Features.Statements.StatementMarkdownOptions, Features.Statements.StatementMarkdownOptionsValidator>(
            configuration, Features.Statements.StatementMarkdownOptions.Section);
        services.AddSingleton(provider => new Features.Statements.StatementImageHosts(
            provider.GetRequiredService<IOptions<Features.Statements.StatementMarkdownOptions>>().Value.ImageHosts));
        services.AddHostedService<PortalDatabaseInitialiser>();
        services.AddHostedService<Features.Statements.ScheduledStatementPublisher>();
        services.AddEventConsumers(configuration);
        services.AddEventConsumer<Features.MaintenanceWindows.MaintenanceClock>();
        if (database.IsPostgreSql)
        {
            services.AddEventConsumer<PostgreSqlEventRelay>();
        }

        // Antiforgery and sign-in cookies must survive a restart, and webhook secrets are sealed with these
        // keys: keep them beside the database, and on PostgreSQL in it, so what one node sealed every other reads.
        var dataProtection = services.AddDataProtection().SetApplicationName("EstateStatusPortal");
        if (database.IsPostgreSql)
        {
            dataProtection.PersistKeysToDbContext<PortalDbContext>();
        }
        else
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(database.DataFolder, "keys")));
        }

        services.AddWebhooks(configuration);

        // Every use case is a plain class with a HandleAsync method under Features/.
        foreach (var useCase in typeof(PortalCoreServices).Assembly.GetExportedTypes()
                     .Where(t => t is { IsClass: true, IsAbstract: false }
                         && t.Namespace?.StartsWith("Portal.Core.Features", StringComparison.Ordinal) == true
                         && t.GetMethod("HandleAsync") is not null))
        {
            services.AddTransient(useCase);
        }

        return services;
    }
}
