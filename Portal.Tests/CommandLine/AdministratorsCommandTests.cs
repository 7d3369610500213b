using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Tests.Support;

namespace Portal.Tests.CommandLine;

public sealed class AdministratorsCommandTests
{
    [Fact]
    public async Task CreateMakesAnAdministratorWhoMustChangeTheOneTimePassword()
    {
        await using var portal = await TestPortal.StartAsync();

        var run = await CommandLineRun.RunAsync(portal, "admin", "administrators", "create", "--email", "night.shift@example.com");

        Assert.Equal(0, run.ExitCode);
        var password = run.OutputLines[^1];
        await using var db = portal.NewDbContext();
        var admin = await db.Users.SingleAsync(u => u.NormalizedEmail == "NIGHT.SHIFT@EXAMPLE.COM");
        Assert.True(admin.MustChangePassword);
        Assert.True(admin.EmailConfirmed);
        Assert.True(PasswordWorks(admin, password));
        Assert.Contains(PortalRoles.Admin, await RolesOfAsync(db, admin));
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "person.administrator.created");
        Assert.StartsWith("command line", audit.ActorName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateRefusesAnAddressThatHasAnAccount()
    {
        await using var portal = await TestPortal.StartAsync();
        Assert.Equal(0, (await CommandLineRun.RunAsync(portal, "admin", "administrators", "create", "--email", "a@example.com")).ExitCode);

        var run = await CommandLineRun.RunAsync(portal, "admin", "administrators", "create", "--email", "a@example.com");

        run.ShouldBeRefusedWith("There is already an account for a@example.com");
    }

    [Fact]
    public async Task ResetGivesANewPasswordTurnsOffTwoFactorAndSignsOutEverywhere()
    {
        await using var portal = await TestPortal.StartAsync();
        var first = (await CommandLineRun.RunAsync(portal, "admin", "administrators", "create", "--email", "lost@example.com")).OutputLines[^1];
        string stampBefore;
        await using (var db = portal.NewDbContext())
        {
            var admin = await db.Users.SingleAsync(u => u.NormalizedEmail == "LOST@EXAMPLE.COM");
            admin.TwoFactorEnabled = true;
            await db.SaveChangesAsync();
            stampBefore = admin.SecurityStamp!;
        }

        var run = await CommandLineRun.RunAsync(portal, "admin", "administrators", "reset", "--email", "lost@example.com");

        Assert.Equal(0, run.ExitCode);
        var password = run.OutputLines[^1];
        await using (var db = portal.NewDbContext())
        {
            var admin = await db.Users.SingleAsync(u => u.NormalizedEmail == "LOST@EXAMPLE.COM");
            Assert.True(PasswordWorks(admin, password));
            Assert.False(PasswordWorks(admin, first));
            Assert.False(admin.TwoFactorEnabled);
            Assert.True(admin.MustChangePassword);
            Assert.NotEqual(stampBefore, admin.SecurityStamp);
            var audit = await db.AuditEntries.SingleAsync(a => a.Action == "person.administrator.reset");
            Assert.StartsWith("command line", audit.ActorName, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ResetRefusesAnAddressWithNoAccount()
    {
        await using var portal = await TestPortal.StartAsync();

        var run = await CommandLineRun.RunAsync(portal, "admin", "administrators", "reset", "--email", "nobody@example.com");

        run.ShouldBeRefusedWith("There is no account for nobody@example.com");
    }

    private static bool PasswordWorks(PortalUser person, string password) =>
        new PasswordHasher<PortalUser>().VerifyHashedPassword(person, person.PasswordHash!, password) != PasswordVerificationResult.Failed;

    private static async Task<List<string>> RolesOfAsync(Portal.Core.Persistence.PortalDbContext db, PortalUser person) =>
        await db.UserRoles.Where(r => r.UserId == person.Id)
            .Join(db.Roles, r => r.RoleId, role => role.Id, (_, role) => role.Name!)
            .ToListAsync();
}
