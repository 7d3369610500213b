using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Features.Events;
using Portal.Core.Features.Systems;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Events;

public sealed class GetEventsAfterTests : IAsyncLifetime
{
    private TestPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await TestPortal.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private GetEventsAfter UseCase => _portal.Get<GetEventsAfter>();

    private Task ChangeAsync(string slug, SystemStatus status) =>
        _portal.Get<ChangeSystemStatus>().HandleAsync(new ChangeSystemStatusRequest(slug, status, "Test"), Actors.Operator);

    [Fact]
    public async Task ReturnsOnlyTheEventsAViewerMaySeeInSequenceOrder()
    {
        await ChangeAsync("supplier-payments", SystemStatus.Degraded);
        await ChangeAsync("global-parts-logistics", SystemStatus.Degraded);
        await ChangeAsync("wholesale-vehicle-finance", SystemStatus.Degraded);
        var (all, _) = await _portal.RecordedAsync();

        var suppliers = await UseCase.HandleAsync(Viewers.Suppliers, 0);
        var retailers = await UseCase.HandleAsync(Viewers.Retailers, all[0].Sequence);

        Assert.False(suppliers.TooFarBehind);
        Assert.Equal(all.Where(e => e.IsVisibleTo(Viewers.Suppliers.Audiences)).Select(e => e.Sequence), suppliers.Events.Select(e => e.Sequence));
        Assert.Equal(all.Skip(1).Where(e => e.IsVisibleTo(Viewers.Retailers.Audiences)).Select(e => e.Sequence), retailers.Events.Select(e => e.Sequence));
        Assert.DoesNotContain(retailers.Events, e => e.Audiences.SequenceEqual(["suppliers"]));
        Assert.Equal(all.Last(e => e.IsVisibleTo(Viewers.Suppliers.Audiences)).Sequence, suppliers.CurrentSequence);
    }

    [Fact]
    public async Task SaysWhenTheCallerIsTooFarBehind()
    {
        for (var i = 0; i <= GetEventsAfter.MaxEvents; i++)
        {
            await ChangeAsync("global-parts-logistics", i % 2 == 0 ? SystemStatus.Degraded : SystemStatus.Restoring);
        }

        var behind = await UseCase.HandleAsync(Viewers.Public, 0);
        var future = await UseCase.HandleAsync(Viewers.Public, behind.CurrentSequence + 1);
        var caughtUp = await UseCase.HandleAsync(Viewers.Public, behind.CurrentSequence - 3);

        Assert.True(behind.TooFarBehind);
        Assert.Empty(behind.Events);
        Assert.True(future.TooFarBehind);
        Assert.False(caughtUp.TooFarBehind);
        Assert.Equal(3, caughtUp.Events.Count);
        Assert.All(caughtUp.Events, e => Assert.Equal(PortalEventTypes.SystemStatusChanged, e.Type));
    }
}
