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
