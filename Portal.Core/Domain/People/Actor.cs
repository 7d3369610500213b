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

    /// <summary>Set when the actor is a program presenting an API key: what the key may do. Such an actor holds no role.</summary>
    public ApiKeyGrant? ApiKey { get; init; }

    /// <summary>A program acting with an API key; audit entries name it by <paramref name="name"/>.</summary>
    public static Actor ForApiKey(string name, string? address, ApiKeyGrant grant) =>
        new(name, address, new HashSet<string>(StringComparer.Ordinal)) { ApiKey = grant };

    public bool IsIn(string role) => Roles.Contains(role);

    /// <summary>
    /// Throws <see cref="ForbiddenException"/> unless the actor holds <paramref name="role"/> or is a
    /// key with <paramref name="scope"/> (whose limits the use case checks on the thing itself).
    /// </summary>
    public void RequireRoleOrScope(string role, string scope)
    {
        if (ApiKey is { } key)
        {
            if (!key.Has(scope))
            {
                throw new ForbiddenException($"This key does not have the {scope} scope.");
            }

            return;
        }

        Require(role);
    }

    /// <summary>Throws <see cref="ForbiddenException"/> when the actor is a key whose limits leave out <paramref name="system"/>.</summary>
    public void RequireMayChange(EstateSystem system)
    {
        if (ApiKey is { } key && !key.MayChange(system))
        {
            throw new ForbiddenException($"This key may not change the status of '{system.Slug}'.");
        }
    }

    /// <summary>Throws <see cref="ForbiddenException"/> when the actor is a key whose limits leave out <paramref name="metric"/>.</summary>
    public void RequireMayRecord(Metric metric)
    {
        if (ApiKey is { } key && !key.MayRecord(metric))
        {
            throw new ForbiddenException($"This key may not record points of '{metric.Slug}'.");
        }
    }

    /// <summary>Throws <see cref="ForbiddenException"/> unless the actor holds one of <paramref name="roles"/>.</summary>
    public void Require(params string[] roles)
    {
        if (!roles.Any(IsIn))
        {
            throw new ForbiddenException($"This needs the {string.Join(" or ", roles)} role.");
        }
    }
}
