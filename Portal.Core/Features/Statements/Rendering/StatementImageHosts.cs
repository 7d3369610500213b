namespace Portal.Core.Features.Statements;

/// <summary>The <c>Portal:Markdown</c> configuration section.</summary>
public sealed class StatementMarkdownOptions
{
    public const string Section = "Portal:Markdown";

    /// <summary>
    /// Host names (for example <c>images.example.com</c>) that statement images may load from over
    /// https, besides the portal itself. Every viewer's browser fetches such an image, so the host
    /// learns who reads which statement: list only hosts the company runs.
    /// </summary>
    public List<string> ImageHosts { get; set; } = [];
}

/// <summary>The hosts besides the portal itself that statement images may load from (<see cref="StatementMarkdownOptions.ImageHosts"/>).</summary>
public sealed class StatementImageHosts
{
    private readonly HashSet<string> _hosts;

    public StatementImageHosts(IEnumerable<string> hosts) =>
        _hosts = new HashSet<string>(hosts.Select(h => h.Trim()).Where(h => h.Length > 0), StringComparer.OrdinalIgnoreCase);

    /// <summary>Images from the portal only.</summary>
    public static StatementImageHosts None { get; } = new([]);

    public IReadOnlyCollection<string> Hosts => _hosts;

    public bool Allows(string host) => _hosts.Contains(host);
}
