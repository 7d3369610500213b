namespace Portal.Core.Domain;

/// <summary>
/// The person or program making a change: who (their email), from which network address, and
/// the roles they hold. Every use case that changes something checks the roles itself, so no
/// route into Core (page, API, hub) can skip the check.
/// </summary>
public sealed record Actor(string Name, string? Address, IReadOnlySet<string> Roles)
{
    public Actor(string name, string? address, params string[] roles)
        : this(name, address, new HashSet<string>(roles, StringComparer.Ordinal))
    {
    }

    /// <summary>The portal itself (seeding, scheduled publication): holds every role.</summary>
    public static Actor System { get; } = new("portal", null, [.. PortalRoles.All]);

    public bool IsIn(string role) => Roles.Contains(role);

    /// <summary>Throws <see cref="ForbiddenException"/> unless the actor holds one of <paramref name="roles"/>.</summary>
    public void Require(params string[] roles)
    {
        if (!roles.Any(IsIn))
        {
            throw new ForbiddenException($"This needs the {string.Join(" or ", roles)} role.");
        }
    }
}
