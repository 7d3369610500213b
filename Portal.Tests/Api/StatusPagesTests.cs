using System.Net;
using Portal.Tests.Support;

namespace Portal.Tests.Api;

/// <summary>The friendly error pages answer with the status they describe, also when opened directly.</summary>
public sealed class StatusPagesTests(StatusPagesTests.Fixture fixture) : IClassFixture<StatusPagesTests.Fixture>
{
    [Theory]
    [InlineData("/not-found")]
    [InlineData("/status/404")]
    [InlineData("/status/-5")]
    [InlineData("/status/500")]
    [InlineData("/no-such-page")]
    public async Task AnswersNotFoundWithTheFriendlyPage(string path)
    {
        var response = await fixture.App.AnonymousClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("We could not find that page", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnswersTheForbiddenPageWithForbidden()
    {
        var response = await fixture.App.AnonymousClient().GetAsync("/status/403");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public PortalWebApp App { get; } = new();

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync() => await App.DisposeAsync();
    }
}
