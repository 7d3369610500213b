namespace Portal.Web.Security;

/// <summary>The <c>Portal:ReverseProxy</c> configuration section.</summary>
public sealed class ReverseProxyOptions
{
    public const string Section = "Portal:ReverseProxy";

    /// <summary>
    /// Addresses of the reverse proxies in front of the portal (for example <c>10.0.0.5</c>). Only
    /// requests from these addresses have their <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>
    /// believed; with none listed, the headers are ignored and the connection itself says who the
    /// client is and whether it used https.
    /// </summary>
    public List<string> KnownProxies { get; set; } = [];
}
