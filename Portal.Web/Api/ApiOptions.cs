namespace Portal.Web.Api;

/// <summary>The <c>Portal:Api</c> configuration section.</summary>
public sealed class ApiOptions
{
    public const string Section = "Portal:Api";

    /// <summary>Requests per minute one API key (or, before it is known, one client address) may send to <c>/api/v1</c>.</summary>
    public int RequestsPerMinute { get; set; } = 600;
}
