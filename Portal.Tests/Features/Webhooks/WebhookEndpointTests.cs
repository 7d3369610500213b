using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Domain;
using Portal.Core.Features.Webhooks;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Webhooks;

public sealed class WebhookEndpointTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://10.20.30.40/hook")]
    [InlineData("https://192.168.1.10/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[fd00::1]/hook")]
    public async Task RefusesAnAddressInsideAPrivateNetwork(string url)
    {
        await using var portal = await WebhookPortal.StartAsync(allowPrivateAddresses: false);

        var refused = await Assert.ThrowsAsync<DomainException>(() => portal.Get<RegisterWebhookEndpoint>().HandleAsync(
            new RegisterWebhookEndpointRequest("Partsco", url, ["suppliers"], []), Actors.Admin));

        Assert.Contains("loopback, private or link-local", refused.Message);
        await AssertNothingStoredAsync(portal);
    }

    [Theory]
    [InlineData("ftp://partsco.example/hook", "must be a web address starting with https://")]
    [InlineData("not an address", "must be a web address starting with https://")]
    [InlineData("https://user:secret@partsco.example/hook", "no user name or password")]
    public async Task RefusesAnAddressThatIsNotAWebAddress(string url, string message)
    {
        await using var portal = await WebhookPortal.StartAsync(allowPrivateAddresses: false);

        var refused = await Assert.ThrowsAsync<DomainException>(() => portal.Get<RegisterWebhookEndpoint>().HandleAsync(
            new RegisterWebhookEndpointRequest("Partsco", url, ["suppliers"], []), Actors.Admin));

        Assert.Contains(message, refused.Message);
        await AssertNothingStoredAsync(portal);
    }

    [Fact]
    public async Task RefusesToConnectToAPrivateAddressAtSendTime()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TimeProvider.System);
        using var http = new WebhookHttp(new WebhookAddresses(Options.Create(new WebhookOptions())));

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => http.Client.PostAsync(receiver.Url("inside"), new StringContent("{}")));

        Assert.Contains("Refused", refused.Message);
        Assert.Empty(receiver.Received);
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("2606:4700:4700::1111", true)]
    [InlineData("100.64.0.1", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("2002:0a00:0001::", false)]
    public void TellsPublicAddressesFromInternalOnes(string address, bool isPublic) =>
        Assert.Equal(isPublic, WebhookAddresses.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public async Task ShowsTheSecretOnceAndKeepsItOutOfTheAuditLog()
    {
        await using var portal = await WebhookPortal.StartAsync();

        var registered = await portal.Get<RegisterWebhookEndpoint>().HandleAsync(
            new RegisterWebhookEndpointRequest("Northway Motors", "http://127.0.0.1:9/hook", ["retailers"], ["statementPublished"]), Actors.Admin);

        Assert.StartsWith("whsec_", registered.Secret);
        Assert.Equal(32, Convert.FromBase64String(registered.Secret["whsec_".Length..]).Length);
        var (events, audit) = await portal.RecordedAsync();
        Assert.Empty(events);
        var entry = Assert.Single(audit);
        Assert.Equal(("webhook.registered", "admin@example.com"), (entry.Action, entry.ActorName));
        Assert.DoesNotContain(registered.Secret["whsec_".Length..], entry.After);
        var listed = Assert.Single((await portal.Get<GetWebhookEndpoints>().HandleAsync(Actors.Admin)).Endpoints);
        Assert.Equal("Northway Motors", listed.Organisation);
        Assert.Equal(["retailers"], listed.Audiences);
        Assert.Equal(["statementPublished"], listed.EventTypes);
    }

    [Fact]
    public async Task RefusesAnUnknownAudienceOrEventType()
    {
        await using var portal = await WebhookPortal.StartAsync();
        var register = portal.Get<RegisterWebhookEndpoint>();

        var audience = await Assert.ThrowsAsync<DomainException>(() => register.HandleAsync(
            new RegisterWebhookEndpointRequest("Partsco", "http://127.0.0.1:9/hook", ["dealers"], []), Actors.Admin));
        var type = await Assert.ThrowsAsync<DomainException>(() => register.HandleAsync(
            new RegisterWebhookEndpointRequest("Partsco", "http://127.0.0.1:9/hook", ["suppliers"], ["everything"]), Actors.Admin));

        Assert.Equal("There is no audience 'dealers'.", audience.Message);
        Assert.Equal("There is no event type 'everything'.", type.Message);
        await AssertNothingStoredAsync(portal);
    }

    [Fact]
    public async Task LetsOnlyAnAdminManageEndpoints()
    {
        await using var portal = await WebhookPortal.StartAsync();
        var registered = await portal.Get<RegisterWebhookEndpoint>().HandleAsync(
            new RegisterWebhookEndpointRequest("Partsco", "http://127.0.0.1:9/hook", ["suppliers"], []), Actors.Admin);
        var id = registered.Endpoint.Id;

        await Assert.ThrowsAsync<ForbiddenException>(() => portal.Get<RegisterWebhookEndpoint>().HandleAsync(
            new RegisterWebhookEndpointRequest("Partsco", "http://127.0.0.1:9/hook", ["suppliers"], []), Actors.Operator));
        await Assert.ThrowsAsync<ForbiddenException>(() => portal.Get<GetWebhookEndpoints>().HandleAsync(Actors.Publisher));
        await Assert.ThrowsAsync<ForbiddenException>(() => portal.Get<GetWebhookDeliveries>().HandleAsync(id, Actors.Operator));
        await Assert.ThrowsAsync<ForbiddenException>(() => portal.Get<RotateWebhookSecret>().HandleAsync(id, Actors.Operator));
        await Assert.ThrowsAsync<ForbiddenException>(() => portal.Get<SetWebhookEndpointEnabled>().HandleAsync(
            new SetWebhookEndpointEnabledRequest(id, false), Actors.Approver));
        await Assert.ThrowsAsync<ForbiddenException>(() => portal.Get<ChangeWebhookEndpoint>().HandleAsync(
            new ChangeWebhookEndpointRequest(id, "Partsco", "http://127.0.0.1:9/hook", ["public"], []), Actors.NoRole));

        var (_, audit) = await portal.RecordedAsync();
        Assert.Single(audit);
    }

    [Fact]
    public async Task DisablesAndEnablesAnEndpointWithAnAuditEntryEachTime()
    {
        await using var portal = await WebhookPortal.StartAsync();
        var id = (await portal.Get<RegisterWebhookEndpoint>().HandleAsync(
            new RegisterWebhookEndpointRequest("Partsco", "http://127.0.0.1:9/hook", ["suppliers"], []), Actors.Admin)).Endpoint.Id;
        var setEnabled = portal.Get<SetWebhookEndpointEnabled>();

        var disabled = await setEnabled.HandleAsync(new SetWebhookEndpointEnabledRequest(id, false), Actors.Admin);
        var enabled = await setEnabled.HandleAsync(new SetWebhookEndpointEnabledRequest(id, true), Actors.Admin);

        Assert.Equal("Disabled by admin@example.com.", disabled.DisabledReason);
        Assert.True(enabled.IsEnabled);
        var (_, audit) = await portal.RecordedAsync();
        Assert.Equal(["webhook.registered", "webhook.disabled", "webhook.enabled"], audit.Select(a => a.Action));
    }

    private static async Task AssertNothingStoredAsync(TestPortal portal)
    {
        await portal.AssertNothingRecordedAsync();
        await using var db = portal.NewDbContext();
        Assert.Equal(0, await db.WebhookEndpoints.CountAsync());
    }
}
