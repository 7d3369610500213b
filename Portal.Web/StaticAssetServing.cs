namespace Portal.Web;

/// <summary>How the portal serves its own and its packages' files (styles, scripts, images).</summary>
public static class StaticAssetServing
{
    /// <summary>The framework's switch for reading files from disk on every request rather than as the build described them.</summary>
    private const string ReloadAtRuntime = "ReloadStaticAssetsAtRuntime";

    /// <summary>
    /// Serves files as the build described them, also when the portal runs from its build output
    /// (<c>dotnet run</c>, the load tool) rather than published: each address from the build's precompressed
    /// copies, fingerprinted addresses <c>immutable</c> for a year. Without this, a portal run from its
    /// build output answers every file <c>no-cache</c> and, for any file whose date on disk differs from
    /// the build's list (a package's files), sends a gzip stream that stores the file uncompressed
    /// (MudBlazor's stylesheet: 628 KB instead of 67 KB). In Development the framework's behaviour is kept,
    /// so an edit to a file under wwwroot shows at once; an explicit setting always wins.
    /// </summary>
    public static WebApplicationBuilder ServeStaticAssetsAsBuilt(this WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment() && builder.Configuration[ReloadAtRuntime] is null)
        {
            builder.Configuration.AddInMemoryCollection([new(ReloadAtRuntime, "false")]);
        }

        return builder;
    }
}
