using MudBlazor;
using Portal.Core.Domain;

namespace Portal.Web.Components.Shared;

/// <summary>Maps each status's icon name to the Material icon drawn next to its name.</summary>
public static class StatusIcons
{
    public static string For(SystemStatus status) => status.Appearance().Icon switch
    {
        "check_circle" => Icons.Material.Filled.CheckCircle,
        "build" => Icons.Material.Filled.Build,
        "speed" => Icons.Material.Filled.Speed,
        "alt_route" => Icons.Material.Filled.AltRoute,
        "autorenew" => Icons.Material.Filled.Autorenew,
        "cancel" => Icons.Material.Filled.Cancel,
        var other => throw new InvalidOperationException($"No icon for '{other}'."),
    };
}
