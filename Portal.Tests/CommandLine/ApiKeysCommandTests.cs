using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Features.ApiClients;
using Portal.Tests.Support;

namespace Portal.Tests.CommandLine;

public sealed class ApiKeysCommandTests
{
    [Fact]
    public async Task CreatePrintsAKeyAloneOnTheLastLineThatThePortalAccepts()
    {
        await using var portal = await TestPortal.StartAsync();

        var run = await CommandLineRun.RunAsync(portal,
            "admin", "api-keys", "create", "--name", "Dealer system", "--scope", "read", "--audience", "retailers");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        var key = run.OutputLines[^1];
        Assert.Matches("^esp_[A-Za-z0-9_-]+$", key);
        var client = await portal.Get<FindApiClientByKey>().HandleAsync(key);
        Assert.NotNull(client);
        Assert.Equal("Dealer system", client.Name);
        Assert.Equal(["retailers"], client.Audiences);

        await using var db = portal.NewDbContext();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "apiclient.issued");
        Assert.StartsWith("command line (", audit.ActorName, StringComparison.Ordinal);
        Assert.Contains(Environment.UserName, audit.ActorName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateGivesTheKeyTheScopesAskedFor()
    {
        await using var portal = await TestPortal.StartAsync();

        var run = await CommandLineRun.RunAsync(portal,
            "admin", "api-keys", "create", "--name", "Monitoring", "--scope", "read", "--scope", "status:write");

        Assert.Equal(0, run.ExitCode);
        var client = await portal.Get<FindApiClientByKey>().HandleAsync(run.OutputLines[^1]);
        Assert.NotNull(client);
        Assert.True(client.Grant.Has(ApiScopes.StatusWrite));
        Assert.False(client.Grant.Has(ApiScopes.MetricsWrite));
    }

    [Fact]
    public async Task CreateRefusesAScopeThePortalDoesNotHave()
    {
        await using var portal = await TestPortal.StartAsync();

        var run = await CommandLineRun.RunAsync(portal, "admin", "api-keys", "create", "--name", "Bridge", "--scope", "everything");

        run.ShouldBeRefusedWith("There is no scope 'everything'");
        await using var db = portal.NewDbContext();
        Assert.False(await db.ApiClients.AnyAsync());
    }

    [Fact]
    public async Task CreateWithoutANameIsOneLineOnStandardError()
    {
        await using var portal = await TestPortal.StartAsync();

        var run = await CommandLineRun.RunAsync(portal, "admin", "api-keys", "create", "--scope", "read");

        run.ShouldBeRefusedWith("--name");
        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public async Task ListShowsKeysAndRevokeByNameStopsTheKey()
    {
        await using var portal = await TestPortal.StartAsync();
        var key = (await CommandLineRun.RunAsync(portal, "admin", "api-keys", "create", "--name", "ERP bridge", "--scope", "read"))
            .OutputLines[^1];

        var listed = await CommandLineRun.RunAsync(portal, "admin", "api-keys", "list");
        Assert.Equal(0, listed.ExitCode);
        var row = Assert.Single(listed.OutputLines, line => line.Contains("ERP bridge", StringComparison.Ordinal));
        Assert.Contains(key[..12], row, StringComparison.Ordinal);
        Assert.DoesNotContain(key, listed.Output, StringComparison.Ordinal);
        Assert.EndsWith("active", row, StringComparison.Ordinal);

        var revoked = await CommandLineRun.RunAsync(portal, "admin", "api-keys", "revoke", "--name", "ERP bridge");

        Assert.Equal(0, revoked.ExitCode);
        Assert.Null(await portal.Get<FindApiClientByKey>().HandleAsync(key));
        var again = await CommandLineRun.RunAsync(portal, "admin", "api-keys", "revoke", "--name", "ERP bridge");
        again.ShouldBeRefusedWith("There is no active key named \"ERP bridge\"");
    }

    [Fact]
    public async Task RevokeByIdStopsTheKey()
    {
        await using var portal = await TestPortal.StartAsync();
        var key = (await CommandLineRun.RunAsync(portal, "admin", "api-keys", "create", "--name", "Monitor", "--scope", "read"))
            .OutputLines[^1];
        var id = (await portal.Get<FindApiClientByKey>().HandleAsync(key))!.Id;

        var run = await CommandLineRun.RunAsync(portal, "admin", "api-keys", "revoke", "--id", id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(0, run.ExitCode);
        Assert.Null(await portal.Get<FindApiClientByKey>().HandleAsync(key));
    }
}
