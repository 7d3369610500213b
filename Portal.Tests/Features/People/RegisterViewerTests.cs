using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;
using Portal.Core.Features.Audiences;
using Portal.Core.Features.People;
using Portal.Core.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Features.People;

/// <summary>Self-registration through Core, over the whole portal (Identity is the host's).</summary>
public sealed class RegisterViewerTests : IAsyncLifetime
{
    private const string Password = "Parts-Supplier-2026";
    private readonly PortalWebApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<Registration> RegisterAsync(string email) =>
        _app.Get<RegisterViewer>().HandleAsync(new RegisterViewerRequest(email, "Pat Parts", "PartsCo Ltd"), "203.0.113.7");

    private Task<string> ConfirmAsync(Registration registration, string password = Password) =>
        _app.Get<ConfirmEmail>().HandleAsync(new ConfirmEmailRequest(registration.UserId, registration.ConfirmationCode!, password), "203.0.113.7");

    private Task<bool> HasPasswordAsync(string email, string password) =>
        WithScopeAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<PortalUser>>();
            return await users.CheckPasswordAsync((await users.FindByEmailAsync(email))!, password);
        });

    private async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> read)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider);
    }

    private Task<PortalUser?> FindAsync(string email) =>
        WithScopeAsync(s => s.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(email));

    private Task<List<AuditEntry>> AuditAsync(string action) =>
        WithScopeAsync(s => s.GetRequiredService<PortalDbContext>().AuditEntries.Where(a => a.Action == action).ToListAsync());

    [Fact]
    public async Task RefusesAnAddressWhoseDomainIsOnNoAllowListWithoutNamingTheAllowedDomains()
    {
        var refused = await Assert.ThrowsAsync<DomainException>(() => RegisterAsync("pat@unknown-supplier.example"));

        Assert.Equal(RegisterViewer.NotApprovedMessage, refused.Message);
        Assert.DoesNotContain("partsco", refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Null(await FindAsync("pat@unknown-supplier.example"));
        Assert.Empty(await AuditAsync("person.registered"));
    }

    [Fact]
    public async Task RefusesAListedDomainWhileItsAudienceIsClosed()
    {
        await _app.Get<SetAudienceRegistration>().HandleAsync(
            new SetAudienceRegistrationRequest("suppliers", false, ["partsco.example", "northpress-components.example"]), Actors.Admin);

        var refused = await Assert.ThrowsAsync<DomainException>(() => RegisterAsync("pat@partsco.example"));

        Assert.Equal(RegisterViewer.NotApprovedMessage, refused.Message);
        Assert.Null(await FindAsync("pat@partsco.example"));
    }

    [Fact]
    public async Task CreatesAnUnconfirmedAccountWithTheAudiencesOfItsDomainAndAuditsIt()
    {
        var registration = await RegisterAsync("Pat@PartsCo.example");

        Assert.Equal(RegistrationOutcome.Created, registration.Outcome);
        Assert.NotNull(registration.ConfirmationCode);
        var person = await FindAsync("pat@partsco.example");
        Assert.NotNull(person);
        Assert.False(person.EmailConfirmed);
        Assert.Null(person.PasswordHash);
        Assert.Equal("PartsCo Ltd", person.Organisation);
        var claims = await WithScopeAsync(s => s.GetRequiredService<UserManager<PortalUser>>().GetClaimsAsync(person));
        Assert.Equal(["suppliers"], claims.Where(c => c.Type == AudienceMembership.ClaimType).Select(c => c.Value));
        Assert.Empty(await WithScopeAsync(s => s.GetRequiredService<UserManager<PortalUser>>().GetRolesAsync(person)));
        var audit = Assert.Single(await AuditAsync("person.registered"));
        Assert.Equal(("pat@partsco.example", "203.0.113.7"), (audit.ActorName, audit.ActorAddress));
        Assert.Contains("suppliers", audit.After);
    }

    [Fact]
    public async Task GivesAnUnconfirmedPersonNoAudienceClaimsInTheirCookie()
    {
        var registration = await RegisterAsync("pat@partsco.example");

        var principal = await WithScopeAsync(async s =>
        {
            var person = await s.GetRequiredService<UserManager<PortalUser>>().FindByIdAsync(registration.UserId);
            return await s.GetRequiredService<IUserClaimsPrincipalFactory<PortalUser>>().CreateAsync(person!);
        });

        Assert.Empty(principal.FindAll(AudienceMembership.ClaimType));
        Assert.Equal("pat@partsco.example", principal.Identity?.Name);
    }

    [Fact]
    public async Task AnswersAnAddressThatHasAnAccountAsForANewOneAndCreatesNothing()
    {
        var existing = await _app.CreateViewerAsync("sam@partsco.example", "suppliers");
        var usersBefore = await WithScopeAsync(s => s.GetRequiredService<PortalDbContext>().Users.CountAsync());

        var registration = await RegisterAsync("sam@partsco.example");

        Assert.Equal(RegistrationOutcome.AlreadyRegistered, registration.Outcome);
        Assert.Equal(existing.Id, registration.UserId);
        Assert.Null(registration.ConfirmationCode);
        Assert.Equal(usersBefore, await WithScopeAsync(s => s.GetRequiredService<PortalDbContext>().Users.CountAsync()));
        Assert.Empty(await AuditAsync("person.registered"));
        var unchanged = await FindAsync("sam@partsco.example");
        Assert.Equal(existing.PasswordHash, unchanged!.PasswordHash);
    }

    [Theory]
    [InlineData(".pat@partsco.example")]
    [InlineData("pat..parts@partsco.example")]
    [InlineData("Pat <pat@partsco.example>")]
    [InlineData("pat@partsco.example,sam@partsco.example")]
    public async Task RefusesAnAddressNoMailCouldBeSentToBeforeSavingAnything(string email)
    {
        var refused = await Assert.ThrowsAsync<DomainException>(() => RegisterAsync(email));

        Assert.Contains("is not an email address", refused.Message);
        Assert.Equal(0, await WithScopeAsync(s => s.GetRequiredService<PortalDbContext>().Users.CountAsync(u => u.Email!.Contains("pat"))));
        Assert.Empty(await AuditAsync("person.registered"));
    }

    [Fact]
    public async Task LetsOnlyWhoeverHoldsTheLinkChooseThePasswordOfARegisteredAddress()
    {
        // A stranger registers the owner's address first: no password is taken, so none is theirs.
        var strangers = await RegisterAsync("pat@partsco.example");
        Assert.Null((await FindAsync("pat@partsco.example"))!.PasswordHash);

        // The owner registers too, and confirms from the newest mail with their own password.
        var owners = await RegisterAsync("pat@partsco.example");
        Assert.Equal(RegistrationOutcome.AlreadyRegistered, owners.Outcome);
        await ConfirmAsync(owners, "Owners-Own-Password-1");

        Assert.True(await HasPasswordAsync("pat@partsco.example", "Owners-Own-Password-1"));
        Assert.Equal(ConfirmEmail.InvalidLinkMessage, (await Assert.ThrowsAsync<DomainException>(() => ConfirmAsync(strangers, "Strangers-Password-1"))).Message);
        Assert.False(await HasPasswordAsync("pat@partsco.example", "Strangers-Password-1"));
    }

    [Fact]
    public async Task RetiresEarlierLinksWhenALinkIsSentAgain()
    {
        var registration = await RegisterAsync("pat@partsco.example");
        var resent = await _app.Get<ResendConfirmation>().HandleAsync("pat@partsco.example");

        var old = await Assert.ThrowsAsync<DomainException>(() => ConfirmAsync(registration));

        Assert.Equal(ConfirmEmail.InvalidLinkMessage, old.Message);
        Assert.False((await FindAsync("pat@partsco.example"))!.EmailConfirmed);
        Assert.Equal("pat@partsco.example", await ConfirmAsync(registration with { ConfirmationCode = resent!.ConfirmationCode }));
    }

    [Theory]
    [InlineData("short1A", "Passwords must be at least 12 characters.")]
    [InlineData("alllowercase-but-long-1", "Passwords must have at least one uppercase ('A'-'Z').")]
    public async Task AppliesIdentitysPasswordRulesAtConfirmationAndLeavesTheLinkUsable(string password, string message)
    {
        var registration = await RegisterAsync("pat@partsco.example");

        var refused = await Assert.ThrowsAsync<DomainException>(() => ConfirmAsync(registration, password));

        Assert.Contains(message, refused.Message);
        var person = await FindAsync("pat@partsco.example");
        Assert.False(person!.EmailConfirmed);
        Assert.Null(person.PasswordHash);
        Assert.Empty(await AuditAsync("person.email-confirmed"));
        Assert.Equal("pat@partsco.example", await ConfirmAsync(registration));
    }

    [Theory]
    [InlineData("not-base64-!!")]
    [InlineData("")]
    [InlineData("Q09ERQ")]
    public async Task RefusesABadCodeAndLeavesTheAddressUnconfirmed(string code)
    {
        var registration = await RegisterAsync("pat@partsco.example");

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            _app.Get<ConfirmEmail>().HandleAsync(new ConfirmEmailRequest(registration.UserId, code, Password), null));

        Assert.Equal(ConfirmEmail.InvalidLinkMessage, refused.Message);
        Assert.False((await FindAsync("pat@partsco.example"))!.EmailConfirmed);
    }

    [Fact]
    public async Task ResendsALinkOnlyForAnAddressWaitingForConfirmation()
    {
        await RegisterAsync("pat@partsco.example");
        await _app.CreateViewerAsync("sam@partsco.example", "suppliers");
        var resend = _app.Get<ResendConfirmation>();

        Assert.NotNull(await resend.HandleAsync("pat@partsco.example"));
        Assert.Null(await resend.HandleAsync("sam@partsco.example"));
        Assert.Null(await resend.HandleAsync("nobody@partsco.example"));
        Assert.Null(await resend.HandleAsync("not an address"));
    }

    [Fact]
    public async Task OffersRegistrationOnlyWhileAnAudienceIsOpen()
    {
        var isOpen = _app.Get<IsRegistrationOpen>();
        Assert.True(await isOpen.HandleAsync());

        await _app.Get<SetAudienceRegistration>().HandleAsync(new SetAudienceRegistrationRequest("suppliers", false, []), Actors.Admin);

        Assert.False(await isOpen.HandleAsync());
    }
}
