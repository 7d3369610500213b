using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;
using Portal.Core.Features;
using Portal.Core.Features.Systems;
using Portal.Tests.Support;

namespace Portal.Tests.Api;

public sealed class AuditExportTests
{
    [Fact]
    public async Task ExportsTheFilteredAuditLogAsCsvForAdmins()
    {
        await using var app = new PortalWebApp();
        await app.CreatePersonAsync("admin@example.com", PortalRoles.Admin);
        var changes = app.Services.GetRequiredService<ChangeSystemStatus>();
        await changes.HandleAsync(new ChangeSystemStatusRequest("payroll", SystemStatus.Degraded, "Slow, \"quoted\", and with a comma"),
            new Actor("first.operator@example.com", "10.1.2.3", PortalRoles.Operator));
        await changes.HandleAsync(new ChangeSystemStatusRequest("payroll", SystemStatus.Operational, "=HYPERLINK(\"evil\")"),
            new Actor("second.operator@example.com", "10.1.2.4", PortalRoles.Operator));
        var admin = await app.SignedInClientAsync("admin@example.com");

        var response = await admin.GetAsync("/admin/audit/export.csv?person=first.operator");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("at,actor,address,action,entity_type,entity_id,before,after", lines[0]);
        var row = Assert.Single(lines.Skip(1));
        Assert.Contains("first.operator@example.com,10.1.2.3,system.status.changed,EstateSystem,payroll", row);
        // The before/after JSON holds commas, so it is one quoted field.
        Assert.Contains(",\"{\"\"status\"\":\"\"degraded\"\"", row);
    }

    [Fact]
    public async Task AnswersABadTimeWithProblemDetails()
    {
        await using var app = new PortalWebApp();
        await app.CreatePersonAsync("admin@example.com", PortalRoles.Admin);
        var admin = await app.SignedInClientAsync("admin@example.com");

        var response = await admin.GetAsync("/admin/audit/export.csv?from=yesterday-ish");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("ISO 8601", await response.Content.ReadAsStringAsync());
    }

    // A possible formula gets a leading apostrophe (a spreadsheet then shows it as text) and quotes.
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("=SUM(A1)", "\"'=SUM(A1)\"")]
    [InlineData("+1", "\"'+1\"")]
    [InlineData("-1", "\"'-1\"")]
    [InlineData("@cmd", "\"'@cmd\"")]
    public void WritesFieldsSafelyForSpreadsheets(string value, string expected)
    {
        using var text = new StringWriter();
        using (var csv = PortalCsv.Export(text))
        {
            csv.WriteRecord([value, "end"]);
        }

        Assert.Equal($"{expected},end\n", text.ToString());
    }
}
