using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portal.Core.Events.Consumers;

public static class EventConsumerServices
{
    /// <summary>Registers the host that runs every <see cref="EventConsumer"/> (options from <c>Portal:Consumers</c>).</summary>
    public static IServiceCollection AddEventConsumers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPortalSettings<EventConsumerOptions, EventConsumerOptionsValidator>(configuration, EventConsumerOptions.Section);
        services.TryAddSingleton<EventConsumerHost>();
        services.AddHostedService(provider => provider.GetRequiredService<EventConsumerHost>());
        return services;
    }

    /// <summary>Adds a consumer (a singleton) that the <see cref="EventConsumerHost"/> runs.</summary>
    public static IServiceCollection AddEventConsumer<TConsumer>(this IServiceCollection services)
        where TConsumer : EventConsumer
    {
        services.TryAddSingleton<TConsumer>();
        services.AddSingleton<EventConsumer>(provider => provider.GetRequiredService<TConsumer>());
        return services;
    }
}
