using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Portal.Core;

namespace Portal.Web.Hubs;

/// <summary>Registers and maps the status hub (<see cref="StatusHub.Path"/>).</summary>
public static class StatusHubSetup
{
    public static IServiceCollection AddStatusHub(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPortalSettings<StatusHubOptions, StatusHubOptionsValidator>(configuration, StatusHubOptions.Section);
        services.AddSingleton<StatusHubGroups>();
        services.AddSingleton<HubCallRateLimit>();
        services.AddSingleton<HubMethodFailures>();
        if (configuration[$"Logging:LogLevel:{HubMethodFailures.DispatcherCategory}"] is null)
        {
            services.AddLogging(logging => logging.AddFilter(HubMethodFailures.DispatcherCategory, LogLevel.Critical));
        }
        services.AddHostedService<StatusHubFanOut>();
        services.AddSingleton<HubConnections>();
        services.AddHostedService<RevokedAccessDisconnector>();
        services.AddConnectionCeiling();

        // Only this hub's options: Blazor's own circuit hub keeps its defaults and no call limit.
        services.AddSignalR()
            .AddHubOptions<StatusHub>(options =>
            {
                options.AddFilter<HubMethodFailures>();
                options.AddFilter<HubCallRateLimit>();
                options.EnableDetailedErrors = false;
            })
            .AddJsonProtocol(options =>
                options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        services.AddOptions<HubOptions<StatusHub>>().Configure<IOptions<StatusHubOptions>>(
            (options, limits) => options.MaximumReceiveMessageSize = limits.Value.MaximumReceiveMessageSize);
        return services;
    }

    public static IEndpointRouteBuilder MapStatusHub(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<StatusHub>(StatusHub.Path)
            .RequireAuthorization(Accounts.ApiKeyAuthentication.HubPolicy)
            .RequireOwnOriginForCookies();
        return endpoints;
    }
}
