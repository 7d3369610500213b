namespace Portal.Core.Domain;

/// <summary>
/// One signed-in browser of a person. The sign-in cookie names its session and is honoured only
/// while the session is here, so signing out ends that cookie on every node at once, and signing
/// out everywhere ends all of a person's cookies.
/// </summary>
public sealed class PersonSession
{
    public const int IdMaxLength = 64;

    private PersonSession()
    {
    }

    public PersonSession(string id, string userId, DateTimeOffset startedAt)
    {
        Id = Guard.Text(id, IdMaxLength, nameof(id));
        UserId = userId;
        StartedAt = startedAt;
        LastSeenAt = startedAt;
    }

    /// <summary>A random value that only the person's cookie carries.</summary>
    public string Id { get; private set; } = "";

    public string UserId { get; private set; } = "";

    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>When the cookie was last used, to within an hour (so a busy page does not write on every request).</summary>
    public DateTimeOffset LastSeenAt { get; private set; }
}
