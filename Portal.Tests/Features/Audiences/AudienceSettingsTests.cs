using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Features.Audiences;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Audiences;

/// <summary>DescribeAudiencePage, SetAudienceRegistration and GetAudiencesForConsole: the Admin's audience settings.</summary>
public sealed class AudienceSettingsTests : IAsyncLifetime
{
    private TestPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await TestPortal.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private async Task<int> SystemIdAsync(string slug)
    {
        await using var db = _portal.NewDbContext();
        return await db.EstateSystems.Where(s => s.Slug == slug).Select(s => s.Id).SingleAsync();
    }

    private async Task<Audience> AudienceAsync(string key)
    {
        await using var db = _portal.NewDbContext();
        return await db.Audiences.SingleAsync(a => a.Key == key);
    }

    [Fact]
    public async Task DescribesAPageAuditsItAndTellsOnlyThatAudience()
    {
        var edi = await SystemIdAsync("supplier-portal-edi");
        using var suppliers = _portal.RecordEvents(Viewers.Suppliers);
        using var retailers = _portal.RecordEvents(Viewers.Retailers);
        using var everyone = _portal.RecordEvents(Viewers.Public);

        await _portal.Get<DescribeAudiencePage>().HandleAsync(
            new DescribeAudiencePageRequest("suppliers", "Can we send call-offs again?", edi, "Call **0800 000 000**."), Actors.Admin);

        var saved = await AudienceAsync("suppliers");
        Assert.Equal(("Can we send call-offs again?", edi, "Call **0800 000 000**."), (saved.HeadlineQuestion, saved.HeadlineSystemId, saved.ContactsMarkdown));
        var pushed = Assert.Single(suppliers.Events);
        Assert.Equal(PortalEventTypes.AudienceUpdated, pushed.Type);
        Assert.Equal(["suppliers"], pushed.Audiences);
        Assert.Equal("supplier-portal-edi", pushed.Payload<AudienceUpdatedData>().HeadlineSystemSlug);
        Assert.Empty(retailers.Events);
        Assert.Empty(everyone.Events);
        var (_, audit) = await _portal.RecordedAsync();
        var entry = Assert.Single(audit);
        Assert.Equal(("audience.page-described", "Audience", "suppliers"), (entry.Action, entry.EntityType, entry.EntityId));
        Assert.Contains("Are supplier invoices being paid?", entry.Before);
        Assert.Contains("Can we send call-offs again?", entry.After);
    }

    [Fact]
    public async Task RefusesASystemTheAudienceCannotSee()
    {
        var wholesale = await SystemIdAsync("wholesale-vehicle-finance");

        var refused = await Assert.ThrowsAsync<DomainException>(() => _portal.Get<DescribeAudiencePage>().HandleAsync(
            new DescribeAudiencePageRequest("suppliers", "Is finance working?", wholesale, null), Actors.Admin));

        Assert.Contains("Suppliers cannot see that system", refused.Message);
        await _portal.AssertNothingRecordedAsync();
    }

    [Fact]
    public async Task NamesEveryBadDomainAndSavesNothing()
    {
        var refused = await Assert.ThrowsAsync<DomainException>(() => _portal.Get<SetAudienceRegistration>().HandleAsync(
            new SetAudienceRegistrationRequest("retailers", true, ["dealer.example", "not a domain", "-bad.example", "localhost"]), Actors.Admin));

        Assert.Equal(
            ["'not a domain' is not an email domain like partsco.example.", "'-bad.example' is not an email domain like partsco.example.",
             "'localhost' is not an email domain like partsco.example."],
            refused.Message.Split('\n'));
        Assert.False((await AudienceAsync("retailers")).SelfRegistrationOpen);
        await _portal.AssertNothingRecordedAsync();
    }

    [Fact]
    public async Task OpensRegistrationWithNormalisedDomainsAndAuditsBeforeAndAfter()
    {
        var saved = await _portal.Get<SetAudienceRegistration>().HandleAsync(
            new SetAudienceRegistrationRequest("retailers", true, ["  @Dealer.Example ", "", "north-motors.example"]), Actors.Admin);

        Assert.Equal(["dealer.example", "north-motors.example"], saved.Domains);
        Assert.True((await AudienceAsync("retailers")).AcceptsRegistrationFrom("sales@dealer.example"));
        var (events, audit) = await _portal.RecordedAsync();
        var told = Assert.Single(events);
        Assert.Equal(PortalEventTypes.RegistrationUpdated, told.Type);
        Assert.Equal([Audience.Public], told.Audiences);
        Assert.Contains("\"registrationOpen\":true", told.Data);
        Assert.DoesNotContain("dealer.example", told.Data);
        var entry = Assert.Single(audit);
        Assert.Equal("audience.registration-opened", entry.Action);
        Assert.Contains("\"selfRegistrationOpen\":false", entry.Before);
        Assert.Contains("\"selfRegistrationOpen\":true", entry.After);
    }

    [Fact]
    public async Task RefusesToOpenPublicOrAnAudienceWithoutDomains()
    {
        var setRegistration = _portal.Get<SetAudienceRegistration>();

        await Assert.ThrowsAsync<DomainException>(() =>
            setRegistration.HandleAsync(new SetAudienceRegistrationRequest("public", true, ["partsco.example"]), Actors.Admin));
        await Assert.ThrowsAsync<DomainException>(() =>
            setRegistration.HandleAsync(new SetAudienceRegistrationRequest("retailers", true, []), Actors.Admin));
        await _portal.AssertNothingRecordedAsync();
    }

    [Fact]
    public async Task RefusesEveryoneButAnAdmin()
    {
        foreach (var actor in new[] { Actors.Operator, Actors.Publisher, Actors.Approver, Actors.NoRole })
        {
            await Assert.ThrowsAsync<ForbiddenException>(() => _portal.Get<GetAudiencesForConsole>().HandleAsync(actor));
            await Assert.ThrowsAsync<ForbiddenException>(() => _portal.Get<DescribeAudiencePage>().HandleAsync(
                new DescribeAudiencePageRequest("suppliers", null, null, null), actor));
            await Assert.ThrowsAsync<ForbiddenException>(() => _portal.Get<SetAudienceRegistration>().HandleAsync(
                new SetAudienceRegistrationRequest("suppliers", false, []), actor));
        }

        await _portal.AssertNothingRecordedAsync();
    }

    [Fact]
    public async Task ListsForEachAudienceOnlyTheSystemsItCanSee()
    {
        var audiences = (await _portal.Get<GetAudiencesForConsole>().HandleAsync(Actors.Admin)).Audiences;

        var suppliers = audiences.Single(a => a.Key == "suppliers");
        Assert.Contains(suppliers.HeadlineSystems, s => s.Slug == "supplier-payments");
        Assert.DoesNotContain(suppliers.HeadlineSystems, s => s.Slug == "wholesale-vehicle-finance");
        Assert.Equal("Supplier payments", suppliers.HeadlineSystemName);
        Assert.Equal(["northpress-components.example", "partsco.example"], suppliers.RegistrationDomains);
        Assert.Equal("public", audiences[0].Key);
    }
}
