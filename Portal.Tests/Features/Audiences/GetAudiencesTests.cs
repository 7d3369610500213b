using Portal.Core.Features.Audiences;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Audiences;

public sealed class GetAudiencesTests
{
    [Fact]
    public async Task ListsPublicFirstThenTheOthersByName()
    {
        await using var portal = await TestPortal.StartAsync(seedDemoData: false);

        var audiences = await portal.Get<GetAudiences>().HandleAsync();

        Assert.Equal(
            [new AudienceOption("public", "Public"), new("colleagues", "Colleagues"), new("retailers", "Retailers"), new("suppliers", "Suppliers")],
            audiences);
    }
}
