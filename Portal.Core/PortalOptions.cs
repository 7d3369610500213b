namespace Portal.Core;

/// <summary>
/// The "Portal" configuration section, bound once and checked at start by <see cref="PortalOptionsValidator"/>.
/// The hub (<c>Portal:Hub</c>) and mail (<c>Portal:Mail</c>) sections have their own classes in the web project.
/// </summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>Where the embedded SQLite database lives; relative paths are under the content root.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>Seed the demonstration estate into an empty database at start.</summary>
    public bool SeedDemoData { get; set; } = true;

    /// <summary>Audiences besides the built-in Public one, by key and display name.</summary>
    public Dictionary<string, string> Audiences { get; set; } = [];

    /// <summary>
    /// The portal's public address (e.g. https://status.example.com), the base of every absolute link it
    /// gives out: links in mails and the Statuspage API's <c>page.url</c>. Links never use the request's
    /// <c>Host</c> header, which a caller can forge.
    /// </summary>
    public string? PublicAddress { get; set; }

    /// <summary>Administrators must use an authenticator app before they can open the console.</summary>
    public bool RequireTwoFactorForAdmins { get; set; } = true;

    /// <summary>Posts per client address and window to the forms that send mail.</summary>
    public int MailingFormPosts { get; set; } = 5;

    public TimeSpan MailingFormWindow { get; set; } = TimeSpan.FromMinutes(15);

    public BootstrapAdminOptions BootstrapAdmin { get; set; } = new();

    /// <summary>Whose portal this is: shown on every page, in the page title and in link previews.</summary>
    public OrganisationOptions Organisation { get; set; } = new();

    /// <summary>Which database engine holds the portal's data (<c>Portal:Database</c>).</summary>
    public PortalDatabaseOptions Database { get; set; } = new();

    /// <summary>The section as configured, for what must be known before the host is built (the data folder).</summary>
    public static PortalOptions From(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        PortalSettings.Bind<PortalOptions>(configuration.GetSection(Section));
}

public sealed class BootstrapAdminOptions
{
    /// <summary>The first administrator, created when the portal has none.</summary>
    public string Email { get; set; } = "admin@localhost";
}

/// <summary>The company the portal speaks for (<c>Portal:Organisation</c>); everything is optional.</summary>
public sealed class OrganisationOptions
{
    public const int NameMaxLength = 100;
    public const int IntroductionMaxLength = 500;

    /// <summary>The company's name, e.g. "Northwind Motors"; the page title reads "Estate status — Northwind Motors".</summary>
    public string? Name { get; set; }

    /// <summary>The company's logo: an http(s) address or a path on the portal such as /logo.svg.</summary>
    public string? LogoUrl { get; set; }

    /// <summary>One or two sentences on the public board saying what this page is (also the link preview's description).</summary>
    public string? Introduction { get; set; }

    /// <summary>The end of every page title: "Estate status — Name", or "Estate status" with no name configured.</summary>
    public string SiteTitle => Name is { Length: > 0 } name && name.Trim() is { Length: > 0 } trimmed ? $"Estate status — {trimmed}" : "Estate status";
}

/// <summary>Which database engine holds the portal's data.</summary>
public enum DatabaseProvider
{
    /// <summary>The embedded default: one SQLite file in the data folder, one node.</summary>
    Sqlite,

    /// <summary>An existing PostgreSQL server (<c>ConnectionStrings:Portal</c>), which several nodes can share.</summary>
    PostgreSQL,
}

public sealed class PortalDatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}
