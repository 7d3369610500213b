namespace Portal.Web.Hubs;

/// <summary>Limits of the status hub; <c>Portal:Hub:*</c> in configuration.</summary>
public sealed class StatusHubOptions
{
    public const string Section = "Portal:Hub";

    /// <summary>Client → server calls one connection may make in a burst.</summary>
    public int CallBurst { get; set; } = 20;

    /// <summary>Client → server calls per second one connection may keep up after its burst.</summary>
    public int CallsPerSecond { get; set; } = 5;

    /// <summary>The largest message a client may send, in bytes.</summary>
    public long MaximumReceiveMessageSize { get; set; } = 32 * 1024;

    /// <summary>How often open connections are checked for access taken away since they connected: revoked keys, and people disabled, deleted or with changed memberships.</summary>
    public TimeSpan RevokedKeyCheckInterval { get; set; } = TimeSpan.FromSeconds(30);
}
