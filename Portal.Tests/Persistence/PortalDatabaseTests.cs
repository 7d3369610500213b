using Microsoft.EntityFrameworkCore;
using Portal.Core;
using Portal.Core.Domain;
using Portal.Core.Features.Systems;
using Portal.Core.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Persistence;

public sealed class PortalDatabaseTests : IDisposable
{
    private readonly string _folder = TestPortal.NewFolder();

    public void Dispose() => TestPortal.DeleteFolder(_folder);

    [Fact]
    public async Task AppliesEveryMigrationToAnEmptyDatabaseInWalMode()
    {
        await using var portal = await TestPortal.StartAsync(seedDemoData: false, folder: _folder);
        await using var db = portal.NewDbContext();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(0, await db.EstateSystems.CountAsync());
        Assert.Equal(["colleagues", "public", "retailers", "suppliers"], await db.Audiences.Select(a => a.Key).OrderBy(k => k).ToListAsync());

        var journalMode = await db.Database.SqlQueryRaw<string>("SELECT journal_mode AS Value FROM pragma_journal_mode").SingleAsync();
        Assert.Equal("wal", journalMode);
    }

    [Fact]
    public async Task SeedsTheDemonstrationEstateOnlyOnce()
    {
        List<int> firstIds;
        await using (var first = await TestPortal.StartAsync(folder: _folder))
        await using (var db = first.NewDbContext())
        {
            firstIds = await db.EstateSystems.OrderBy(s => s.Id).Select(s => s.Id).ToListAsync();
            Assert.InRange(firstIds.Count, 12, 18);
            Assert.Equal(5, await db.SystemGroups.CountAsync());
            Assert.Equal(5, await db.RestartPhases.CountAsync());
        }

        await using var second = await TestPortal.StartAsync(folder: _folder);
        await using var again = second.NewDbContext();
        Assert.Equal(firstIds, await again.EstateSystems.OrderBy(s => s.Id).Select(s => s.Id).ToListAsync());
        Assert.Equal(1, await again.Incidents.CountAsync());
    }

    [Fact]
    public async Task KeepsChangesAcrossARestart()
    {
        await using (var first = await TestPortal.StartAsync(folder: _folder))
        {
            await first.Get<ChangeSystemStatus>().HandleAsync(
                new ChangeSystemStatusRequest("hr-self-service", SystemStatus.Operational, "All HR services back"),
                new Actor("operator", null, PortalRoles.Operator));
        }

        await using var second = await TestPortal.StartAsync(folder: _folder);
        var detail = await second.Get<GetSystemDetail>().HandleAsync("hr-self-service", Viewers.Colleagues);

        Assert.Equal(SystemStatus.Operational, detail?.Status);
        Assert.Equal("All HR services back", detail?.Timeline[0].Reason);
    }

    [Fact]
    public void NamesTheFolderWhenTheDataFolderCannotBeWritten()
    {
        var blocked = Path.Combine(_folder, "not-a-folder");
        File.WriteAllText(blocked, "a file where the data folder should be");
        var database = new PortalDatabase($"Data Source={Path.Combine(blocked, "portal.db")}", Path.Combine(blocked, "portal.db"));

        var problem = Assert.Throws<PortalStartupException>(database.EnsureUsable);

        Assert.Contains($"'{blocked}' is not writable", problem.Message);
        Assert.DoesNotContain('\n', problem.Message);
    }

    [Fact]
    public void NamesTheFileWhenTheDatabaseCannotBeRead()
    {
        var file = Path.Combine(_folder, "portal.db");
        File.WriteAllText(file, new string('x', 4096));
        var database = new PortalDatabase($"Data Source={file}", file);

        var problem = Assert.Throws<PortalStartupException>(database.EnsureUsable);

        Assert.Contains($"'{file}' cannot be read", problem.Message);
        Assert.DoesNotContain('\n', problem.Message);
    }

    [Fact]
    public async Task ThePortalExitsWithOneLineWhenItsDataFolderIsUnusable()
    {
        var blocked = Path.Combine(_folder, "not-a-folder");
        await File.WriteAllTextAsync(blocked, "");

        var exit = await PortalProcess.RunUntilExitAsync(_folder, $"--Portal:DataFolder={blocked}");

        Assert.Equal(1, exit.ExitCode);
        var line = Assert.Single(exit.ErrorLines);
        Assert.StartsWith("Estate Status Portal cannot start.", line);
        Assert.Contains(blocked, line);
        Assert.DoesNotContain("   at ", exit.Output);
    }
}
