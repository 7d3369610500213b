using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Events.Consumers;

namespace Portal.Core.Features.Subscriptions;

public static class SubscriptionServices
{
    /// <summary>
    /// Registers the email subscriptions channel: its use cases, its once-per-cluster consumer and its
    /// sender (options from <c>Portal:Subscriptions</c>). The caller registers the <see cref="ISubscriptionMail"/> that sends.
    /// </summary>
    public static IServiceCollection AddEmailSubscriptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPortalSettings<SubscriptionOptions, SubscriptionOptionsValidator>(configuration, SubscriptionOptions.Section);
        services.AddSingleton<SubscribeByEmailHandler>();
        services.AddSingleton<EmailActivity>();
        services.AddSingleton<EmailSender>();
        services.AddEventConsumer<EmailFanOut>();
        return services;
    }
}
