using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Features.Subscriptions;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Subscriptions;

/// <summary>An Admin changes what an email subscriber receives, and an import keeps its contacts' names.</summary>
public sealed class ChangeSubscriptionTests
{
    [Fact]
    public async Task ChangesTheChoiceNoticesAndAudiencesOfAnImportedContactWithAnAuditEntry()
    {
        await using var portal = await TestPortal.StartAsync();
        var id = await AddImportedAsync(portal, "pat@partsco.example", "suppliers");
        var edi = await SystemIdAsync(portal, "supplier-portal-edi");

        await portal.Get<ChangeSubscription>().HandleAsync(new ChangeSubscriptionRequest(
            id, EmailSubscriptionChoice.ChosenSystems, [edi], [], EmailNotices.Maintenance, ["suppliers", "retailers"]), Actors.Admin);

        await using var db = portal.NewDbContext();
        var subscription = await db.EmailSubscriptions.SingleAsync(s => s.Id == id);
        Assert.Equal(EmailSubscriptionChoice.ChosenSystems, subscription.Choice);
        Assert.Equal([edi], subscription.SystemIds);
        Assert.True(subscription.MaintenanceNotices);
        Assert.False(subscription.PhaseNotices);
        Assert.Equal(["public", "retailers", "suppliers"], subscription.Audiences);
        var entry = await db.AuditEntries.SingleAsync(a => a.Action == "subscription.changed" && a.EntityId == id.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("admin@example.com", entry.ActorName);
        Assert.Contains("Everything", entry.Before, StringComparison.Ordinal);
        Assert.Contains("ChosenSystems", entry.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusesSomeoneWhoIsNotAnAdminAndChangesNothing()
    {
        await using var portal = await TestPortal.StartAsync();
        var id = await AddImportedAsync(portal, "pat@partsco.example", "suppliers");

        foreach (var actor in new[] { Actors.Operator, Actors.Publisher, Actors.NoRole })
        {
            await Assert.ThrowsAsync<ForbiddenException>(() => portal.Get<ChangeSubscription>().HandleAsync(new ChangeSubscriptionRequest(
                id, EmailSubscriptionChoice.StatementsOnly, [], [], EmailNotices.None, ["retailers"]), actor));
        }

        await AssertUnchangedAsync(portal, id);
    }

    [Fact]
    public async Task RefusesASystemTheSubscriberMayNotSeeAndChangesNothing()
    {
        await using var portal = await TestPortal.StartAsync();
        var id = await AddImportedAsync(portal, "pat@partsco.example", "suppliers");
        var edi = await SystemIdAsync(portal, "supplier-portal-edi");

        // Taking Suppliers away while choosing a Suppliers-only system: refused as a whole.
        var refused = await Assert.ThrowsAsync<DomainException>(() => portal.Get<ChangeSubscription>().HandleAsync(new ChangeSubscriptionRequest(
            id, EmailSubscriptionChoice.ChosenSystems, [edi], [], EmailNotices.Maintenance, ["retailers"]), Actors.Admin));

        Assert.Contains("not visible to this subscriber's audiences", refused.Message, StringComparison.Ordinal);
        await AssertUnchangedAsync(portal, id);
    }

    [Fact]
    public async Task RefusesNothingChosenAndAudiencesForAnAccountsSubscription()
    {
        await using var portal = await TestPortal.StartAsync();
        var id = await AddImportedAsync(portal, "pat@partsco.example", "suppliers");
        await Assert.ThrowsAsync<DomainException>(() => portal.Get<ChangeSubscription>().HandleAsync(new ChangeSubscriptionRequest(
            id, EmailSubscriptionChoice.ChosenSystems, [], [], EmailNotices.None, null), Actors.Admin));
        await AssertUnchangedAsync(portal, id);

        long accountId;
        await using (var db = portal.NewDbContext())
        {
            var account = EmailSubscription.CreateForAccount("sam@partsco.example", "user-sam", EmailSubscriptionChoice.Everything, [], [], portal.Clock.GetUtcNow());
            db.EmailSubscriptions.Add(account);
            await db.SaveChangesAsync();
            accountId = account.Id;
        }

        var refused = await Assert.ThrowsAsync<DomainException>(() => portal.Get<ChangeSubscription>().HandleAsync(new ChangeSubscriptionRequest(
            accountId, EmailSubscriptionChoice.StatementsOnly, [], [], EmailNotices.None, ["suppliers"]), Actors.Admin));
        Assert.Contains("People page", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnImportKeepsEachContactsNameAndTheConsoleFindsThemByIt()
    {
        await using var portal = await TestPortal.StartAsync();

        await portal.Get<ImportSubscribers>().HandleAsync(new ImportSubscribersRequest(
            "email,name,audiences\nsam@partsco.example,Sam Jones,Suppliers\nrio@northmotors.example,,Retailers"), Actors.Admin);

        var found = Assert.Single((await portal.Get<GetSubscribers>().HandleAsync(new GetSubscribersRequest("jones", 0), Actors.Admin)).Subscribers);
        Assert.Equal("sam@partsco.example", found.Address);
        Assert.Equal("Sam Jones", found.Name);
        Assert.Equal(EmailNotices.Maintenance | EmailNotices.Phases, found.Notices);
        await using var db = portal.NewDbContext();
        Assert.Null((await db.EmailSubscriptions.SingleAsync(s => s.Address == "rio@northmotors.example")).Name);
    }

    private static async Task AssertUnchangedAsync(TestPortal portal, long id)
    {
        await using var db = portal.NewDbContext();
        var subscription = await db.EmailSubscriptions.SingleAsync(s => s.Id == id);
        Assert.Equal(EmailSubscriptionChoice.Everything, subscription.Choice);
        Assert.Equal(EmailNotices.Maintenance | EmailNotices.Phases, subscription.Notices);
        Assert.Equal(["public", "suppliers"], subscription.Audiences);
        Assert.Empty(await db.AuditEntries.Where(a => a.Action == "subscription.changed").ToListAsync());
    }

    private static async Task<long> AddImportedAsync(TestPortal portal, string address, params string[] audiences)
    {
        await using var db = portal.NewDbContext();
        var subscription = EmailSubscription.CreateImported(address, audiences, portal.Clock.GetUtcNow());
        db.EmailSubscriptions.Add(subscription);
        await db.SaveChangesAsync();
        return subscription.Id;
    }

    private static async Task<int> SystemIdAsync(TestPortal portal, string slug)
    {
        await using var db = portal.NewDbContext();
        return await db.EstateSystems.Where(s => s.Slug == slug).Select(s => s.Id).SingleAsync();
    }
}
