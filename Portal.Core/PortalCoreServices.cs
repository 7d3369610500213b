using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Core.Events;
using Portal.Core.Features.Board;
using Portal.Core.Features.Statements;
using Portal.Core.Features.Systems;
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
        services.Configure<PortalOptions>(configuration.GetSection(PortalOptions.Section));
        services.AddDbContextFactory<PortalDbContext>(options => options.UseSqlite(database.ConnectionString));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PortalEventStream>();
        services.AddHostedService<PortalDatabaseInitialiser>();

        services.AddTransient<GetStatusBoard>();
        services.AddTransient<GetSystemDetail>();
        services.AddTransient<GetStatement>();
        services.AddTransient<ChangeSystemStatus>();
        return services;
    }
}
