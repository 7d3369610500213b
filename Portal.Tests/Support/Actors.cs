using Portal.Core.Domain;

namespace Portal.Tests.Support;

/// <summary>People of the admin console, one per role, and one who holds none of the roles a use case needs.</summary>
public static class Actors
{
    public static Actor Admin { get; } = new("admin@example.com", "127.0.0.1", PortalRoles.Admin);

    public static Actor Operator { get; } = new("operator@example.com", "127.0.0.1", PortalRoles.Operator);

    public static Actor Publisher { get; } = new("publisher@example.com", "127.0.0.1", PortalRoles.Publisher);

    public static Actor Approver { get; } = new("approver@example.com", "127.0.0.1", PortalRoles.Approver);
}
