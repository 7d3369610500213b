namespace Portal.Core.Events.Consumers;

/// <summary>The <c>Portal:Consumers</c> configuration section.</summary>
public sealed class EventConsumerOptions
{
    public const string Section = "Portal:Consumers";
    public const int NodeIdMaxLength = 60;

    /// <summary>
    /// This node's name, part of per-node consumers' cursor names and of lease holders. Defaults to
    /// the machine name; give each node on one machine its own.
    /// </summary>
    public string NodeId { get; set; } = Environment.MachineName;

    /// <summary>How long a once-per-cluster lease lasts without renewal; the holder renews it every third of this.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How often a consumer reads the log although nothing woke it. Commits on this node wake it at
    /// once; this only catches what the node did not hear about.
    /// </summary>
    public TimeSpan SafetyPoll { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between attempts after a consumer fails.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);
}
