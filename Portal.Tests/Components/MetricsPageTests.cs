using System.Globalization;
using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Portal.Core.Domain;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Admin.Metrics;

namespace Portal.Tests.Components;

public sealed class MetricsPageTests : PortalComponentTest
{
    private const string Backlog = "supplier-invoices-awaiting-payment";
    private const string BacklogItem = $"[data-metric='{Backlog}']";

    private IRenderedComponent<MetricsPage> RenderAsOperator()
    {
        SignInAsStaff(Actors.Operator.Name, PortalRoles.Operator);
        var page = Render<MetricsPage>();
        page.WaitForElement(BacklogItem);
        return page;
    }

    private async Task<List<MetricPoint>> BacklogPointsAsync()
    {
        await using var db = Portal.NewDbContext();
        return await db.Metrics.Where(m => m.Slug == Backlog).SelectMany(m => m.Points).OrderBy(p => p.At).ToListAsync();
    }

    private static IRenderedComponent<MetricsPage> OpenImport(IRenderedComponent<MetricsPage> page, string csv)
    {
        page.Find($"{BacklogItem} [data-testid=import-points]").Click();
        page.Find("[data-testid=import-csv]").Change(csv);
        page.Find("[data-testid=import]").Click();
        return page;
    }

    [Fact]
    public void ListsMetricsWithTheLatestValueAndALineOfRecentValues()
    {
        var page = RenderAsOperator();

        Assert.Equal("Supplier invoices awaiting payment", page.Find($"{BacklogItem} .console-item-title").TextContent);
        var latest = page.Find($"{BacklogItem} [data-testid=latest]").TextContent;
        Assert.Contains("8,835 invoices", latest);
        Assert.Contains("26 Nov 2026, 07:00 UTC", latest);
        Assert.Equal("Suppliers", page.Find($"{BacklogItem} [data-testid=audiences]").TextContent);
        Assert.Equal("15", page.Find($"{BacklogItem} [data-testid=point-count]").TextContent);
        var chart = page.Find($"{BacklogItem} [data-testid=metric-chart]");
        Assert.Equal("Last 15 values of Supplier invoices awaiting payment: 48,200 invoices on 12 Nov, 8,835 invoices on 26 Nov.",
            chart.GetAttribute("aria-label"));
        Assert.NotNull(chart.QuerySelector("svg"));
        var line = Assert.Single(page.FindComponent<MudChart<double>>().Instance.ChartSeries);
        Assert.Equal(15, line.Data.Count);
        Assert.Equal(48_200d, line.Data.Values[0]);
        Assert.Equal(8_835d, line.Data.Values[^1]);
    }

    [Fact]
    public async Task ShowsMessagesNextToTheFieldsAndDefinesNothingWhenTheFormIsInvalid()
    {
        var page = RenderAsOperator();
        page.Find("[data-testid=new-metric]").Click();
        page.Find("[data-testid=metric-slug]").Change("Supplier Payments!");
        page.Find("input[data-audience=public]").Change(false);

        page.Find("[data-testid=save-metric]").Click();

        page.WaitForAssertion(() => Assert.Equal("Use only lower-case letters, digits and hyphens, for example supplier-invoices.", page.MessageUnder("metric-slug")));
        Assert.Equal("Name the metric: viewers see the name.", page.MessageUnder("metric-name"));
        Assert.Equal("Choose who may see the metric.", page.Find("[data-testid=metric-form] .choice-row + .validation-message").TextContent.Trim());
        await using var db = Portal.NewDbContext();
        Assert.Equal(1, await db.Metrics.CountAsync());
        await Portal.AssertNothingRecordedAsync();
    }

    [Fact]
    public async Task DefinesAMetricThroughCore()
    {
        var page = RenderAsOperator();
        page.Find("[data-testid=new-metric]").Click();
        page.Find("[data-testid=metric-name]").Change("Supplier payments made today");
        page.Find("[data-testid=metric-slug]").Change("supplier-payments-today");
        page.Find("[data-testid=metric-unit]").Change("£m");
        page.Find("[data-testid=metric-description]").Change("Value of supplier payments released since midnight UTC.");
        page.Find("input[data-audience=public]").Change(false);
        page.Find("input[data-audience=suppliers]").Change(true);

        page.Find("[data-testid=save-metric]").Click();

        page.WaitForElement("[data-metric='supplier-payments-today']");
        Assert.Contains(Notices, n => n.Contains("Supplier payments made today is defined", StringComparison.Ordinal));
        Assert.Equal("No values yet", page.Find("[data-metric='supplier-payments-today'] [data-testid=latest]").TextContent.Trim());
        await using var db = Portal.NewDbContext();
        var metric = await db.Metrics.SingleAsync(m => m.Slug == "supplier-payments-today");
        Assert.Equal("Supplier payments made today", metric.Name);
        Assert.Equal("£m", metric.Unit);
        Assert.Equal("Value of supplier payments released since midnight UTC.", metric.Description);
        Assert.Equal(["suppliers"], metric.Audiences);
    }

    [Fact]
    public void SaysNothingWhenARequiredFieldIsLeftEmptyAndEverythingWhenTheFormIsSent()
    {
        var page = RenderAsOperator();
        page.Find("[data-testid=new-metric]").Click();

        page.Find("[data-testid=metric-name]").Blur();
        page.Find("[data-testid=metric-slug]").Change("Not A Slug");
        page.Find("[data-testid=metric-slug]").Blur();
        page.Find("input[data-audience=public]").Change(false);

        Assert.Equal("", page.MessageUnder("metric-name"));
        Assert.Equal("", page.MessageUnder("metric-slug"));
        Assert.Empty(page.FindAll("[data-testid=metric-form] .validation-message"));
        Assert.Null(page.Find("[data-testid=metric-form] .choice-row").GetAttribute("aria-invalid"));

        page.Find("[data-testid=save-metric]").Click();

        page.WaitForAssertion(() => Assert.Equal("Name the metric: viewers see the name.", page.MessageUnder("metric-name")));
        Assert.Equal("true", page.Find("[data-testid=metric-name]").GetAttribute("aria-invalid"));
        Assert.Equal("true", page.Find("[data-testid=metric-form] .choice-row").GetAttribute("aria-invalid"));
        Assert.Equal(3, page.FindAll("[data-testid=validation-summary] li").Count);
    }

    [Fact]
    public async Task DefinesAMetricWhoseRiseIsWorseAndSaysSoOnItsEditForm()
    {
        var page = RenderAsOperator();
        page.Find("[data-testid=new-metric]").Click();
        page.Find("[data-testid=metric-name]").Change("Open supplier queries");
        page.Find("[data-testid=metric-slug]").Change("open-supplier-queries");
        page.Choose("When the figure rises, is that better or worse?", "Higher is worse (a backlog, a queue)");

        page.Find("[data-testid=save-metric]").Click();

        page.WaitForElement("[data-metric='open-supplier-queries']");
        await using var db = Portal.NewDbContext();
        Assert.Equal(MetricDirection.HigherIsWorse, (await db.Metrics.SingleAsync(m => m.Slug == "open-supplier-queries")).Direction);
        page.Find($"{BacklogItem} [data-testid=edit-metric]").Click();
        Assert.True(page.FindAll("[data-testid=metric-direction] input[type=radio]")
            .Single(r => r.Closest("label")!.TextContent.Contains("Higher is worse", StringComparison.Ordinal)).HasAttribute("checked"));
    }

    [Fact]
    public async Task EditsAMetricButNeverItsSlug()
    {
        var page = RenderAsOperator();
        page.Find($"{BacklogItem} [data-testid=edit-metric]").Click();
        Assert.True(page.Find("[data-testid=metric-slug]").HasAttribute("readonly"));
        page.Find("[data-testid=metric-name]").Change("Supplier invoices not yet paid");
        page.Find("input[data-audience=colleagues]").Change(true);

        page.Find("[data-testid=save-metric]").Click();

        page.WaitForAssertion(() => Assert.Contains("Supplier invoices not yet paid is saved.", Notices));
        await using var db = Portal.NewDbContext();
        var metric = await db.Metrics.SingleAsync(m => m.Slug == Backlog);
        Assert.Equal("Supplier invoices not yet paid", metric.Name);
        Assert.Equal(["colleagues", "suppliers"], metric.Audiences);
    }

    [Fact]
    public async Task ShowsAMessageNextToTheValueAndRecordsNothingWithoutOne()
    {
        var page = RenderAsOperator();
        page.Find($"{BacklogItem} [data-testid=add-point]").Click();
        Assert.Equal("2026-11-26T09:30", page.ValueOfField("point-at"));

        page.Find("[data-testid=save-point]").Click();

        page.WaitForAssertion(() => Assert.Equal("Enter the value.", page.MessageUnder("point-value")));
        Assert.Equal(15, (await BacklogPointsAsync()).Count);
        await Portal.AssertNothingRecordedAsync();
    }

    [Fact]
    public async Task AddsOneValueThroughCore()
    {
        var page = RenderAsOperator();
        page.Find($"{BacklogItem} [data-testid=add-point]").Click();
        page.Find("[data-testid=point-at]").Change("2026-11-26T09:00:00");
        page.Find("[data-testid=point-value]").Change("8100");

        page.Find("[data-testid=save-point]").Click();

        page.WaitForAssertion(() => Assert.Equal("Added 8,100 invoices at 26 Nov 2026, 09:00 UTC.", page.Find("[data-testid=point-recorded]").TextContent.Trim()));
        Assert.Contains("8,100 invoices", page.Find($"{BacklogItem} [data-testid=latest]").TextContent);
        var latest = (await BacklogPointsAsync())[^1];
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero), latest.At);
        Assert.Equal(8100m, latest.Value);
    }

    [Fact]
    public async Task ShowsEachBadLineWithItsNumberAndReasonAndImportsNothing()
    {
        const string csv = """
            at,value
            2026-11-24T12:00:00Z,9100
            yesterday,9000
            2026-11-25T12:00:00Z,nine thousand
            2026-11-26T07:00:00Z,8700
            """;
        var page = OpenImport(RenderAsOperator(), csv);

        page.WaitForElement("[data-testid=import-errors]");
        Assert.Equal("Nothing was imported: 3 lines need fixing. Correct them in the text below and import again.",
            page.Find("[data-testid=import-refused]").TextContent.Trim());
        var rows = page.FindAll("[data-testid=import-errors] tbody tr")
            .Select(row => row.QuerySelectorAll("td").Select(cell => cell.TextContent).ToArray()).ToList();
        Assert.Equal(["3", "4", "5"], rows.Select(r => r[0]));
        Assert.Equal(["yesterday,9000", "2026-11-25T12:00:00Z,nine thousand", "2026-11-26T07:00:00Z,8700"], rows.Select(r => r[1]));
        Assert.StartsWith("'yesterday' is not a date or date-time", rows[0][2]);
        Assert.StartsWith("'nine thousand' is not a number", rows[1][2]);
        Assert.StartsWith("The metric already has a value for 2026-11-26 07:00:00Z", rows[2][2]);
        Assert.Equal(csv, page.ValueOfField("import-csv"));
        Assert.Equal(15, (await BacklogPointsAsync()).Count);
        await Portal.AssertNothingRecordedAsync();
    }

    [Fact]
    public async Task ImportsAGoodPasteAndSaysHowManyValuesWentIn()
    {
        var page = OpenImport(RenderAsOperator(), """
            at,value
            2026-11-26T08:00:00Z,8790
            2026-11-26 08:30,8760.5

            2026-11-26T09:00:00Z,8700
            """);

        page.WaitForAssertion(() => Assert.Equal("Imported 3 values into Supplier invoices awaiting payment.",
            page.Find("[data-testid=import-done]").TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=import-errors]"));
        Assert.Equal("", page.ValueOfField("import-csv"));
        Assert.Equal("18", page.Find($"{BacklogItem} [data-testid=point-count]").TextContent);
        var points = await BacklogPointsAsync();
        Assert.Equal(18, points.Count);
        Assert.Equal([8790m, 8760.5m, 8700m], points[^3..].Select(p => p.Value));
    }

    [Fact]
    public async Task RefusesAPasteThatFilledTheBoxBecauseItsEndMayHaveBeenCutOff()
    {
        var lines = Enumerable.Range(0, 1_000).Select(hour => string.Create(CultureInfo.InvariantCulture,
            $"{TestPortal.DemoNow.AddHours(-1_000 + hour):yyyy-MM-ddTHH:mm:ssZ},{hour}"));
        var full = string.Join('\n', lines)[..MetricImportModel.MaxLength];

        var page = OpenImport(RenderAsOperator(), full);

        page.WaitForAssertion(() => Assert.StartsWith("The box holds 15,000 characters and this paste filled it", page.MessageUnder("import-csv")));
        Assert.Equal(15, (await BacklogPointsAsync()).Count);
        await Portal.AssertNothingRecordedAsync();
    }

    [Fact]
    public async Task SaysSoWhenAPasteHoldsNoValues()
    {
        var page = OpenImport(RenderAsOperator(), "at,value\n");

        page.WaitForAssertion(() => Assert.StartsWith("There are no values to import.", page.Find("[data-testid=import-form] [data-testid=console-problem]").TextContent.Trim()));
        await Portal.AssertNothingRecordedAsync();
    }
}
