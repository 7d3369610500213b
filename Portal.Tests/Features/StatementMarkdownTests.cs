using AngleSharp.Html.Parser;
using Portal.Core.Features.Statements;

namespace Portal.Tests.Features;

public sealed class StatementMarkdownTests
{
    private static readonly string[] DangerousTags = ["script", "iframe", "object", "embed", "form", "style", "link", "meta", "base", "svg"];

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click](JaVaScRiPt:alert(1))")]
    [InlineData("[data](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("<iframe src=\"https://example.com\"></iframe>")]
    [InlineData("![x](javascript:alert(1))")]
    [InlineData("<a href=\"https://example.com\" onclick=\"steal()\">x</a>")]
    [InlineData("<svg onload=alert(1)></svg>")]
    [InlineData("[x](https://example.com \"title\" onmouseover=alert(1))")]
    [InlineData("<details open ontoggle=alert(1)>")]
    [InlineData("[x](vbscript:msgbox(1))")]
    public void RendersHostileInputHarmless(string markdown)
    {
        var document = new HtmlParser().ParseDocument($"<body>{StatementMarkdown.ToSafeHtml(markdown)}</body>");

        var elements = document.Body!.QuerySelectorAll("*");
        Assert.All(elements, element =>
        {
            Assert.DoesNotContain(element.LocalName, DangerousTags);
            Assert.DoesNotContain(element.Attributes, a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));
            foreach (var url in new[] { element.GetAttribute("href"), element.GetAttribute("src") }.OfType<string>())
            {
                Assert.Matches("^(https?:|mailto:|#|/)", url.Trim());
            }
        });
    }

    [Fact]
    public void ShowsRawHtmlAsTextInsteadOfMarkup()
    {
        var html = StatementMarkdown.ToSafeHtml("<b>not bold</b>");

        Assert.Contains("&lt;b&gt;not bold&lt;/b&gt;", html);
    }

    [Fact]
    public void GivesLinksNoopenerNoreferrer()
    {
        var html = StatementMarkdown.ToSafeHtml("See [the plan](https://example.com/plan).");

        Assert.Contains("href=\"https://example.com/plan\"", html);
        Assert.Contains("rel=\"noopener noreferrer\"", html);
    }

    [Fact]
    public void KeepsOrdinaryFormatting()
    {
        var html = StatementMarkdown.ToSafeHtml("**Bold** and a list:\n\n- one\n- two");

        Assert.Contains("<strong>Bold</strong>", html);
        Assert.Contains("<li>one</li>", html);
    }
}
