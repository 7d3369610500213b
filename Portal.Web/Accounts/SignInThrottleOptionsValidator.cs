using Microsoft.Extensions.Options;
using Portal.Core;

namespace Portal.Web.Accounts;

/// <summary>Checks <c>Portal:SignInThrottle</c> at start: every limit must let at least one attempt through.</summary>
internal sealed class SignInThrottleOptionsValidator : IValidateOptions<SignInThrottleOptions>
{
    public ValidateOptionsResult Validate(string? name, SignInThrottleOptions options)
    {
        var failures = new PortalSettingFailures(SignInThrottleOptions.Section);
        failures.RequireAtLeast(nameof(SignInThrottleOptions.FailuresPerAddressAndAccount), options.FailuresPerAddressAndAccount, 1);
        failures.RequireAtLeast(nameof(SignInThrottleOptions.FailuresPerAddress), options.FailuresPerAddress, 1);
        failures.RequireAtLeast(nameof(SignInThrottleOptions.FailuresPerAccountBeforeDelay), options.FailuresPerAccountBeforeDelay, 1);
        failures.RequireNotNegative(nameof(SignInThrottleOptions.MaxDelay), options.MaxDelay);
        failures.RequirePositive(nameof(SignInThrottleOptions.Window), options.Window);
        return failures.Result;
    }
}
