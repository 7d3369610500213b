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

    [Theory]
    [InlineData("![x](https://evil.example/track.png)")]
    [InlineData("![x](http://evil.example/track.png)")]
    [InlineData("![x](//evil.example/track.png)")]
    [InlineData("![x](HTTPS://evil.example/track.png)")]
    [InlineData("![x](https://images.example.com.evil.example/track.png)")]
    public void ShowsImagesFromOtherHostsAsLinksInsteadOfLoadingThem(string markdown)
    {
        var document = Parse(StatementMarkdown.ToSafeHtml(markdown, new StatementImageHosts(["images.example.com"])));

        Assert.Empty(document.QuerySelectorAll("img"));
        var link = Assert.Single(document.QuerySelectorAll("a"));
        Assert.Equal("Image: x", link.TextContent);
        Assert.Equal("noopener noreferrer", link.GetAttribute("rel"));
    }

    [Theory]
    [InlineData("![Plan](/images/plan.png)", "/images/plan.png")]
    [InlineData("![Plan](images/plan.png)", "images/plan.png")]
    [InlineData("![Plan](https://images.example.com/plan.png)", "https://images.example.com/plan.png")]
    [InlineData("![Plan](https://IMAGES.example.com/plan.png)", "https://IMAGES.example.com/plan.png")]
    public void ShowsImagesFromThePortalAndFromAllowedHosts(string markdown, string source)
    {
        var document = Parse(StatementMarkdown.ToSafeHtml(markdown, new StatementImageHosts(["images.example.com"])));

        Assert.Equal(source, Assert.Single(document.QuerySelectorAll("img")).GetAttribute("src"));
    }

    [Fact]
    public void ShowsImagesFromNoOtherHostWhenNoneIsConfigured()
    {
        var document = Parse(StatementMarkdown.ToSafeHtml("![Plan](https://images.example.com/plan.png)"));

        Assert.Empty(document.QuerySelectorAll("img"));
        Assert.Equal("https://images.example.com/plan.png", Assert.Single(document.QuerySelectorAll("a")).GetAttribute("href"));
    }

    [Theory]
    [InlineData('\u202A')]
    [InlineData('\u202B')]
    [InlineData('\u202C')]
    [InlineData('\u202D')]
    [InlineData('\u202E')]
    [InlineData('\u2066')]
    [InlineData('\u2067')]
    [InlineData('\u2068')]
    [InlineData('\u2069')]
    [InlineData('\u200E')]
    [InlineData('\u200F')]
    [InlineData('\u061C')]
    public void RemovesBidirectionalControls(char control)
    {
        var html = StatementMarkdown.ToSafeHtml($"Pay invoice{control}fdp.exe and see [the{control} plan](https://example.com/{control}x).");

        Assert.DoesNotContain(control, html);
        Assert.Contains("Pay invoicefdp.exe", html);
    }

    private static AngleSharp.Html.Dom.IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument($"<body>{html}</body>");
}
