using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Isolation;

/// <summary>
/// A slug or id the viewer may not see answers exactly like one that does not exist (same status,
/// same page, nothing of the item's name), so guessing addresses confirms nothing. Every public
/// route with a parameter is checked, found the same way the leak test finds them.
/// </summary>
public sealed partial class NotFoundAnswersTests(NotFoundAnswersTests.Server server) : IClassFixture<NotFoundAnswersTests.Server>
{
    [Theory]
    [InlineData("anonymous")]
    [InlineData("retailers")]
    public async Task AnswersAHiddenSlugOrIdExactlyLikeAMissingOne(string viewerName)
    {
        using var visitor = viewerName == "anonymous"
            ? Visitor.Anonymous(server.Address)
            : await Visitor.SignedInAsync(server.Address, server.RetailerEmail);
        var viewer = viewerName == "anonymous" ? Viewer.Anonymous : Viewers.Retailers;
        var (hiddenWords, hiddenNumbers) = await HiddenAsync(viewer);
        var routes = PortalRoutes.All(server.App.Services)
            .Where(r => r.Parameters.Count == 1 && !r.Parameters[0].IsCatchAll)
            .Where(r => !PortalRoutes.Normalise(r.RawText!).StartsWith("/admin", StringComparison.Ordinal))
            .ToList();
        var compared = 0;

        foreach (var route in routes)
        {
            var numeric = PortalRoutes.IsNumeric(route, route.Parameters[0]);
            var missing = numeric ? "999999" : "no-such-thing";
            var reference = await AnswerAsync(visitor, route, missing);
            if (reference.Status != 404)
            {
                continue;
            }

            foreach (var hidden in numeric ? hiddenNumbers : hiddenWords)
            {
                var answer = await AnswerAsync(visitor, route, hidden);
                Assert.True(reference.Status == answer.Status, $"{answer.Address} answered {answer.Status}, a missing one {reference.Status}");
                Assert.True(reference.Body == answer.Body, $"{answer.Address} answered differently from {reference.Address}");
                compared++;
            }
        }

        Assert.True(compared >= hiddenWords.Count + hiddenNumbers.Count, $"Only {compared} hidden addresses compared; the walk missed /systems or /statements.");
    }

    private async Task<(List<string> Words, List<string> Numbers)> HiddenAsync(Viewer viewer)
    {
        await using var db = await server.App.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var words = (await db.EstateSystems.AsNoTracking().ToListAsync()).Where(s => !s.IsVisibleTo(viewer.Audiences)).Select(s => s.Slug).ToList();
        var numbers = (await db.Statements.AsNoTracking().ToListAsync()).Where(s => !s.IsVisibleTo(viewer.Audiences))
            .Select(s => s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(words);
        Assert.NotEmpty(numbers);
        return (words, numbers);
    }

    private static async Task<(string Address, int Status, string Body)> AnswerAsync(Visitor visitor, Microsoft.AspNetCore.Routing.Patterns.RoutePattern route, string value)
    {
        // The address with the value itself (a route with an optional parameter also fills to one without it).
        var address = PortalRoutes.Fill(route, [value]).First();
        using var response = await visitor.Http.GetAsync(address);
        var body = await response.Content.ReadAsStringAsync();

        // Per-request noise: Blazor's component markers, the antiforgery token and the script nonce.
        body = PerRequest().Replace(body, "").Replace(address, "{address}", StringComparison.Ordinal);
        return (address, (int)response.StatusCode, body);
    }

    [GeneratedRegex(@"<!--Blazor.*?-->|(?<=name=""__RequestVerificationToken""[^>]*value="")[^""]+|(?<=nonce="")[0-9a-f]+", RegexOptions.Singleline)]
    private static partial Regex PerRequest();

    public sealed class Server : IAsyncLifetime
    {
        public PortalWebApp App { get; } = new();

        public Uri Address { get; private set; } = null!;

        public string RetailerEmail => "retailer@dealer.example";

        public async Task InitializeAsync()
        {
            Address = App.StartOnLoopback();
            await App.CreateViewerAsync(RetailerEmail, "retailers");
        }

        public async Task DisposeAsync() => await App.DisposeAsync();
    }
}
