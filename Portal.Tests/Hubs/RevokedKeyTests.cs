using Portal.Core.Features.ApiClients;
using Portal.Tests.Support;

namespace Portal.Tests.Hubs;

public sealed class RevokedKeyTests : IAsyncLifetime
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
    public async Task ClosesTheOpenConnectionsOfARevokedKey()
    {
        var revokedKey = await _app.Services.IssueKeyAsync("Old dealer system", "retailers");
        var keptKey = await _app.Services.IssueKeyAsync("New dealer system", "retailers");
        await using var revoked = await HubTestClient.ConnectAsync(_address, revokedKey);
        await using var kept = await HubTestClient.ConnectAsync(_address, keptKey);
        await using var anonymous = await HubTestClient.ConnectAsync(_address);

        var id = (await _app.Services.UseCase<FindApiClientByKey>().HandleAsync(revokedKey))!.Id;
        await _app.Services.UseCase<RevokeApiClientKey>().HandleAsync(id, Actors.Admin);

        await revoked.Closed.WaitAsync(HubTestClient.Patience);
        var sequence = await _app.Services.PublicChangeAsync("Still here");
        await kept.WaitForSequenceAsync(sequence);
        await anonymous.WaitForSequenceAsync(sequence);
    }
}
