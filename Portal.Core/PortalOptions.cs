namespace Portal.Core;

/// <summary>The "Portal" configuration section.</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>Where the embedded SQLite database lives; relative paths are under the content root.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>Seed the demonstration estate into an empty database at start.</summary>
    public bool SeedDemoData { get; set; } = true;

    /// <summary>Audiences besides the built-in Public one, by key and display name.</summary>
    public Dictionary<string, string> Audiences { get; set; } = [];
}
