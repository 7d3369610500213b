using CsvHelper;

namespace Portal.Core.Features;

/// <summary>One record of CSV: the line it starts on (from 1), its text as written, and its cells.</summary>
internal sealed record CsvRecord(int LineNumber, string Text, IReadOnlyList<string> Cells);

/// <summary>
/// The portal's CSV, read and written with CsvHelper: pasted invitations and metric imports in, the audit
/// log out. Reading follows spreadsheets (RFC 4180): a cell in double quotes may hold commas, line breaks
/// and doubled quotes (<c>"Parts ""North"", Ltd"</c>); cells are trimmed, blank lines skipped and a byte
/// order mark ignored. Writing defuses spreadsheet formulas: a cell starting with =, +, -, @, a tab or a
/// carriage return gets a leading apostrophe, so a spreadsheet shows it as text.
/// </summary>
internal static class PortalCsv
{
    private static readonly CsvWriterOptions ExportOptions = new()
    {
        Injection = CsvInjection.Escape,
        NewLine = "\n",
    };

    /// <summary>
    /// Reads every non-blank record of <paramref name="text"/>. An unclosed quote runs to the end of the text;
    /// <paramref name="unclosedQuoteLine"/> is then the line where it opened.
    /// </summary>
    public static List<CsvRecord> Read(string text, out int? unclosedQuoteLine, char separator = ',')
    {
        int? unclosed = null;
        var options = new CsvReaderOptions
        {
            Separator = separator,
            HasHeader = false,
            TrimWhitespace = true,
            TrimInsideQuotes = true,
            SkipEmptyLines = true,
            AllowLineBreaksInQuotes = true,
            TrackLineNumbers = true,
            OnMalformedRecord = malformed =>
            {
                if (malformed.Reason == CsvMalformedReason.UnterminatedQuote)
                {
                    unclosed ??= (int)malformed.LineNumber;
                }
            },
        };

        var records = new List<CsvRecord>();
        using (var reader = CsvReader.Create(new StringReader(text.TrimStart('\uFEFF').ReplaceLineEndings("\n")), options, leaveOpen: false))
        {
            while (reader.Read())
            {
                var row = reader.Current;
                var raw = row.ToString().Trim();
                if (raw.Length > 0)
                {
                    records.Add(new CsvRecord((int)reader.LineNumber, raw, row.ToArray()));
                }
            }
        }

        unclosedQuoteLine = unclosed;
        return records;
    }

    /// <summary>
    /// <c>;</c> when the first record of <paramref name="text"/> holds more cells read with semicolons than
    /// with commas (a file saved by Excel in a language whose decimal mark is a comma), else <c>,</c>.
    /// </summary>
    public static char GuessSeparator(string text)
    {
        var firstLine = text.TrimStart('\uFEFF').ReplaceLineEndings("\n").Split('\n')
            .FirstOrDefault(line => line.Trim().Length > 0) ?? "";
        return CellsOfFirstRecord(firstLine, ';') > CellsOfFirstRecord(firstLine, ',') ? ';' : ',';
    }

    private static int CellsOfFirstRecord(string line, char separator) =>
        Read(line, out _, separator) is [var first, ..] ? first.Cells.Count : 0;

    /// <summary>A writer for an export to <paramref name="writer"/> (left open), with formulas defused.</summary>
    public static CsvWriter Export(TextWriter writer) => CsvWriter.Create(writer, ExportOptions, leaveOpen: true);
}
