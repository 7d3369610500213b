using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Portal.Tests.Support;

namespace Portal.Tests.CommandLine;

public sealed class EstateCommandTests : TemporaryFolderTest
{
    [Fact]
    public async Task ExportThenImportIntoAFreshPortalReproducesTheEstate()
    {
        var file = Path.Combine(Folder, "estate.json");
        var again = Path.Combine(Folder, "estate-again.json");
        await using var prepared = await TestPortal.StartAsync();
        await using var fresh = await TestPortal.StartAsync(seedDemoData: false);

        var exported = await CommandLineRun.RunAsync(prepared, "admin", "estate", "export", "--file", file);
        var imported = await CommandLineRun.RunAsync(fresh, "admin", "estate", "import", "--file", file);
        var exportedAgain = await CommandLineRun.RunAsync(fresh, "admin", "estate", "export", "--file", again);

        Assert.Equal((0, 0, 0), (exported.ExitCode, imported.ExitCode, exportedAgain.ExitCode));
        Assert.Equal(await File.ReadAllTextAsync(file), await File.ReadAllTextAsync(again));
        await using var source = prepared.NewDbContext();
        await using var target = fresh.NewDbContext();
        Assert.Equal(await source.EstateSystems.CountAsync(), await target.EstateSystems.CountAsync());
        Assert.True(await target.EstateSystems.CountAsync() > 5);
        Assert.Equal(
            await source.EstateSystems.OrderBy(s => s.Slug).Select(s => new { s.Slug, s.Name, Group = s.Group.Name, s.DisplayOrder }).ToListAsync(),
            await target.EstateSystems.OrderBy(s => s.Slug).Select(s => new { s.Slug, s.Name, Group = s.Group.Name, s.DisplayOrder }).ToListAsync());
        var audit = await target.AuditEntries.SingleAsync(a => a.Action == "estate.imported");
        Assert.StartsWith("command line", audit.ActorName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportRefusesAPortalThatHasAnEstate()
    {
        var file = Path.Combine(Folder, "estate.json");
        await using var portal = await TestPortal.StartAsync();
        Assert.Equal(0, (await CommandLineRun.RunAsync(portal, "admin", "estate", "export", "--file", file)).ExitCode);
        await using var before = portal.NewDbContext();
        var systems = await before.EstateSystems.CountAsync();

        var run = await CommandLineRun.RunAsync(portal, "admin", "estate", "import", "--file", file);

        run.ShouldBeRefusedWith("This portal already has an estate");
        await using var after = portal.NewDbContext();
        Assert.Equal(systems, await after.EstateSystems.CountAsync());
    }

    [Fact]
    public async Task ImportIsAllOrNothing()
    {
        var file = Path.Combine(Folder, "estate.json");
        await using var prepared = await TestPortal.StartAsync();
        await using var fresh = await TestPortal.StartAsync(seedDemoData: false);
        Assert.Equal(0, (await CommandLineRun.RunAsync(prepared, "admin", "estate", "export", "--file", file)).ExitCode);
        var estate = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        estate["audiences"]!.AsArray().Add(new JsonObject
        {
            ["key"] = "dealers", ["name"] = "Dealers", ["headlineQuestion"] = null, ["headlineSystem"] = null,
            ["contactsMarkdown"] = null, ["selfRegistrationOpen"] = false, ["registrationDomains"] = new JsonArray(),
        });
        estate["systems"]!.AsArray().Last()!["group"] = "No such group";
        await File.WriteAllTextAsync(file, estate.ToJsonString());

        var run = await CommandLineRun.RunAsync(fresh, "admin", "estate", "import", "--file", file);

        run.ShouldBeRefusedWith("which the file does not define");
        await using var db = fresh.NewDbContext();
        Assert.False(await db.SystemGroups.AnyAsync());
        Assert.False(await db.RestartPhases.AnyAsync());
        Assert.False(await db.Audiences.AnyAsync(a => a.Key == "dealers"));
    }

    [Fact]
    public async Task ImportRefusesAFileThatIsNotAnExport()
    {
        var file = Path.Combine(Folder, "other.json");
        await File.WriteAllTextAsync(file, """{ "systems": [] }""");
        await using var fresh = await TestPortal.StartAsync(seedDemoData: false);

        var run = await CommandLineRun.RunAsync(fresh, "admin", "estate", "import", "--file", file);

        run.ShouldBeRefusedWith("is not an estate export");
    }
}
