using Portal.Core.Features.People;
using Portal.Tests.Isolation;
using Portal.Tests.Support;

namespace Portal.Tests.Hubs;

/// <summary>
/// A person's cookie connection keeps no audience they have lost: the group is fixed at connect, so
/// the connection is closed once their memberships change or they are disabled, and their old cookie
/// cannot bring it back.
/// </summary>
public sealed class ChangedAccessTests : IAsyncLifetime
{
    private readonly PortalWebApp _app = new(new Dictionary<string, string?> { ["Portal:Hub:RevokedKeyCheckInterval"] = "00:00:00.2" });
    private Uri _address = null!;

    public Task InitializeAsync()
    {
        _address = _app.StartOnLoopback();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public Task ClosesAPersonsConnectionWhenSuppliersIsRemovedFromTheirMemberships() =>
        ClosesTheConnectionWhenAsync("removed", id =>
            _app.Get<SetPersonMemberships>().HandleAsync(new SetPersonMembershipsRequest(id, ["retailers"], null), Actors.Admin));

    [Fact]
    public Task ClosesAPersonsConnectionWhenTheyAreDisabled() =>
        ClosesTheConnectionWhenAsync("disabled", id =>
            _app.Get<DisablePerson>().HandleAsync(new PersonRequest(id), Actors.Admin));

    private async Task ClosesTheConnectionWhenAsync(string name, Func<string, Task> takeAccessAway)
    {
        var losing = await _app.CreateViewerAsync($"{name}@partsco.example", "suppliers");
        await _app.CreateViewerAsync($"kept-{name}@partsco.example", "suppliers");
        using var losingBrowser = await Visitor.SignedInAsync(_address, losing.Email!);
        using var keptBrowser = await Visitor.SignedInAsync(_address, $"kept-{name}@partsco.example");
        await using var losingHub = await HubTestClient.ConnectAsync(losingBrowser.HubConnection());
        await using var keptHub = await HubTestClient.ConnectAsync(keptBrowser.HubConnection());

        // Before: the person's connection reads as Suppliers.
        await _app.Services.SuppliersOnlyAsync($"Before-{name}");
        await losingHub.WaitForAsync(e => e.GetRawText().Contains($"Before-{name}", StringComparison.Ordinal), "suppliers-only before");

        await takeAccessAway(losing.Id);
        await losingHub.Closed.WaitAsync(HubTestClient.Patience);

        // Their old cookie (not yet re-checked by the cookie's own stamp validation) cannot bring the group back.
        await using var again = await HubTestClient.ConnectAsync(losingBrowser.HubConnection());
        await again.Closed.WaitAsync(HubTestClient.Patience);

        var marker = $"After-{name}";
        await _app.Services.SuppliersOnlyAsync(marker);
        var sequence = await _app.Services.PublicChangeAsync($"After all {name}");
        await keptHub.WaitForSequenceAsync(sequence);
        Assert.Contains(marker, keptHub.ReceivedJson, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, losingHub.ReceivedJson, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, again.ReceivedJson, StringComparison.Ordinal);
        Assert.Contains(_app.Log.Messages, m => m.Contains("hub connections of person", StringComparison.Ordinal));
    }
}
