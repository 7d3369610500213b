using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.CommandLine;

public sealed class BackupCommandTests : TemporaryFolderTest
{
    [Fact]
    public async Task BackupWhileThePortalHoldsTheDatabaseOpenPassesTheCheck()
    {
        var backup = Path.Combine(Folder, "backups", "portal-backup.db");
        await using var portal = await TestPortal.StartAsync();
        int systems;
        await using var open = new SqliteConnection(portal.Get<PortalDatabase>().ConnectionString);
        await open.OpenAsync();
        await using (var reading = open.BeginTransaction(deferred: true))
        {
            // A reader in the middle of its transaction, as the running portal's would be.
            await using var count = open.CreateCommand();
            count.Transaction = reading;
            count.CommandText = "SELECT COUNT(*) FROM EstateSystems;";
            systems = Convert.ToInt32(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);

            var made = await CommandLineRun.RunAsync(portal, "admin", "backup", "--file", backup);

            Assert.Equal(0, made.ExitCode);
            Assert.Equal("", made.Error);
        }

        var checkedBackup = await CommandLineRun.RunAsync(portal, "admin", "backup", "check", "--file", backup);

        Assert.Equal(0, checkedBackup.ExitCode);
        Assert.Contains("integrity ok, all", checkedBackup.Output, StringComparison.Ordinal);
        Assert.Contains($"systems: {systems}", checkedBackup.OutputLines);
        await using var db = portal.NewDbContext();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "database.backed-up");
        Assert.StartsWith("command line", audit.ActorName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackupRefusesToOverwriteAFile()
    {
        var backup = Path.Combine(Folder, "kept.db");
        await File.WriteAllTextAsync(backup, "an older backup");
        await using var portal = await TestPortal.StartAsync();

        var run = await CommandLineRun.RunAsync(portal, "admin", "backup", "--file", backup);

        run.ShouldBeRefusedWith("already exists");
        Assert.Equal("an older backup", await File.ReadAllTextAsync(backup));
    }

    [Fact]
    public async Task CheckRefusesAFileThatIsNotADatabase()
    {
        var backup = Path.Combine(Folder, "damaged.db");
        await File.WriteAllBytesAsync(backup, [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 7))]);
        await using var portal = await TestPortal.StartAsync();

        var run = await CommandLineRun.RunAsync(portal, "admin", "backup", "check", "--file", backup);

        run.ShouldBeRefusedWith("not a database");
    }
}
