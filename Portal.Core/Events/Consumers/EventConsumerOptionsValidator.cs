using System.Globalization;
using Microsoft.Extensions.Options;

namespace Portal.Core.Events.Consumers;

/// <summary>Checks <c>Portal:Consumers</c> at start: a node name that fits cursor and lease names, and leases long enough to renew.</summary>
internal sealed class EventConsumerOptionsValidator : IValidateOptions<EventConsumerOptions>
{
    public ValidateOptionsResult Validate(string? name, EventConsumerOptions options)
    {
        var failures = new PortalSettingFailures(EventConsumerOptions.Section);
        if (options.NodeId.Length is 0 or > EventConsumerOptions.NodeIdMaxLength)
        {
            failures.Add(nameof(EventConsumerOptions.NodeId), string.Create(CultureInfo.InvariantCulture,
                $"must be 1 to {EventConsumerOptions.NodeIdMaxLength} characters; it has {options.NodeId.Length}."));
        }

        failures.RequireAtLeast(nameof(EventConsumerOptions.LeaseDuration), options.LeaseDuration, TimeSpan.FromSeconds(3));
        failures.RequirePositive(nameof(EventConsumerOptions.SafetyPoll), options.SafetyPoll);
        failures.RequirePositive(nameof(EventConsumerOptions.MaxRetryDelay), options.MaxRetryDelay);
        return failures.Result;
    }
}
