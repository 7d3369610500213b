using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Core;
using Portal.Core.Events.Consumers;
using Portal.Core.Features.Statements;
using Portal.Core.Features.Webhooks;
using Portal.Tests.Support;
using Portal.Web.Accounts;
using Portal.Web.Api;
using Portal.Web.Hubs;
using Portal.Web.Mail;
using Portal.Web.Security;

namespace Portal.Tests.Configuration;

/// <summary>Every configuration section is bound once and checked at start; a bad value stops the portal with one line naming its key.</summary>
public sealed class PortalSettingsTests : TemporaryFolderTest
{
    private static IServiceProvider Settings(params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddPortalSettings<PortalOptions, PortalOptionsValidator>(configuration, PortalOptions.Section);
        services.AddPortalSettings<StatusHubOptions, StatusHubOptionsValidator>(configuration, StatusHubOptions.Section);
        services.AddPortalSettings<PortalMailOptions, PortalMailOptionsValidator>(configuration, PortalMailOptions.Section);
        services.AddPortalSettings<SignInThrottleOptions, SignInThrottleOptionsValidator>(configuration, SignInThrottleOptions.Section);
        services.AddPortalSettings<StatementMarkdownOptions, StatementMarkdownOptionsValidator>(configuration, StatementMarkdownOptions.Section);
        services.AddPortalSettings<ReverseProxyOptions, ReverseProxyOptionsValidator>(configuration, ReverseProxyOptions.Section);
        services.AddPortalSettings<EventConsumerOptions, EventConsumerOptionsValidator>(configuration, EventConsumerOptions.Section);
        services.AddPortalSettings<WebhookOptions, WebhookOptionsValidator>(configuration, WebhookOptions.Section);
        services.AddPortalSettings<ApiOptions, ApiOptionsValidator>(configuration, ApiOptions.Section);
        return services.BuildServiceProvider();
    }

    [Theory]
    [InlineData("Portal:PublicAddress", "status.example.com", "Portal:PublicAddress must be an absolute http or https address")]
    [InlineData("Portal:PublicAddress", "ftp://status.example.com", "Portal:PublicAddress must be an absolute http or https address")]
    [InlineData("Portal:MailingFormPosts", "0", "Portal:MailingFormPosts must be 1 or more; it is 0.")]
    [InlineData("Portal:BootstrapAdmin:Email", "nobody", "Portal:BootstrapAdmin:Email must be an email address")]
    [InlineData("Portal:Hub:CallBurst", "-5", "Portal:Hub:CallBurst must be 1 or more; it is -5.")]
    [InlineData("Portal:Hub:RevokedKeyCheckInterval", "-00:00:01", "Portal:Hub:RevokedKeyCheckInterval must be a positive time span")]
    [InlineData("Portal:Mail:SmtpPort", "70000", "Portal:Mail:SmtpPort must be a port from 1 to 65535; it is 70000.")]
    [InlineData("Portal:Mail:From", "not a mailbox", "Portal:Mail:From must be a mail address")]
    [InlineData("Portal:Mail:PortalAddress", "/relative", "Portal:Mail:PortalAddress must be an absolute http or https address")]
    [InlineData("Portal:Hub:CallsPerSecond", "many", "'Portal:Hub:CallsPerSecond'")]
    [InlineData("Portal:SignInThrottle:FailuresPerAddress", "0", "Portal:SignInThrottle:FailuresPerAddress must be 1 or more; it is 0.")]
    [InlineData("Portal:SignInThrottle:Window", "00:00:00", "Portal:SignInThrottle:Window must be a positive time span")]
    [InlineData("Portal:SignInThrottle:MaxDelay", "-00:00:01", "Portal:SignInThrottle:MaxDelay must be a time span of zero or more")]
    [InlineData("Portal:Markdown:ImageHosts:0", "https://images.example.com/", "Portal:Markdown:ImageHosts:0 must be a host name such as images.example.com")]
    [InlineData("Portal:ReverseProxy:KnownProxies:0", "proxy.internal", "Portal:ReverseProxy:KnownProxies:0 must be an IP address such as 10.0.0.5; it is 'proxy.internal'.")]
    [InlineData("Portal:Consumers:LeaseDuration", "00:00:01", "Portal:Consumers:LeaseDuration must be 00:00:03 or more; it is 00:00:01.")]
    [InlineData("Portal:Consumers:SafetyPoll", "00:00:00", "Portal:Consumers:SafetyPoll must be a positive time span")]
    [InlineData("Portal:Webhooks:MaxConcurrentDeliveries", "0", "Portal:Webhooks:MaxConcurrentDeliveries must be 1 or more; it is 0.")]
    [InlineData("Portal:Webhooks:Timeout", "-00:00:05", "Portal:Webhooks:Timeout must be a positive time span")]
    [InlineData("Portal:Webhooks:SecretOverlap", "-01:00:00", "Portal:Webhooks:SecretOverlap must be a time span of zero or more")]
    [InlineData("Portal:Api:RequestsPerMinute", "0", "Portal:Api:RequestsPerMinute must be 1 or more; it is 0.")]
    [InlineData("Portal:Organisation:LogoUrl", "javascript:alert(1)", "Portal:Organisation:LogoUrl must be an http or https address or a path on the portal")]
    [InlineData("Portal:Organisation:LogoUrl", "//evil.example/logo.png", "Portal:Organisation:LogoUrl must be an http or https address or a path on the portal")]
    public void RefusesABadValueNamingItsKeyInOneLine(string key, string value, string expected)
    {
        var problem = Assert.Throws<PortalStartupException>(() => PortalSettings.ThrowIfInvalid(Settings((key, value))));

        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem.Message);
    }

    [Fact]
    public void AcceptsTheDefaultsAndAPublicAddress()
    {
        var services = Settings(("Portal:PublicAddress", "https://status.example.com"));

        PortalSettings.ThrowIfInvalid(services);

        Assert.Equal("https://status.example.com", services.GetRequiredService<IOptions<PortalOptions>>().Value.PublicAddress);
        Assert.Equal(20, services.GetRequiredService<IOptions<StatusHubOptions>>().Value.CallBurst);
        Assert.Equal(600, services.GetRequiredService<IOptions<ApiOptions>>().Value.RequestsPerMinute);
    }

    [Fact]
    public void RefusesAnOrganisationNameLongerThanItsLimit()
    {
        var problem = Assert.Throws<PortalStartupException>(() =>
            PortalSettings.ThrowIfInvalid(Settings(("Portal:Organisation:Name", new string('N', OrganisationOptions.NameMaxLength + 1)))));

        Assert.Contains("Portal:Organisation:Name must be at most 100 characters.", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AcceptsAnOrganisationWithALogoOnThePortalOrElsewhere()
    {
        PortalSettings.ThrowIfInvalid(Settings(("Portal:Organisation:Name", "Northwind Motors"), ("Portal:Organisation:LogoUrl", "/logo.svg")));
        var services = Settings(("Portal:Organisation:LogoUrl", "https://cdn.example.com/logo.png"));

        PortalSettings.ThrowIfInvalid(services);

        Assert.Equal("https://cdn.example.com/logo.png", services.GetRequiredService<IOptions<PortalOptions>>().Value.Organisation.LogoUrl);
    }

    [Theory]
    [InlineData("--Portal:PublicAddress=status.example.com", "Portal:PublicAddress")]
    [InlineData("--Portal:Hub:CallBurst=-1", "Portal:Hub:CallBurst")]
    [InlineData("--Portal:SeedDemoData=perhaps", "Portal:SeedDemoData")]
    [InlineData("--Portal:SignInThrottle:Window=00:00:00", "Portal:SignInThrottle:Window must be a positive time span")]
    [InlineData("--Portal:ReverseProxy:KnownProxies:0=proxy.internal", "Portal:ReverseProxy:KnownProxies:0 must be an IP address")]
    [InlineData("--Portal:Api:RequestsPerMinute=0", "Portal:Api:RequestsPerMinute must be 1 or more")]
    public async Task ThePortalExitsWithOneLineNamingABadSetting(string setting, string key)
    {
        var exit = await PortalProcess.RunUntilExitAsync(Folder, $"--Portal:DataFolder={Path.Combine(Folder, "data")}", setting);

        Assert.Equal(1, exit.ExitCode);
        var line = Assert.Single(exit.ErrorLines);
        Assert.StartsWith("Estate Status Portal cannot start.", line);
        Assert.Contains(key, line);
        Assert.DoesNotContain("   at ", exit.Output);
    }
}
