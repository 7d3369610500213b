using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Events.Consumers;

namespace Portal.Core.Features.Subscriptions;

public static class SubscriptionServices
{
    /// <summary>
    /// Registers the email subscriptions channel: its use case and its once-per-cluster consumer. The
    /// caller registers the <see cref="ISubscriptionMail"/> that sends.
    /// </summary>
    public static IServiceCollection AddEmailSubscriptions(this IServiceCollection services)
    {
        services.AddSingleton<SubscribeByEmailHandler>();
        services.AddEventConsumer<EmailSubscriptionSender>();
        return services;
    }
}
