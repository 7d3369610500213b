using System.Security.Claims;
using System.Text.RegularExpressions;
using Bunit;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Core;
using Portal.Core.Domain;
using Portal.Core.Features.People;
using Portal.Core.Persistence;
using Portal.Tests.Support;
using Portal.Web;
using Portal.Web.Components.Pages.Admin.People;
using Portal.Web.Mail;

namespace Portal.Tests.Components;

public sealed class PeoplePageTests : PortalComponentTest
{
    private readonly RecordingMail _mail = new();

    // Account use cases go through Identity's UserManager (and its reset tokens, data protection), which the host adds;
    // account mails are kept, not sent.
    protected override void ConfigurePortal(IServiceCollection services)
    {
        services.AddDataProtection();
        services.AddIdentityCore<PortalUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<PortalDbContext>().AddDefaultTokenProviders();
        services.AddSingleton(new AccountMail(_mail, new PortalAddress(
            Options.Create(new PortalOptions { PublicAddress = "https://status.example.com/" }),
            Options.Create(new PortalMailOptions()), new NoServer())));
    }

    [Fact]
    public async Task SendsAPersonAPasswordResetLinkAndSaysSo()
    {
        await CreateViewerAsync("pat@partsco.example", "suppliers");
        SignInAsStaff("admin@example.com", PortalRoles.Admin);
        var page = Render<PeoplePage>();

        page.FindAll("tr").Single(row => row.TextContent.Contains("pat@partsco.example", StringComparison.Ordinal))
            .QuerySelector("[data-testid=send-password-reset]")!.Click();

        page.WaitForAssertion(() => Assert.Contains("A password reset link is mailed to pat@partsco.example.", Notices));
        var mail = Assert.Single(_mail.Sent);
        Assert.Equal(("pat@partsco.example", AccountMail.PasswordResetSubject), (mail.To, mail.Subject));
        Assert.Contains("https://status.example.com/account/reset-password?userId=", mail.Body, StringComparison.Ordinal);
        await using var db = Portal.NewDbContext();
        Assert.Equal("person.password-reset.sent", (await db.AuditEntries.SingleAsync()).Action);
    }

    [Fact]
    public async Task BulkInviteReportsEveryLineShowsTheLinksOnceAndKeepsTheRefusedLinesToFix()
    {
        SignInAsStaff("admin@example.com", PortalRoles.Admin);
        var page = Render<PeoplePage>();
        page.Find("[data-testid=bulk-csv]").Change(string.Join("\n",
            "email,name,organisation,audiences",
            "pat@partsco.example,Pat Parts,\"PartsCo, Ltd\",Suppliers",
            "rio@northmotors.example,Rio Retail,North Motors,wholesalers",
            "sam@example.com,Sam Shift,,nobody"));

        page.Find("[data-testid=bulk-invite-panel] form").Submit();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=bulk-report] tr[data-line]")));
        Assert.Equal("Invited 1 viewer; 2 lines refused. The refused lines are in the box above; correct them and submit again.",
            page.Find("[data-testid=bulk-summary]").TextContent.Trim());
        var accepted = page.Find("tr[data-line='2']");
        Assert.Equal("true", accepted.GetAttribute("data-accepted"));
        var link = accepted.QuerySelector(".invitation-link")!.TextContent.Trim();
        Assert.Contains("/account/accept-invitation?token=", link, StringComparison.Ordinal);
        Assert.Contains("There is no audience 'wholesalers'", page.Find("tr[data-line='3']").TextContent, StringComparison.Ordinal);
        Assert.Contains("There is no audience 'nobody'", page.Find("tr[data-line='4']").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=bulk-separator]"));
        Assert.Equal($"email,link\npat@partsco.example,{link}\n", page.ValueOfField("bulk-links"));
        Assert.Equal("email,name,organisation,audiences\nrio@northmotors.example,Rio Retail,North Motors,wholesalers\nsam@example.com,Sam Shift,,nobody",
            page.ValueOfField("bulk-csv"));
        Assert.Contains("pat@partsco.example (PartsCo, Ltd) — sees Suppliers", Regex.Replace(page.Find("[data-testid=open-invitations]").TextContent, @"\s+", " "), StringComparison.Ordinal);

        // Fixing the refused lines and submitting again invites them, and keeps the first link to copy.
        page.Find("[data-testid=bulk-csv]").Change("rio@northmotors.example,Rio Retail,North Motors,retailers\nsam@example.com,Sam Shift,,colleagues");
        page.Find("[data-testid=bulk-invite-panel] form").Submit();

        page.WaitForAssertion(() => Assert.StartsWith("Invited 2 viewers.", page.Find("[data-testid=bulk-summary]").TextContent.Trim(), StringComparison.Ordinal));
        Assert.Equal(4, page.ValueOfField("bulk-links").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal("", page.ValueOfField("bulk-csv"));
        await using var db = Portal.NewDbContext();
        Assert.Equal(["pat@partsco.example", "rio@northmotors.example", "sam@example.com"],
            await db.Invitations.OrderBy(i => i.Id).Select(i => i.Email).ToListAsync());
    }

    [Fact]
    public async Task KeepsThePasteAndSaysWhyWhenThePasteIsRefusedAsAWhole()
    {
        SignInAsStaff("admin@example.com", PortalRoles.Admin);
        var page = Render<PeoplePage>();
        page.Find("[data-testid=bulk-csv]").Change("email,name,organisation,audiences\n");

        page.Find("[data-testid=bulk-invite-panel] form").Submit();

        page.WaitForAssertion(() => Assert.Contains("There is nobody to invite", page.Find("[data-testid=bulk-problem]").TextContent, StringComparison.Ordinal));
        Assert.Equal("email,name,organisation,audiences\n", page.ValueOfField("bulk-csv"));
        await using var db = Portal.NewDbContext();
        Assert.Equal(0, await db.Invitations.CountAsync());
    }

    [Fact]
    public async Task EditsAViewersAudiencesAndOrganisation()
    {
        var viewerId = await CreateViewerAsync("pat@partsco.example", "suppliers");
        SignInAsStaff("admin@example.com", PortalRoles.Admin);
        var page = Render<PeoplePage>();
        Assert.Equal("Suppliers", page.Find("td[data-person='pat@partsco.example'] [data-testid=audiences]").TextContent.Trim());

        page.FindAll("[data-testid=edit-memberships]")[0].Click();
        page.Find("[data-testid=membership-organisation]").Change("PartsCo");
        page.Find("[data-testid=membership-form] input[data-audience=retailers]").Change(true);
        page.Find("[data-testid=membership-form]").Submit();

        page.WaitForAssertion(() => Assert.Equal("Retailers, Suppliers",
            page.Find("td[data-person='pat@partsco.example'] [data-testid=audiences]").TextContent.Trim()));
        Assert.Contains("PartsCo", page.Find("[data-testid=organisation]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=membership-form]"));
        await using var db = Portal.NewDbContext();
        Assert.Equal(["retailers", "suppliers"], await db.UserClaims
            .Where(c => c.UserId == viewerId && c.ClaimType == AudienceMembership.ClaimType).Select(c => c.ClaimValue).OrderBy(v => v).ToListAsync());
        Assert.Equal("person.audiences.changed", (await db.AuditEntries.SingleAsync()).Action);
    }

    [Fact]
    public async Task AsksForARoleOrAnAudienceAndKeepsWhatWasTyped()
    {
        SignInAsStaff("admin@example.com", PortalRoles.Admin);
        var page = Render<PeoplePage>();
        page.Find("[data-testid=invite-email]").Change("pat@partsco.example");
        page.Find("[data-testid=invite-name]").Change("Pat Parts");

        page.FindAll("form")[0].Submit();

        page.WaitForAssertion(() => Assert.Contains("Choose at least one role (for staff) or audience (for a viewer).", page.Markup, StringComparison.Ordinal));
        Assert.Equal("Pat Parts", page.ValueOfField("invite-name"));

        page.FindAll("form")[0].QuerySelector("input[data-audience=suppliers]")!.Change(true);
        page.FindAll("form")[0].Submit();

        page.WaitForAssertion(() => Assert.Contains("Pass this link to pat@partsco.example", page.Find("[data-testid=invitation-link]").TextContent, StringComparison.Ordinal));
        await using var db = Portal.NewDbContext();
        var invitation = await db.Invitations.SingleAsync();
        Assert.Equal(["suppliers"], invitation.Audiences);
        Assert.Equal("Pat Parts", invitation.DisplayName);
        Assert.Empty(invitation.Roles);
    }

    [Fact]
    public async Task SignsAPersonOutOnEveryDevice()
    {
        var viewerId = await CreateViewerAsync("pat@partsco.example", "suppliers");
        await using (var db = Portal.NewDbContext())
        {
            db.PersonSessions.AddRange(new PersonSession("laptop", viewerId, TestPortal.DemoNow), new PersonSession("phone", viewerId, TestPortal.DemoNow));
            await db.SaveChangesAsync();
        }

        SignInAsStaff("admin@example.com", PortalRoles.Admin);
        var page = Render<PeoplePage>();

        Assert.Single(page.FindAll("[data-testid=sign-out-everywhere]")).Click();

        page.WaitForAssertion(() =>
        {
            using var db = Portal.NewDbContext();
            Assert.Empty(db.PersonSessions.ToList());
        });
        await using var check = Portal.NewDbContext();
        var audit = await check.AuditEntries.SingleAsync();
        Assert.Equal(("person.signed-out-everywhere", "admin@example.com"), (audit.Action, audit.ActorName));
    }

    [Fact]
    public void SaysWhenItReadTheBulkPasteAsSemicolonSeparated()
    {
        SignInAsStaff("admin@example.com", PortalRoles.Admin);
        var page = Render<PeoplePage>();
        page.Find("[data-testid=bulk-csv]").Change("email;name;organisation;audiences\npat@partsco.example;Pat Parts;PartsCo, Ltd;Suppliers");

        page.Find("[data-testid=bulk-invite-panel] form").Submit();

        page.WaitForAssertion(() => Assert.StartsWith("Invited 1 viewer.", page.Find("[data-testid=bulk-summary]").TextContent.Trim(), StringComparison.Ordinal));
        Assert.Contains("separated by semicolons", page.Find("[data-testid=bulk-separator]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OffersNoDisableButtonThatWorksOnTheAdminThemself()
    {
        await CreateStaffAsync("admin@example.com", PortalRoles.Admin);
        await CreateViewerAsync("pat@partsco.example", "suppliers");
        SignInAsStaff("admin@example.com", PortalRoles.Admin);
        var page = Render<PeoplePage>();

        var buttons = page.FindAll("[data-testid=disable]");
        Assert.Equal(2, buttons.Count);
        var mine = page.FindAll("tr").Single(row => row.TextContent.Contains("admin@example.com", StringComparison.Ordinal)).QuerySelector("[data-testid=disable]")!;
        var theirs = page.FindAll("tr").Single(row => row.TextContent.Contains("pat@partsco.example", StringComparison.Ordinal)).QuerySelector("[data-testid=disable]")!;
        Assert.True(mine.HasAttribute("disabled"));
        Assert.Equal("You cannot disable your own account", mine.GetAttribute("title"));
        Assert.False(theirs.HasAttribute("disabled"));

        theirs.Click();

        page.WaitForAssertion(() => Assert.Contains("Pat Parts is disabled: their sessions end within a minute.", Notices));
        await using var db = Portal.NewDbContext();
        Assert.True((await db.Users.SingleAsync(u => u.Email == "pat@partsco.example")).IsDisabled);
    }

    [Fact]
    public async Task SendsAnOpenInvitationAgainByMailWithTheValidityTheListShows()
    {
        var first = await Portal.Get<InvitePerson>().HandleAsync(new InvitePersonRequest("pat@partsco.example", [], ["suppliers"], "Pat Parts"), Actors.Admin);
        SignInAsStaff("admin@example.com", PortalRoles.Admin);
        var page = Render<PeoplePage>();

        page.Find("[data-invitation='pat@partsco.example'] [data-testid=resend-invitation]").Click();

        page.WaitForAssertion(() => Assert.Single(_mail.Sent));
        var mail = _mail.Sent[0];
        Assert.Equal(("pat@partsco.example", AccountMail.InvitationSubject), (mail.To, mail.Subject));
        var token = Regex.Match(mail.Body, @"https://status\.example\.com/account/accept-invitation\?token=(\S+)").Groups[1].Value;
        Assert.NotEqual(first.Token, token);
        Assert.Equal("pat@partsco.example", (await Portal.Get<GetOpenInvitation>().HandleAsync(Uri.UnescapeDataString(token)))?.Email);
        Assert.Null(await Portal.Get<GetOpenInvitation>().HandleAsync(first.Token));

        // The mail and the list state the link's validity in the same words.
        page.WaitForAssertion(() => Assert.Contains(page.Find("[data-invitation='pat@partsco.example'] [data-testid=validity]").TextContent.Trim(), mail.Body, StringComparison.Ordinal));
        Assert.StartsWith("works once, until ", page.Find("[data-testid=validity]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains(Notices, n => n.StartsWith("A new link is mailed to pat@partsco.example", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithdrawsAnOpenInvitation()
    {
        var issued = await Portal.Get<InvitePerson>().HandleAsync(new InvitePersonRequest("pat@partsco.example", [], ["suppliers"]), Actors.Admin);
        SignInAsStaff("admin@example.com", PortalRoles.Admin);
        var page = Render<PeoplePage>();

        page.Find("[data-invitation='pat@partsco.example'] [data-testid=revoke-invitation]").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=open-invitations]")));
        Assert.Contains("The invitation of pat@partsco.example is withdrawn: its link no longer works.", Notices);
        Assert.Null(await Portal.Get<GetOpenInvitation>().HandleAsync(issued.Token));
    }

    private async Task CreateStaffAsync(string email, params string[] roles)
    {
        await using var scope = Portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var person = new PortalUser(email, "Ada Admin", TestPortal.DemoNow);
        Assert.True((await users.CreateAsync(person, PortalWebApp.Password)).Succeeded);
        foreach (var role in roles)
        {
            var roleManager = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            if (!await roleManager.RoleExistsAsync(role))
            {
                Assert.True((await roleManager.CreateAsync(new IdentityRole(role))).Succeeded);
            }

            Assert.True((await users.AddToRoleAsync(person, role)).Succeeded);
        }
    }

    private sealed class NoServer : IServer
    {
        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }

    private async Task<string> CreateViewerAsync(string email, params string[] audiences)
    {
        await using var scope = Portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var person = new PortalUser(email, "Pat Parts", TestPortal.DemoNow);
        Assert.True((await users.CreateAsync(person, PortalWebApp.Password)).Succeeded);
        Assert.True((await users.AddClaimsAsync(person, audiences.Select(a => new Claim(AudienceMembership.ClaimType, a)))).Succeeded);
        return person.Id;
    }

    [Fact]
    public async Task PeopleListShowsSomeoneAnotherAdminInvites()
    {
        SignInAsStaff("admin@example.com", PortalRoles.Admin);
        var page = Render<PeoplePage>();
        page.WaitForElement("[data-testid=people]");

        await Portal.Get<InvitePerson>().HandleAsync(new InvitePersonRequest("new.operator@example.com", [PortalRoles.Operator]), Actors.Admin);

        page.WaitForAssertion(() => Assert.Contains("new.operator@example.com", page.Find("[data-testid=open-invitations]").TextContent, StringComparison.Ordinal));
    }
}
