using MudBlazor;

namespace Portal.Web.Components.Layout;

/// <summary>
/// The portal's colours: calm, high-contrast, the same in light and dark. Every colour that
/// carries text meets WCAG AA (4.5:1) on the page and on the surface, and text on a filled
/// colour meets it too: dark mode's light colours carry dark text.
/// </summary>
public static class PortalTheme
{
    private const string DarkText = "#10233d";

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f3a5f",
            AppbarBackground = "#1f3a5f",
            Background = "#f6f7f9",
            TextSecondary = "rgba(0,0,0,0.66)",
            Tertiary = "#6d28d9",
            Info = "#0b62a4",
            Success = "#1b6e20",
            Warning = "#8a5300",
            Error = "#b3261e",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8fb3e6",
            PrimaryContrastText = DarkText,
            AppbarBackground = "#14243b",
            TextPrimary = "rgba(255,255,255,0.87)",
            TextSecondary = "rgba(255,255,255,0.72)",
            ActionDefault = "rgba(255,255,255,0.72)",
            Tertiary = "#c4b5fd",
            TertiaryContrastText = DarkText,
            Info = "#8cc4ff",
            InfoContrastText = DarkText,
            Success = "#7bd88f",
            SuccessContrastText = DarkText,
            Warning = "#ffc864",
            WarningContrastText = DarkText,
            Error = "#ff8a80",
            ErrorContrastText = DarkText,
        },
    };
}
