using System.Globalization;
using Portal.Core.Domain;

namespace Portal.Core.Features.Metrics;

/// <summary>Reads the <c>timestamp,value</c> records of a metric import (<see cref="PortalCsv"/>), finding every bad line rather than stopping at the first.</summary>
internal static class MetricPointsCsv
{
    public const int MaxValues = 10_000;

    private const int ShownLineLength = 200;
    private const string Example = "for example 2026-11-26 or 2026-11-26T07:00:00Z";

    private static readonly string[] Headers = ["at,value", "timestamp,value"];

    // ISO 8601 as spreadsheets and scripts write it: a date, or a date and time (to the minute,
    // second or fraction) with or without an offset, separated by 'T' or a space. K accepts a
    // missing offset, which AssumeUniversal then reads as UTC.
    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd",
        .. new[] { "'T'", " " }.SelectMany(separator => new[]
        {
            $"yyyy-MM-dd{separator}HH:mmK",
            $"yyyy-MM-dd{separator}HH:mm:ssK",
            $"yyyy-MM-dd{separator}HH:mm:ss.FFFFFFFK",
        }),
    ];

    public static (List<(DateTimeOffset At, decimal Value)> Points, List<ImportLineError> Errors) Read(
        string csvText, IEnumerable<MetricPoint> existing, DateTimeOffset now)
    {
        var lines = PortalCsv.Read(csvText, out var unclosedQuoteLine);
        var hasHeader = lines.Count > 0 && IsHeader(lines[0].Cells);
        if (hasHeader)
        {
            lines.RemoveAt(0);
        }

        if (lines.Count == 0)
        {
            throw new DomainException($"There are no values to import. Each line should read timestamp,value, {Example},1234.");
        }

        if (lines.Count > MaxValues)
        {
            throw new DomainException(string.Create(CultureInfo.InvariantCulture,
                $"An import holds at most {MaxValues:N0} values and this file has {lines.Count:N0}. Split it and import the parts one after another."));
        }

        var existingValues = existing.ToDictionary(p => p.At, p => p.Value);
        var firstLineOf = new Dictionary<DateTimeOffset, int>();
        var points = new List<(DateTimeOffset, decimal)>(lines.Count);
        var errors = new List<ImportLineError>();
        foreach (var (number, text, cells) in lines)
        {
            var problems = new List<string>();
            if (number == unclosedQuoteLine)
            {
                problems.Add("A double quote opens a cell here and is never closed, so the rest of the file was read into it.");
            }
            else if (cells.Count != 2)
            {
                problems.Add(cells.Count == 1
                    ? "Expected two columns, timestamp and value, but found one: is the value missing?"
                    : $"Expected two columns, timestamp and value, but found {cells.Count}.");
            }
            else if (!hasHeader && number == lines[0].LineNumber && !text.Any(char.IsAsciiDigit))
            {
                problems.Add($"This is not a header the import knows; use {Headers[0]} or {Headers[1]}, or leave the header out.");
            }
            else
            {
                problems.AddRange(Check(cells[0], cells[1], number, existingValues, firstLineOf, now, out var point));
                if (point is { } valid)
                {
                    points.Add(valid);
                }
            }

            if (problems.Count > 0)
            {
                errors.Add(new ImportLineError(number, Shown(text), string.Join(" ", problems)));
            }
        }

        return (points, errors);
    }

    private static List<string> Check(
        string timestampText,
        string valueText,
        int number,
        Dictionary<DateTimeOffset, decimal> existingValues,
        Dictionary<DateTimeOffset, int> firstLineOf,
        DateTimeOffset now,
        out (DateTimeOffset, decimal)? point)
    {
        point = null;
        var problems = new List<string>();
        var hasTimestamp = TryParseTimestamp(timestampText, out var at);
        if (!hasTimestamp)
        {
            problems.Add(timestampText.Length == 0
                ? $"The timestamp is missing; write an ISO 8601 date or date-time, {Example}."
                : $"'{timestampText}' is not a date or date-time; write it as ISO 8601, {Example}.");
        }
        else if (Metric.IsTooFarAhead(at, now))
        {
            problems.Add($"{at:u} is more than a day ahead of now ({now:u}); a metric records figures as they were.");
        }
        else if (!firstLineOf.TryAdd(at, number))
        {
            problems.Add($"{at:u} is also on line {firstLineOf[at]}; a metric holds one value per moment.");
        }
        else if (existingValues.TryGetValue(at, out var held))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"The metric already has a value for {at:u} ({held}); a metric holds one value per moment."));
        }

        var hasValue = decimal.TryParse(valueText, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture, out var value);
        if (!hasValue)
        {
            problems.Add(valueText.Length == 0
                ? "The value is missing."
                : $"'{valueText}' is not a number; write digits with a '.' for decimals and no thousands separators, for example 1234.5.");
        }
        else if (Metric.IsTooLarge(value))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"{value} is too large; values may be at most {Metric.MaxValueMagnitude:N0} either side of zero."));
        }

        if (problems.Count == 0)
        {
            point = (at, value);
        }

        return problems;
    }

    private static bool TryParseTimestamp(string text, out DateTimeOffset at) =>
        DateTimeOffset.TryParseExact(text, TimestampFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at);

    private static bool IsHeader(IReadOnlyList<string> cells) =>
        Headers.Contains(string.Join(',', cells), StringComparer.OrdinalIgnoreCase);

    private static string Shown(string line)
    {
        var trimmed = line.Trim();
        return trimmed.Length <= ShownLineLength ? trimmed : string.Concat(trimmed.AsSpan(0, ShownLineLength), "…");
    }
}
