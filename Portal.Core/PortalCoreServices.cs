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
        services.Configure<Features.Statements.StatementMarkdownOptions>(configuration.GetSection(Features.Statements.StatementMarkdownOptions.Section));
        services.AddSingleton(provider => new Features.Statements.StatementImageHosts(
            provider.GetRequiredService<IOptions<Features.Statements.StatementMarkdownOptions>>().Value.ImageHosts));
        services.AddHostedService<PortalDatabaseInitialiser>();
        services.AddHostedService<Features.Statements.ScheduledStatementPublisher>();
        services.AddEventConsumers(configuration);
        if (database.IsPostgreSql)
        {
            services.AddEventConsumer<PostgreSqlEventRelay>();
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
