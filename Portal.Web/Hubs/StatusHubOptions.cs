namespace Portal.Web.Hubs;

/// <summary>Limits of the status hub; <c>Portal:Hub:*</c> in configuration.</summary>
public sealed class StatusHubOptions
{
    public const string Section = "Portal:Hub";

    /// <summary>Client → server calls one connection may make in a burst.</summary>
    public int CallBurst { get; set; } = 20;

    /// <summary>Client → server calls per second one connection may keep up after its burst.</summary>
    public int CallsPerSecond { get; set; } = 5;

    /// <summary>Calls refused for the rate limit within a minute after which the connection is closed.</summary>
    public int RefusedCallsBeforeClose { get; set; } = 100;

    /// <summary>
    /// Origins (e.g. <c>https://status.example.com</c>) besides the portal's own address from which a
    /// browser may open a hub connection signed in by the portal's cookie. Anonymous and API-key
    /// connections may come from anywhere.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>The largest message a client may send, in bytes.</summary>
    public long MaximumReceiveMessageSize { get; set; } = 32 * 1024;

    /// <summary>How often open connections are checked for access taken away since they connected: revoked keys, and people disabled, deleted or with changed memberships.</summary>
    public TimeSpan RevokedKeyCheckInterval { get; set; } = TimeSpan.FromSeconds(30);
}
