using Portal.Core.Domain;

namespace Portal.Tests.Support;

/// <summary>People making changes in tests: one per role, and one who holds no role at all.</summary>
public static class Actors
{
    public static Actor Admin { get; } = new("admin@example.com", "127.0.0.1", PortalRoles.Admin);

    public static Actor Operator { get; } = new("operator@example.com", "127.0.0.1", PortalRoles.Operator);

    /// <summary>Staff, but not an operator: may look at the console, may not run the restart.</summary>
    public static Actor Publisher { get; } = new("publisher@example.com", "127.0.0.1", PortalRoles.Publisher);

    public static Actor Approver { get; } = new("approver@example.com", "127.0.0.1", PortalRoles.Approver);

    /// <summary>Signed in with no role at all.</summary>
    public static Actor NoRole { get; } = new("someone@example.com", null);
}
