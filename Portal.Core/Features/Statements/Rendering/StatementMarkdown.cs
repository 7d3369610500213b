using Ganss.Xss;
using Markdig;
using Portal.Core.Domain;

namespace Portal.Core.Features.Statements;

/// <summary>
/// Turns statement Markdown into HTML that is safe to put in a page: raw HTML in the Markdown is
/// escaped, and the result is sanitised (no scripts, event handlers, iframes, or javascript: and
/// data: URLs; links open with rel="noopener noreferrer"). Images load only from the portal itself
/// (relative addresses) or from the hosts in <see cref="StatementImageHosts"/>; any other image
/// becomes a link, so no viewer's browser fetches it on its own (a tracking pixel). Bidirectional
/// formatting characters are removed. The admin preview and every public page use this one
/// renderer, so the preview is exactly what viewers see.
/// </summary>
public static class StatementMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .UseListExtras()
        .DisableHtml()
        .Build();

    // Resolving against a name that cannot exist tells a relative address (same host) from one that
    // only looks relative: "//host/x", "/\host/x" and "\\host\x" all reach another host in a browser.
    private static readonly Uri OwnOrigin = new("https://portal.invalid/");

    // One sanitiser per set of image hosts (in practice two: none, and the configured ones); sanitising is thread-safe.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<StatementImageHosts, HtmlSanitizer> Sanitizers = [];

    /// <summary>HTML for <paramref name="markdown"/> with images from the portal's own address only.</summary>
    public static string ToSafeHtml(string markdown) => ToSafeHtml(markdown, StatementImageHosts.None);

    /// <summary>HTML for <paramref name="markdown"/> with images from the portal and from <paramref name="imageHosts"/>.</summary>
    public static string ToSafeHtml(string markdown, StatementImageHosts imageHosts)
    {
        var html = Markdown.ToHtml(BidiControls.Remove(markdown), Pipeline);
        return Sanitizers.GetValue(imageHosts, CreateSanitizer).Sanitize(html);
    }

    private static bool IsAllowedImage(string? source, StatementImageHosts imageHosts)
    {
        if (string.IsNullOrWhiteSpace(source) || !Uri.TryCreate(OwnOrigin, source.Trim(), out var address))
        {
            return false;
        }

        return address.Host == OwnOrigin.Host
            || (address.Scheme == Uri.UriSchemeHttps && imageHosts.Allows(address.Host));
    }

    private static void ReplaceWithLink(AngleSharp.Dom.IElement image)
    {
        var document = image.Owner!;
        var source = image.GetAttribute("src");
        var text = image.GetAttribute("alt") is { Length: > 0 } alt ? $"Image: {alt}" : "Image";
        AngleSharp.Dom.INode replacement = document.CreateTextNode(text);
        if (!string.IsNullOrWhiteSpace(source))
        {
            var link = document.CreateElement("a");
            link.SetAttribute("href", source);
            link.SetAttribute("rel", "noopener noreferrer");
            link.TextContent = text;
            replacement = link;
        }

        image.Parent!.ReplaceChild(replacement, image);
    }

    private static HtmlSanitizer CreateSanitizer(StatementImageHosts imageHosts)
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.Add("http");
        sanitizer.AllowedSchemes.Add("https");
        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.AllowedTags.Remove("iframe");
        sanitizer.AllowedTags.Remove("form");
        sanitizer.AllowedTags.Remove("style");
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedAttributes.Remove("class");
        sanitizer.AllowedAttributes.Remove("id");
        sanitizer.AllowedAttributes.Remove("srcset");
        sanitizer.AllowDataAttributes = false;
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "a" } anchor)
            {
                anchor.SetAttribute("rel", "noopener noreferrer");
            }
        };
        sanitizer.PostProcessDom += (_, e) =>
        {
            foreach (var image in e.Document.QuerySelectorAll("img").Where(i => !IsAllowedImage(i.GetAttribute("src"), imageHosts)).ToList())
            {
                ReplaceWithLink(image);
            }
        };
        return sanitizer;
    }
}
