using Portal.Core.Domain;

namespace Portal.Core.Features.Board;

internal static class StatementSummaries
{
    private const int ExcerptLength = 220;

    public static StatementSummary From(Statement statement) =>
        new(statement.Id,
            statement.Title,
            Excerpt(statement.BodyMarkdown),
            statement.State,
            statement.PublishedAt ?? statement.UpdatedAt,
            statement.UpdatedAt,
            statement.Revisions.Count);

    /// <summary>The first paragraph as plain text, cut at a word boundary.</summary>
    public static string Excerpt(string markdown)
    {
        var firstParagraph = markdown.Replace("\r", "", StringComparison.Ordinal)
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(p => !p.StartsWith('#')) ?? "";
        var plain = Markdig.Markdown.ToPlainText(firstParagraph).ReplaceLineEndings(" ").Trim();
        if (plain.Length <= ExcerptLength)
        {
            return plain;
        }

        var cut = plain.LastIndexOf(' ', ExcerptLength);
        return string.Concat(plain.AsSpan(0, cut > 0 ? cut : ExcerptLength), "…");
    }
}
