using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Api;

public sealed class PublicPagesTests(PortalWebAppFixture fixture) : IClassFixture<PortalWebAppFixture>
{
    private readonly HttpClient _client = fixture.App.CreateClient();

    [Fact]
    public async Task ServesTheSeededBoardAtTheRoot()
    {
        var response = await _client.GetAsync("/");

        response.EnsureSuccessStatusCode();
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Cyber incident and controlled restart", html);
        Assert.Contains("Online vehicle registration", html);
        Assert.Contains("Hand new vehicles over without the online registration step", html);
        Assert.Contains("Restart progress", html);
    }

    [Fact]
    public async Task KeepsSupplierOnlyContentOutOfThePublicBoard()
    {
        var html = await _client.GetStringAsync("/");

        Assert.DoesNotContain("Supplier payments", html);
        Assert.DoesNotContain("manual payment runs", html);
        Assert.DoesNotContain("Supplier connections", html);
        Assert.DoesNotContain("certificate renewal", html);
    }

    [Fact]
    public async Task ReportsHealthyWhenTheDatabaseAnswers()
    {
        var response = await _client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", report.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("/systems/no-such-system")]
    [InlineData("/systems/supplier-payments")]
    [InlineData("/statements/99999")]
    [InlineData("/no/such/page")]
    public async Task AnswersNotFoundWithAFriendlyPage(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("We could not find that page", html);
        Assert.DoesNotContain("Supplier payments", html);
    }

    [Fact]
    public async Task AnswersNotFoundForAStatementOutsideThePublic()
    {
        int supplierStatementId;
        await using (var db = await fixture.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            supplierStatementId = await db.Statements.Where(s => s.Audiences.Contains("suppliers") && !s.Audiences.Contains("public"))
                .Select(s => s.Id).FirstAsync();
        }

        var response = await _client.GetAsync($"/statements/{supplierStatementId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("manual payment runs", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ServesAPublicSystemPageWithItsHistory()
    {
        var html = await _client.GetStringAsync("/systems/online-vehicle-registration");

        Assert.Contains("What to do instead", html);
        Assert.Contains("Last 90 days", html);
        Assert.Contains("Status history", html);
    }
}

/// <summary>One portal for a test class: the app starts once and its temporary folder is removed after.</summary>
public sealed class PortalWebAppFixture : IAsyncLifetime
{
    public PortalWebApp App { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await App.DisposeAsync();
}
