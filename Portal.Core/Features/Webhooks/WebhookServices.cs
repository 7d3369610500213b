using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Portal.Core.Domain;
using Portal.Core.Events.Consumers;

namespace Portal.Core.Features.Webhooks;

public static class WebhookServices
{
    /// <summary>Registers the webhooks channel: its consumer, sender and HTTP client (options from <c>Portal:Webhooks</c>).</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPortalSettings<WebhookOptions, WebhookOptionsValidator>(configuration, WebhookOptions.Section);
        services.AddSingleton<WebhookAddresses>();
        services.AddSingleton<WebhookHttp>();
        services.AddSingleton<WebhookActivity>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<IWebhookSecretProtector, WebhookSecretProtector>();

        // The web host replaces these with its public address and a mail to the owner.
        services.TryAddSingleton<IPortalPublicAddress, ConfiguredPublicAddress>();
        services.TryAddSingleton<IWebhookOwnerNotice, NoOwnerNotice>();
        services.AddEventConsumer<WebhookFanOut>();
        return services;
    }

    private sealed class ConfiguredPublicAddress(IOptions<PortalOptions> options) : IPortalPublicAddress
    {
        public string Value => (options.Value.PublicAddress is { Length: > 0 } address ? address : "http://localhost/").TrimEnd('/') + "/";
    }

    private sealed class NoOwnerNotice : IWebhookOwnerNotice
    {
        public Task EndpointDisabledAsync(string ownerEmail, string organisation, string url, string reason, CancellationToken cancellationToken) =>
            Task.CompletedTask;
    }
}
