using System.Net;
using Portal.Tests.Support;

namespace Portal.Tests.Api;

/// <summary>
/// The audience pages through the whole host: anonymous people are sent to sign in, people outside
/// the audience are refused with 403 and none of its content, and members see their page.
/// </summary>
public sealed class AudiencePagesTests(AudiencePagesTests.Fixture fixture) : IClassFixture<AudiencePagesTests.Fixture>
{
    /// <summary>Each page, a member, a person in another audience, and text only members may read.</summary>
    public static TheoryData<string, string, string, string> Pages() => new()
    {
        { "/suppliers", "supplier@partsco.example", "retailer@dealer.example", "manual payment runs every Tuesday and Friday" },
        { "/retailers", "retailer@dealer.example", "colleague@northwind.example", "Hand new vehicles over without the online registration step" },
        { "/colleagues", "colleague@northwind.example", "supplier@partsco.example", "Riverside and Westgate colleagues: your shifts this week" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task SendsAnonymousPeopleToSignIn(string path, string member, string outsider, string restricted)
    {
        _ = (member, outsider);
        var response = await fixture.App.AnonymousClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/account/login?returnUrl={Uri.EscapeDataString(path)}", response.RedirectPath());
        Assert.DoesNotContain(restricted, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task RefusesSomeoneFromAnotherAudienceWithoutShowingTheContent(string path, string member, string outsider, string restricted)
    {
        _ = member;
        var client = await fixture.SignedInAsync(outsider);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("You do not have access to this page", html);
        Assert.DoesNotContain(restricted, html);
        Assert.DoesNotContain("Whom to contact", html);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task ShowsMembersTheirPage(string path, string member, string outsider, string restricted)
    {
        _ = outsider;
        var client = await fixture.SignedInAsync(member);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(restricted, html);
        Assert.Contains("data-testid=\"headline-answer\"", html);
        Assert.Contains("Whom to contact", html);
    }

    [Fact]
    public async Task AnswersTheSuppliersHeadlineAndShowsTheBacklog()
    {
        var html = await (await fixture.SignedInAsync("supplier@partsco.example")).GetStringAsync("/suppliers");

        Assert.Contains("<title>For Suppliers · Estate status</title>", System.Net.WebUtility.HtmlDecode(html));
        Assert.Contains("Are supplier invoices being paid?", html);
        Assert.Contains("Through the workaround", html);
        Assert.Contains("Supplier invoices awaiting payment", html);
        Assert.Contains("supplier.payments@northwind-motors.example", html);
        Assert.DoesNotContain("Wholesale vehicle finance", html);
    }

    [Fact]
    public async Task ServesTheSamePageUnderForAndTheAudienceKey()
    {
        var client = await fixture.SignedInAsync("retailer@dealer.example");

        var html = await client.GetStringAsync("/for/retailers");

        Assert.Contains("Can we register vehicles right now?", html);
    }

    [Theory]
    [InlineData("/for/no-such-audience")]
    [InlineData("/for/public")]
    public async Task AnswersNotFoundForAnAudienceWithoutAPage(string path)
    {
        var response = await fixture.App.AnonymousClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task LinksAViewerInTwoAudiencesToBothPages()
    {
        var client = await fixture.SignedInAsync("both@partsco.example");

        var html = await client.GetStringAsync("/suppliers");

        Assert.Contains("data-audience-link=\"suppliers\"", html);
        Assert.Contains("data-audience-link=\"retailers\"", html);
        Assert.Contains("href=\"/retailers\"", html);
        Assert.Contains("aria-current=\"page\" data-audience-link=\"suppliers\"", html);
    }

    [Fact]
    public async Task GivesAnonymousPeopleNoAudienceLinks()
    {
        var html = await fixture.App.AnonymousClient().GetStringAsync("/");

        Assert.DoesNotContain("data-audience-link", html);
    }

    public sealed class Fixture : IAsyncLifetime
    {
        private readonly Dictionary<string, HttpClient> _clients = [];

        public PortalWebApp App { get; } = new();

        public async Task InitializeAsync()
        {
            await App.CreateViewerAsync("supplier@partsco.example", "suppliers");
            await App.CreateViewerAsync("retailer@dealer.example", "retailers");
            await App.CreateViewerAsync("colleague@northwind.example", "colleagues");
            await App.CreateViewerAsync("both@partsco.example", "suppliers", "retailers");
        }

        public async Task<HttpClient> SignedInAsync(string email)
        {
            if (!_clients.TryGetValue(email, out var client))
            {
                client = await App.SignedInClientAsync(email);
                _clients[email] = client;
            }

            return client;
        }

        public async Task DisposeAsync() => await App.DisposeAsync();
    }
}
