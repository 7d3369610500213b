using Portal.Core.Domain;

namespace Portal.Tests.Support;

/// <summary>People making changes in tests, by what they are allowed to do.</summary>
public static class Actors
{
    public static Actor Operator { get; } = new("operator@example.com", "127.0.0.1", PortalRoles.Operator);

    /// <summary>Staff, but not an operator: may look at the console, may not run the restart.</summary>
    public static Actor Publisher { get; } = new("publisher@example.com", null, PortalRoles.Publisher, PortalRoles.Approver);

    /// <summary>Signed in with no role at all.</summary>
    public static Actor NoRole { get; } = new("someone@example.com", null);
}
