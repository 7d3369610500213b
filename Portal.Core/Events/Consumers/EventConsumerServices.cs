using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portal.Core.Events.Consumers;

public static class EventConsumerServices
{
    /// <summary>Registers the host that runs every <see cref="EventConsumer"/> (options from <c>Portal:Consumers</c>).</summary>
    public static IServiceCollection AddEventConsumers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EventConsumerOptions>()
            .Bind(configuration.GetSection(EventConsumerOptions.Section))
            .Validate(o => o.NodeId.Length is > 0 and <= EventConsumerOptions.NodeIdMaxLength,
                $"{EventConsumerOptions.Section}:NodeId must be 1 to {EventConsumerOptions.NodeIdMaxLength} characters.")
            .Validate(o => o.LeaseDuration >= TimeSpan.FromSeconds(3), $"{EventConsumerOptions.Section}:LeaseDuration must be at least 3 seconds.")
            .ValidateOnStart();
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
