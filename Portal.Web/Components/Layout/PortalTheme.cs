using MudBlazor;

namespace Portal.Web.Components.Layout;

/// <summary>The portal's colours: calm, high-contrast, the same in light and dark.</summary>
public static class PortalTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f3a5f",
            AppbarBackground = "#1f3a5f",
            Background = "#f6f7f9",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8fb3e6",
            AppbarBackground = "#14243b",
        },
    };
}
