using System.Net;
using Microsoft.Extensions.Options;
using Portal.Core;

namespace Portal.Web.Security;

/// <summary>Checks <c>Portal:ReverseProxy</c> at start: each known proxy is an IP address.</summary>
internal sealed class ReverseProxyOptionsValidator : IValidateOptions<ReverseProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ReverseProxyOptions options)
    {
        var failures = new PortalSettingFailures(ReverseProxyOptions.Section);
        for (var i = 0; i < options.KnownProxies.Count; i++)
        {
            if (!IPAddress.TryParse(options.KnownProxies[i], out _))
            {
                failures.Add($"{nameof(ReverseProxyOptions.KnownProxies)}:{i}", $"must be an IP address such as 10.0.0.5; it is '{options.KnownProxies[i]}'.");
            }
        }

        return failures.Result;
    }
}
