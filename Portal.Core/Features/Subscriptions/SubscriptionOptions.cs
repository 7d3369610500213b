using Microsoft.Extensions.Options;

namespace Portal.Core.Features.Subscriptions;

/// <summary>The <c>Portal:Subscriptions</c> configuration section.</summary>
public sealed class SubscriptionOptions
{
    public const string Section = "Portal:Subscriptions";

    /// <summary>How many SMTP connections send subscription mail at once (each sends one mail after another).</summary>
    public int SmtpConnections { get; set; } = 4;

    /// <summary>At most one status message per subscriber per this many minutes, holding every change since. Statements are never delayed.</summary>
    public int StatusDigestMinutes { get; set; } = 10;

    /// <summary>The longest wait before trying a mail server that could not be reached again (the waits double up to it).</summary>
    public TimeSpan MaxServerRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan StatusDigest => TimeSpan.FromMinutes(StatusDigestMinutes);
}

internal sealed class SubscriptionOptionsValidator : IValidateOptions<SubscriptionOptions>
{
    public ValidateOptionsResult Validate(string? name, SubscriptionOptions options)
    {
        var failures = new PortalSettingFailures(SubscriptionOptions.Section);
        failures.RequireAtLeast(nameof(SubscriptionOptions.SmtpConnections), options.SmtpConnections, 1);
        if (options.SmtpConnections > 64)
        {
            failures.Add(nameof(SubscriptionOptions.SmtpConnections), $"must be 64 or fewer; it is {options.SmtpConnections}.");
        }

        failures.RequireAtLeast(nameof(SubscriptionOptions.StatusDigestMinutes), options.StatusDigestMinutes, 0);
        failures.RequirePositive(nameof(SubscriptionOptions.MaxServerRetryDelay), options.MaxServerRetryDelay);
        return failures.Result;
    }
}
