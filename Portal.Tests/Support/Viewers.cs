using Portal.Core.Domain;

namespace Portal.Tests.Support;

/// <summary>Viewers of the demonstration estate's audiences.</summary>
public static class Viewers
{
    public static Viewer Public => Viewer.Anonymous;

    public static Viewer Suppliers { get; } = new(["suppliers"]);

    public static Viewer Retailers { get; } = new(["retailers"]);

    public static Viewer Colleagues { get; } = new(["colleagues"]);
}
