using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;
using Portal.Core.Persistence;
using Portal.Tests.Support;
using Portal.Web.Accounts;

namespace Portal.Tests.Accounts;

public sealed class OneTimeAuthenticatorCodesTests
{
    [Fact]
    public async Task AcceptsEachCodeOnceAndNoCodeOlderThanTheLastAccepted()
    {
        await using var portal = await TestPortal.StartAsync(seedDemoData: false, configure: services => services
            .AddIdentityCore<PortalUser>().AddEntityFrameworkStores<PortalDbContext>().AddOneTimeAuthenticatorCodes());
        portal.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 9, 30, 10, TimeSpan.Zero));
        var (person, key) = await PersonWithAuthenticatorAsync(portal);
        var now = portal.Clock.GetUtcNow();

        Assert.False(await VerifyAsync(portal, person, Totp.Code(key, now.AddSeconds(-60))), "a code from a minute ago");
        Assert.True(await VerifyAsync(portal, person, Totp.Code(key, now)), "the current code");
        Assert.False(await VerifyAsync(portal, person, Totp.Code(key, now)), "the current code again");
        Assert.False(await VerifyAsync(portal, person, Totp.Code(key, now.AddSeconds(-30))), "the previous code, after a later one");

        portal.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True(await VerifyAsync(portal, person, Totp.Code(key, portal.Clock.GetUtcNow())), "the next code");
        Assert.False(await VerifyAsync(portal, person, Totp.Code(key, now)), "the first code, once more");
    }

    [Fact]
    public async Task AcceptsTheCodesOneStepEitherSideOfNowForAPhoneWhoseClockDrifts()
    {
        await using var portal = await TestPortal.StartAsync(seedDemoData: false, configure: services => services
            .AddIdentityCore<PortalUser>().AddEntityFrameworkStores<PortalDbContext>().AddOneTimeAuthenticatorCodes());
        var (slow, slowKey) = await PersonWithAuthenticatorAsync(portal, "slow@example.com");
        var (fast, fastKey) = await PersonWithAuthenticatorAsync(portal, "fast@example.com");
        var now = portal.Clock.GetUtcNow();

        Assert.True(await VerifyAsync(portal, slow, Totp.Code(slowKey, now.AddSeconds(-30))));
        Assert.True(await VerifyAsync(portal, fast, Totp.Code(fastKey, now.AddSeconds(30))));
        Assert.False(await VerifyAsync(portal, fast, Totp.Code(fastKey, now.AddSeconds(90))));
    }

    private static async Task<(string UserId, string Key)> PersonWithAuthenticatorAsync(TestPortal portal, string email = "ada@example.com")
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var person = new PortalUser(email, "Ada", portal.Clock.GetUtcNow());
        Assert.True((await users.CreateAsync(person)).Succeeded);
        Assert.True((await users.ResetAuthenticatorKeyAsync(person)).Succeeded);
        return (person.Id, (await users.GetAuthenticatorKeyAsync(person))!);
    }

    // A new scope each time, as each sign-in is a new request.
    private static async Task<bool> VerifyAsync(TestPortal portal, string userId, string code)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var person = await users.FindByIdAsync(userId);
        return await users.VerifyTwoFactorTokenAsync(person!, users.Options.Tokens.AuthenticatorTokenProvider, code);
    }
}
