using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Portal.Core;
using Portal.Web;
using Portal.Web.Mail;

namespace Portal.Tests.Api;

/// <summary>Where absolute links point: Portal:PublicAddress, else Portal:Mail:PortalAddress, else where Kestrel listens, never the request.</summary>
public sealed class PortalAddressTests
{
    private static string Resolve(string? configured, params string[] listening) => ResolveWithFallback(configured, null, listening);

    private static string ResolveWithFallback(string? publicAddress, string? mailFallback, params string[] listening)
    {
        var features = new FeatureCollection();
        var addresses = new ServerAddressesFeature();
        foreach (var address in listening)
        {
            addresses.Addresses.Add(address);
        }

        features.Set<IServerAddressesFeature>(addresses);
        return new PortalAddress(
            Options.Create(new PortalOptions { PublicAddress = publicAddress }),
            Options.Create(new PortalMailOptions { PortalAddress = mailFallback }),
            new ListeningServer(features)).Value;
    }

    [Theory]
    [InlineData("http://0.0.0.0:8080", "http://localhost:8080/")]
    [InlineData("http://[::]:8080", "http://localhost:8080/")]
    [InlineData("http://+:80", "http://localhost:80/")]
    [InlineData("http://*:5000", "http://localhost:5000/")]
    [InlineData("http://127.0.0.1:5123", "http://127.0.0.1:5123/")]
    [InlineData("http://[::1]:5123", "http://[::1]:5123/")]
    public void ReadsAWildcardListeningHostAsLocalhost(string listening, string expected) =>
        Assert.Equal(expected, Resolve(null, listening));

    [Fact]
    public void PrefersTheConfiguredAddressThenHttpsThenHttp()
    {
        Assert.Equal("https://status.example.com/", Resolve("https://status.example.com", "http://127.0.0.1:5000"));
        Assert.Equal("https://localhost:5001/", Resolve(null, "http://127.0.0.1:5000", "https://0.0.0.0:5001"));
        Assert.Equal("http://localhost/", Resolve(null));
    }

    [Fact]
    public void PrefersPublicAddressToTheMailSectionsFallback()
    {
        Assert.Equal("https://status.example.com/", ResolveWithFallback("https://status.example.com", "https://old.example.com", "http://127.0.0.1:5000"));
        Assert.Equal("https://old.example.com/", ResolveWithFallback(null, "https://old.example.com", "http://127.0.0.1:5000"));
    }

    private sealed class ListeningServer(IFeatureCollection features) : IServer
    {
        public IFeatureCollection Features { get; } = features;

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}
