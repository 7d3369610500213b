using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Portal.Web.Hubs;

namespace Portal.Tests.Hubs;

public sealed class HubConnectionsTests
{
    private static readonly IdentityOptions Identity = new();

    [Fact]
    public void RefusesAPersonsOldCookieOnceTheirStampIsKnownToHaveChanged()
    {
        var connections = new HubConnections(Options.Create(Identity));
        connections.RememberCurrentStamp("person-1", "stamp-after");

        Assert.False(connections.Track(Connection("a", "person-1", "stamp-before")));
        Assert.True(connections.Track(Connection("b", "person-1", "stamp-after")));
        Assert.True(connections.Track(Connection("c", "person-2", "stamp-before")));
        Assert.Equal(["person-1", "person-2"], connections.People.Select(p => p.Key).Order());
    }

    private static FakeContext Connection(string id, string userId, string stamp) => new(id, new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(Identity.ClaimsIdentity.UserIdClaimType, userId),
            new Claim(Identity.ClaimsIdentity.SecurityStampClaimType, stamp),
            new Claim(Portal.Web.Viewers.CurrentViewer.AudienceClaimType, "suppliers"),
        ], IdentityConstants.ApplicationScheme)));

    private sealed class FakeContext(string id, ClaimsPrincipal user) : HubCallerContext
    {
        public override string ConnectionId => id;

        public override string? UserIdentifier => null;

        public override ClaimsPrincipal? User => user;

        public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();

        public override IFeatureCollection Features { get; } = new FeatureCollection();

        public override CancellationToken ConnectionAborted => CancellationToken.None;

        public override void Abort()
        {
        }
    }
}
