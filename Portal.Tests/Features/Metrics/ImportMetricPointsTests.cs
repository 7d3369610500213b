using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Features.Metrics;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Metrics;

public sealed class ImportMetricPointsTests : IAsyncLifetime
{
    private const string Backlog = "supplier-invoices-awaiting-payment";

    private TestPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await TestPortal.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private ImportMetricPoints UseCase => _portal.Get<ImportMetricPoints>();

    private Task<ImportMetricPointsResult> ImportAsync(string csv) =>
        UseCase.HandleAsync(new ImportMetricPointsRequest(Backlog, csv), Actors.Operator);

    private static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    private async Task<Dictionary<DateTimeOffset, decimal>> PointsAsync()
    {
        await using var db = _portal.NewDbContext();
        return (await db.Metrics.Include(m => m.Points).SingleAsync(m => m.Slug == Backlog)).Points.ToDictionary(p => p.At, p => p.Value);
    }

    private static DateTimeOffset Utc(int month, int day, int hour = 0, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task ImportsEveryWayOfWritingATimestampAndAValue()
    {
        var result = await ImportAsync(Lines(
            "at,value",
            "2026-10-01,100",
            "2026-10-02T07:00:00Z,200.5",
            "2026-10-03T08:00:00+01:00,-3",
            "2026-10-04T07:00,4000",
            "2026-10-05 07:00:00,5",
            "2026-10-06T07:00:00.25Z,6.25",
            "\"2026-10-07\" , \"7\" "));

        Assert.Empty(result.Errors);
        Assert.Equal(7, result.Imported);
        Assert.True(result.Succeeded);
        var points = await PointsAsync();
        Assert.Equal(22, points.Count);
        Assert.Equal(100m, points[Utc(10, 1)]);
        Assert.Equal(200.5m, points[Utc(10, 2, 7)]);
        Assert.Equal(-3m, points[Utc(10, 3, 7)]);
        Assert.Equal(4000m, points[Utc(10, 4, 7)]);
        Assert.Equal(5m, points[Utc(10, 5, 7)]);
        Assert.Equal(6.25m, points[Utc(10, 6, 7).AddMilliseconds(250)]);
        Assert.Equal(7m, points[Utc(10, 7)]);
    }

    [Fact]
    public async Task WritesOneAuditEntryAndOneEventForTheWholeFile()
    {
        using var suppliers = _portal.RecordEvents(Viewers.Suppliers);
        using var retailers = _portal.RecordEvents(Viewers.Retailers);
        using var publicViewers = _portal.RecordEvents(Viewers.Public);

        await ImportAsync(Lines("2026-10-01,100", "2026-11-26T09:00:00Z,8100", "2026-10-02,200"));

        var pushed = Assert.Single(suppliers.Events);
        Assert.Equal(PortalEventTypes.MetricUpdated, pushed.Type);
        Assert.Equal(new MetricUpdatedData(Backlog, "Supplier invoices awaiting payment", "invoices", new MetricReading(Utc(11, 26, 9), 8100m), 3),
            pushed.Payload<MetricUpdatedData>());
        Assert.Empty(retailers.Events);
        Assert.Empty(publicViewers.Events);

        await using var db = _portal.NewDbContext();
        Assert.Equal(1, await db.PortalEvents.CountAsync());
        var audit = await db.AuditEntries.SingleAsync();
        Assert.Equal(("metric.points.imported", Backlog, "operator@example.com"), (audit.Action, audit.EntityId, audit.ActorName));
        Assert.Contains("\"pointsAdded\":3", audit.After);
    }

    [Fact]
    public async Task ToleratesAByteOrderMarkAHeaderWindowsLineEndingsAndBlankLines()
    {
        var csv = "\uFEFFTimestamp,Value\r\n\r\n2026-10-01,1\r\n   \r\n2026-10-02,2\r\n\r\n";

        var result = await ImportAsync(csv);

        Assert.Equal(2, result.Imported);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public async Task ToleratesAByteOrderMarkLeftInTheBytesOfAUtf8File()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("at,value\n2026-10-01,1\n")).ToArray();

        var result = await ImportAsync(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(bytes));

        Assert.Equal(1, result.Imported);
    }

    [Fact]
    public async Task ReadsAQuotedCommaAsPartOfItsCell()
    {
        var result = await ImportAsync(Lines("at,value", "\"2026-10-01\",\"1,234.5\"", "\"2026-10-02\",\"2\""));

        var error = Assert.Single(result.Errors);
        Assert.Equal((2, "\"2026-10-01\",\"1,234.5\""), (error.LineNumber, error.Line));
        Assert.Equal("'1,234.5' is not a number; write digits with a '.' for decimals and no thousands separators, for example 1234.5.", error.Error);
    }

    [Fact]
    public async Task ReportsAnUnclosedQuoteOnTheLineWhereItOpens()
    {
        var result = await ImportAsync(Lines("2026-10-01,1", "2026-10-02,\"2", "2026-10-03,3"));

        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.LineNumber);
        Assert.Contains("never closed", error.Error, StringComparison.Ordinal);
        Assert.Equal(0, result.Imported);
    }

    [Fact]
    public async Task ReportsEveryBadLineWithItsNumberAndImportsNothing()
    {
        var held = (await PointsAsync())[Utc(11, 26, 7)];
        var result = await ImportAsync(Lines(
            "timestamp,value",
            "2026-10-01,100",
            "",
            "yesterday,5",
            "2026-10-02,lots",
            "2026-10-03,1,2",
            "2026-10-01T00:00:00Z,7",
            "2026-11-26T07:00:00Z,9",
            "2026-12-25,1",
            "2026-10-04,4"));

        Assert.Equal(0, result.Imported);
        Assert.False(result.Succeeded);
        Assert.Equal(
        [
            (4, "yesterday,5", "'yesterday' is not a date or date-time; write it as ISO 8601, for example 2026-11-26 or 2026-11-26T07:00:00Z."),
            (5, "2026-10-02,lots", "'lots' is not a number; write digits with a '.' for decimals and no thousands separators, for example 1234.5."),
            (6, "2026-10-03,1,2", "Expected two columns, timestamp and value, but found 3."),
            (7, "2026-10-01T00:00:00Z,7", "2026-10-01 00:00:00Z is also on line 2; a metric holds one value per moment."),
            (8, "2026-11-26T07:00:00Z,9", $"The metric already has a value for 2026-11-26 07:00:00Z ({held.ToString(CultureInfo.InvariantCulture)}); a metric holds one value per moment."),
            (9, "2026-12-25,1", "2026-12-25 00:00:00Z is more than a day ahead of now (2026-11-26 09:30:00Z); a metric records figures as they were."),
        ], result.Errors.Select(e => (e.LineNumber, e.Line, e.Error)));

        Assert.Equal(15, (await PointsAsync()).Count);
        await _portal.AssertNothingWrittenAsync();
    }

    [Theory]
    [InlineData("26/11/2026,5", "'26/11/2026' is not a date or date-time")]
    [InlineData("2026-11-01 7am,5", "'2026-11-01 7am' is not a date or date-time")]
    [InlineData("2026-02-30,5", "'2026-02-30' is not a date or date-time")]
    [InlineData(",5", "The timestamp is missing")]
    [InlineData("2026-11-01,twelve", "'twelve' is not a number")]
    [InlineData("2026-11-01,1e5", "'1e5' is not a number")]
    [InlineData("2026-11-01,1 000", "'1 000' is not a number")]
    [InlineData("2026-11-01,", "The value is missing.")]
    [InlineData("2026-11-01", "Expected two columns, timestamp and value, but found one: is the value missing?")]
    [InlineData("2026-11-01,12,000", "Expected two columns, timestamp and value, but found 3.")]
    [InlineData("2026-11-01,1000000000000000", "1000000000000000 is too large")]
    [InlineData("2026-11-20T08:00:00+01:00,5", "The metric already has a value for 2026-11-20 07:00:00Z")]
    [InlineData("2026-11-27T09:30:01Z,5", "2026-11-27 09:30:01Z is more than a day ahead of now")]
    [InlineData("soon,lots", "'soon' is not a date or date-time; write it as ISO 8601, for example 2026-11-26 or 2026-11-26T07:00:00Z. 'lots' is not a number")]
    public async Task ReportsWhatIsWrongWithABadLine(string line, string error)
    {
        var result = await ImportAsync(Lines("at,value", "2026-10-01,1", line));

        var reported = Assert.Single(result.Errors);
        Assert.Equal((3, line.Trim()), (reported.LineNumber, reported.Line));
        Assert.StartsWith(error, reported.Error);
        Assert.Equal(0, result.Imported);
        await _portal.AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task AcceptsAPointExactlyADayAhead()
    {
        var result = await ImportAsync(Lines("2026-11-27T09:30:00Z,5"));

        Assert.Equal(1, result.Imported);
    }

    [Fact]
    public async Task ExplainsAHeaderItDoesNotKnow()
    {
        var result = await ImportAsync(Lines("date,amount", "2026-10-01,1"));

        var reported = Assert.Single(result.Errors);
        Assert.Equal((1, "This is not a header the import knows; use at,value or timestamp,value, or leave the header out."),
            (reported.LineNumber, reported.Error));
    }

    [Fact]
    public async Task ImportsTenThousandValuesAndRefusesMore()
    {
        static string Values(int count) => string.Join("\n", Enumerable.Range(0, count)
            .Select(i => string.Create(CultureInfo.InvariantCulture, $"{Utc(10, 1).AddMinutes(i):yyyy-MM-ddTHH:mm}Z,{i}")));

        var refused = await Assert.ThrowsAsync<DomainException>(() => ImportAsync("at,value\n" + Values(ImportMetricPoints.MaxValues + 1)));
        Assert.Equal("An import holds at most 10,000 values and this file has 10,001. Split it and import the parts one after another.",
            refused.Message);
        await _portal.AssertNothingWrittenAsync();

        var result = await ImportAsync("at,value\n" + Values(ImportMetricPoints.MaxValues));
        Assert.Equal(10_000, result.Imported);
        Assert.Equal(10_015, (await PointsAsync()).Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("at,value\n\n  \n")]
    [InlineData("\uFEFF")]
    public async Task RefusesAFileWithNoValues(string csv)
    {
        var refused = await Assert.ThrowsAsync<DomainException>(() => ImportAsync(csv));

        Assert.StartsWith("There are no values to import.", refused.Message);
        await _portal.AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task RefusesAnUnknownMetric()
    {
        await Assert.ThrowsAsync<NotFoundException>(() =>
            UseCase.HandleAsync(new ImportMetricPointsRequest("no-such-metric", Lines("2026-10-01,1")), Actors.Operator));

        await _portal.AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task RefusesSomeoneWhoIsNotAnOperator()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            UseCase.HandleAsync(new ImportMetricPointsRequest(Backlog, Lines("2026-10-01,1")), Actors.Publisher));

        await _portal.AssertNothingWrittenAsync();
        Assert.Equal(15, (await PointsAsync()).Count);
    }
}
