using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Events.Consumers;

namespace Portal.Core.Features.Webhooks;

public static class WebhookServices
{
    /// <summary>Registers the webhooks channel: its consumer, sender and HTTP client (options from <c>Portal:Webhooks</c>).</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WebhookOptions>(configuration.GetSection(WebhookOptions.Section));
        services.AddSingleton<WebhookAddresses>();
        services.AddSingleton<WebhookHttp>();
        services.AddSingleton<WebhookActivity>();
        services.AddSingleton<WebhookSender>();
        services.AddEventConsumer<WebhookFanOut>();
        return services;
    }
}
