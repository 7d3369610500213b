using System.Text;
using MudBlazor;

namespace Portal.Web.Components.Layout;

/// <summary>
/// The portal's dark palette as CSS for browsers that prefer dark. An interactive page asks the
/// browser and switches <see cref="MudThemeProvider"/> (MainLayout); a static page cannot, so it
/// carries this beside the light theme and lets a media query choose.
/// </summary>
public sealed class SystemDarkPalette : MudThemeProvider
{
    private static readonly Lazy<string> Css = new(() =>
    {
        var provider = new SystemDarkPalette();
        var variables = new StringBuilder();
        provider.WriteDarkVariables(variables);
        return $"@media (prefers-color-scheme: dark) {{ :root {{ {variables} }} }}";
    });

    /// <summary>The dark palette's variables, applied only when the browser prefers dark.</summary>
    public static string StyleSheet => Css.Value;

    private void WriteDarkVariables(StringBuilder variables)
    {
        // Only this private instance, never rendered: its parameters are set here, not by a parent.
#pragma warning disable BL0005, MUD0011
        Theme = PortalTheme.Theme;
        IsDarkMode = true;
#pragma warning restore BL0005, MUD0011
        GenerateTheme(variables);
    }
}
