using Ganss.Xss;
using Markdig;

namespace Portal.Core.Features.Statements;

/// <summary>
/// Turns statement Markdown into HTML that is safe to put in a page: raw HTML in the Markdown is
/// escaped, and the result is sanitised (no scripts, event handlers, iframes, or javascript: and
/// data: URLs; links open with rel="noopener noreferrer"). The admin preview and every public page
/// use this one renderer, so the preview is exactly what viewers see.
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

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    public static string ToSafeHtml(string markdown)
    {
        var html = Markdown.ToHtml(markdown, Pipeline);
        return Sanitizer.Sanitize(html);
    }

    private static HtmlSanitizer CreateSanitizer()
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
        sanitizer.AllowDataAttributes = false;
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "a" } anchor)
            {
                anchor.SetAttribute("rel", "noopener noreferrer");
            }
        };
        return sanitizer;
    }
}
