using Portal.Tests.Support;
using Portal.Web.CommandLine;

namespace Portal.Tests.CommandLine;

/// <summary>The command line on a portal whose database is PostgreSQL (the server test.sh starts).</summary>
public sealed class ApiKeysCommandOnPostgreSqlTests : TemporaryFolderTest
{
    [Fact]
    public async Task CreateOnAPostgreSqlPortalPrintsAKeyAndEndsWithoutError()
    {
        var database = PostgreSqlTestServer.NewDatabaseName();
        var settings = CommandLineRun.Settings(Folder);
        settings["Portal:Database:Provider"] = "PostgreSQL";
        settings["ConnectionStrings:Portal"] = PostgreSqlTestServer.ConnectionStringFor(database);
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();

            var exitCode = await PortalCommandLine.RunAsync(
                ["admin", "api-keys", "create", "--name", "Load balancer probe", "--scope", "read"], output, error, settings);

            Assert.Equal("", error.ToString());
            Assert.Equal(0, exitCode);
            var key = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
            Assert.Matches("^esp_[A-Za-z0-9_-]+$", key);

            // The key is in the PostgreSQL database: the same command line lists it.
            var listed = new StringWriter();
            Assert.Equal(0, await PortalCommandLine.RunAsync(["admin", "api-keys", "list"], listed, new StringWriter(), settings));
            Assert.Contains("Load balancer probe", listed.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await PostgreSqlTestServer.DropAsync(database);
        }
    }
}
