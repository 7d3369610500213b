using Microsoft.Extensions.Options;
using Portal.Core;

namespace Portal.Web.Api;

/// <summary>Checks <c>Portal:Api</c> at start: the rate limit lets at least one request through.</summary>
internal sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var failures = new PortalSettingFailures(ApiOptions.Section);
        failures.RequireAtLeast(nameof(ApiOptions.RequestsPerMinute), options.RequestsPerMinute, 1);
        return failures.Result;
    }
}
