using Microsoft.Extensions.Options;

namespace Portal.Core.Features.Webhooks;

/// <summary>Checks <c>Portal:Webhooks</c> at start: attempts can run and wait for an answer.</summary>
internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var failures = new PortalSettingFailures(WebhookOptions.Section);
        failures.RequirePositive(nameof(WebhookOptions.Timeout), options.Timeout);
        failures.RequireAtLeast(nameof(WebhookOptions.MaxConcurrentDeliveries), options.MaxConcurrentDeliveries, 1);
        failures.RequireNotNegative(nameof(WebhookOptions.SecretOverlap), options.SecretOverlap);
        return failures.Result;
    }
}
