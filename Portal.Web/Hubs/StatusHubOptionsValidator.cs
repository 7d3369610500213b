using Microsoft.Extensions.Options;
using Portal.Core;

namespace Portal.Web.Hubs;

/// <summary>Checks <c>Portal:Hub</c> at start: every limit must let at least something through.</summary>
internal sealed class StatusHubOptionsValidator : IValidateOptions<StatusHubOptions>
{
    public ValidateOptionsResult Validate(string? name, StatusHubOptions options)
    {
        var failures = new PortalSettingFailures(StatusHubOptions.Section);
        failures.RequireAtLeast(nameof(StatusHubOptions.CallBurst), options.CallBurst, 1);
        failures.RequireAtLeast(nameof(StatusHubOptions.CallsPerSecond), options.CallsPerSecond, 1);
        failures.RequireAtLeast(nameof(StatusHubOptions.MaximumReceiveMessageSize), options.MaximumReceiveMessageSize, 1024);
        failures.RequirePositive(nameof(StatusHubOptions.RevokedKeyCheckInterval), options.RevokedKeyCheckInterval);
        return failures.Result;
    }
}
