using System.Text;

namespace Portal.Core.Features.People;

/// <summary>One record of pasted CSV: the line it starts on (from 1), its text as pasted, and its cells.</summary>
internal sealed record CsvRecord(int LineNumber, string Text, IReadOnlyList<string> Cells);

/// <summary>
/// Reads CSV as spreadsheets write it (RFC 4180): cells separated by commas, a cell in double quotes
/// may hold commas, line breaks and doubled quotes (<c>"Parts ""North"", Ltd"</c>). Cells are trimmed;
/// blank lines are skipped; a byte order mark is ignored. An unclosed quote runs to the end of the text
/// and is reported on the line where it opened.
/// </summary>
internal static class PastedCsv
{
    public static List<CsvRecord> Read(string text, out int? unclosedQuoteLine)
    {
        unclosedQuoteLine = null;
        var records = new List<CsvRecord>();
        var source = text.TrimStart('\uFEFF').ReplaceLineEndings("\n");
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        var cellWasQuoted = false;
        var line = 1;
        var recordLine = 1;
        var recordStart = 0;

        for (var i = 0; i <= source.Length; i++)
        {
            var c = i < source.Length ? source[i] : '\n';
            var atEnd = i == source.Length;
            if (quoted && !atEnd)
            {
                if (c == '"' && i + 1 < source.Length && source[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    cell.Append(c);
                }

                continue;
            }

            if (quoted)
            {
                unclosedQuoteLine = recordLine;
                quoted = false;
            }

            switch (c)
            {
                case '"' when cell.ToString().Trim().Length == 0 && !cellWasQuoted:
                    quoted = true;
                    cellWasQuoted = true;
                    cell.Clear();
                    break;
                case ',':
                    cells.Add(Finish(cell, cellWasQuoted));
                    cellWasQuoted = false;
                    break;
                case '\n':
                    cells.Add(Finish(cell, cellWasQuoted));
                    cellWasQuoted = false;
                    var recordText = source[recordStart..Math.Min(i, source.Length)];
                    if (cells.Any(x => x.Length > 0) || recordText.Trim().Length > 0)
                    {
                        records.Add(new CsvRecord(recordLine, recordText.Trim(), [.. cells]));
                    }

                    cells.Clear();
                    line++;
                    recordLine = line;
                    recordStart = i + 1;
                    break;
                default:
                    cell.Append(c);
                    break;
            }
        }

        return records;
    }

    private static string Finish(StringBuilder cell, bool wasQuoted)
    {
        var value = wasQuoted ? cell.ToString() : cell.ToString().Trim();
        cell.Clear();
        return value.Trim();
    }

    /// <summary>Writes one cell, quoting it when it holds a comma, a quote or a line break.</summary>
    public static string Cell(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
