using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Features.ApiClients;
using Portal.Tests.Support;

namespace Portal.Tests.Features.ApiClients;

public sealed class ApiClientKeysTests : IAsyncLifetime
{
    private TestPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await TestPortal.StartAsync(seedDemoData: false);

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private Task<IssuedApiClientKey> IssueAsync(Actor actor, params string[] audiences) =>
        _portal.Get<IssueApiClientKey>().HandleAsync(new IssueApiClientKeyRequest("Dealer management system", audiences), actor);

    [Fact]
    public async Task IssuesAKeyThatIsStoredOnlyAsAHashAndAudited()
    {
        var issued = await IssueAsync(Actors.Admin, "Retailers");

        Assert.StartsWith("esp_", issued.Key, StringComparison.Ordinal);
        Assert.Equal(["retailers"], issued.Client.Audiences);
        Assert.StartsWith(issued.Client.KeyPrefix, issued.Key, StringComparison.Ordinal);
        await using var db = _portal.NewDbContext();
        var stored = await db.ApiClients.SingleAsync();
        Assert.Equal(ApiClient.Hash(issued.Key), stored.KeyHash);
        Assert.DoesNotContain(issued.Key, stored.KeyHash, StringComparison.Ordinal);
        var (_, audit) = await _portal.RecordedAsync();
        var entry = Assert.Single(audit);
        Assert.Equal("apiclient.issued", entry.Action);
        Assert.DoesNotContain(issued.Key, entry.After!, StringComparison.Ordinal);
        Assert.Equal("Dealer management system", (await _portal.Get<FindApiClientByKey>().HandleAsync(issued.Key))?.Name);
    }

    [Fact]
    public async Task ARevokedKeyNoLongerFindsItsClient()
    {
        var issued = await IssueAsync(Actors.Admin, "suppliers");

        var revoked = await _portal.Get<RevokeApiClientKey>().HandleAsync(issued.Client.Id, Actors.Admin);

        Assert.NotNull(revoked.RevokedAt);
        Assert.Null(await _portal.Get<FindApiClientByKey>().HandleAsync(issued.Key));
        Assert.Null(await _portal.Get<FindApiClientByKey>().HandleAsync("esp_guessed"));
        var (_, audit) = await _portal.RecordedAsync();
        Assert.Equal(["apiclient.issued", "apiclient.revoked"], audit.Select(a => a.Action));
    }

    [Fact]
    public async Task OnlyAnAdminIssuesOrRevokesKeysForKnownAudiences()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() => IssueAsync(Actors.Operator, "suppliers"));
        await Assert.ThrowsAsync<DomainException>(() => IssueAsync(Actors.Admin, "press"));
        await Assert.ThrowsAsync<DomainException>(() => IssueAsync(Actors.Admin));
        var issued = await IssueAsync(Actors.Admin, "suppliers");
        await Assert.ThrowsAsync<ForbiddenException>(() => _portal.Get<RevokeApiClientKey>().HandleAsync(issued.Client.Id, Actors.Publisher));
    }
}
