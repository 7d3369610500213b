namespace Portal.Core.Features.Webhooks;

/// <summary>The <c>Portal:Webhooks</c> configuration section.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Portal:Webhooks";

    /// <summary>
    /// Lets endpoints point at loopback, private and link-local addresses. Off in production: such an
    /// address would let whoever registers an endpoint make the portal call into its own network.
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>How long one attempt waits for the receiver's answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many attempts run at once in all; one endpoint never has more than one.</summary>
    public int MaxConcurrentDeliveries { get; set; } = 32;

    /// <summary>How long the previous secret goes on signing after a rotation.</summary>
    public TimeSpan SecretOverlap { get; set; } = TimeSpan.FromHours(24);
}
