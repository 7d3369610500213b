using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Consumers;
using Portal.Core.Features.Statements;
using Portal.Core.Features.Subscriptions;
using Portal.Core.Features.Systems;
using Portal.Tests.Support;

namespace Portal.Tests.Mail;

/// <summary>
/// Email subscriptions end to end: the whole portal over HTTP, mail through a real SMTP server on
/// loopback, read back with MimeKit.
/// </summary>
public sealed partial class EmailSubscriptionTests
{
    private const string PublicAddress = "https://status.northwind-motors.example/";

    [Fact]
    public async Task AnAnonymousSubscriberConfirmsWithAButtonAndReceivesStatementsWithEveryPartAndOneClickUnsubscribe()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var app = NewPortal(sink);
        await WaitForSenderAsync(app);
        var client = app.AnonymousClient();
        const string address = "pat.public@example.com";

        var form = await client.GetStringAsync("/subscribe");
        Assert.Contains("class=\"skip-link\"", form, StringComparison.Ordinal);
        Assert.Contains("<main id=\"main\"", form, StringComparison.Ordinal);
        var answer = await PostFormAsync(client, "/subscribe", "subscribe", [("address", address), ("choice", "everything")]);
        Assert.Contains("Check your inbox", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await sink.WaitUntilAsync(s => s.To(address).Count == 1);
        var link = ConfirmLink().Match(sink.To(address)[0].TextBody!).Value;
        Assert.StartsWith(PublicAddress + "subscriptions/confirm?token=", link, StringComparison.Ordinal);

        // Opening the link (as a mail scanner does) confirms nothing; the button does.
        var confirmPage = await client.GetStringAsync(new Uri(link).PathAndQuery);
        Assert.Contains("Confirm my subscription", confirmPage, StringComparison.Ordinal);
        Assert.Null((await SubscriptionAsync(app, address)).ConfirmedAt);
        var token = Uri.UnescapeDataString(new Uri(link).Query["?token=".Length..]);
        var confirmed = await PostFormAsync(client, new Uri(link).PathAndQuery, "confirm-subscription", [("token", token)]);
        Assert.Contains("You are subscribed", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var subscription = await SubscriptionAsync(app, address);
        Assert.NotNull(subscription.ConfirmedAt);

        var (statementId, sequence) = await PublishAsync(app, "Plants restart on Monday", Audience.Public);

        await sink.WaitUntilAsync(s => s.To(address).Count == 2);
        var mail = sink.To(address)[1];
        Assert.Equal("Plants restart on Monday", mail.Subject);
        Assert.Equal($"event-{sequence}.subscription-{subscription.Id}@northwind-motors.example", mail.MessageId);
        Assert.Contains("Plants restart on Monday: details follow.", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{PublicAddress}statements/{statementId}", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"href=\"{PublicAddress}statements/{statementId}\"", mail.HtmlBody, StringComparison.Ordinal);
        var manage = ManageLink().Match(mail.TextBody!).Value;
        Assert.Contains(WebUtility.HtmlEncode(manage), mail.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        var unsubscribe = mail.Headers["List-Unsubscribe"]!.Trim().TrimStart('<').TrimEnd('>');
        Assert.StartsWith(PublicAddress + "subscriptions/unsubscribe?token=", unsubscribe, StringComparison.Ordinal);

        // The manage link needs no account.
        var managePage = await app.AnonymousClient().GetStringAsync(new Uri(manage).PathAndQuery);
        Assert.Contains(address, managePage, StringComparison.Ordinal);
        Assert.Contains("Unsubscribe", managePage, StringComparison.Ordinal);

        // RFC 8058: the mail program posts without cookies or a form token.
        using var mailProgram = app.CreateClient(new() { HandleCookies = false, AllowAutoRedirect = false });
        var oneClick = await mailProgram.PostAsync(new Uri(unsubscribe).PathAndQuery,
            new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        await using var db = app.NewDbContext();
        Assert.False(await db.EmailSubscriptions.AnyAsync(s => s.Address == address));
    }

    [Fact]
    public async Task SubscribesFromTheBoardASystemPageAndAnAudiencePageToEverythingChosenSystemsOrGroupsOrStatementsOnly()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var app = NewPortal(sink);
        await WaitForSenderAsync(app);
        var client = app.AnonymousClient();
        var (contact, plant) = (await SystemAsync(app, "customer-contact-centre"), await SystemAsync(app, "northfield-plant"));

        Assert.Contains("href=\"subscribe\"", await client.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.Contains($"href=\"subscribe?system={contact.Id}\"", await client.GetStringAsync("/systems/customer-contact-centre"), StringComparison.Ordinal);
        await app.CreateViewerAsync("sam@partsco.example", "suppliers");
        var supplier = await app.SignedInClientAsync("sam@partsco.example");
        Assert.Contains("href=\"subscribe\"", await supplier.GetStringAsync("/suppliers"), StringComparison.Ordinal);

        var fromSystemPage = await client.GetStringAsync($"/subscribe?system={contact.Id}");
        Assert.Matches($"id=\"system-{contact.Id}\"[^>]*checked", fromSystemPage);
        Assert.Matches("id=\"choice-chosen\"[^>]*checked", fromSystemPage);

        // Bad input answers in the form and stores nothing.
        var invalid = await (await PostFormAsync(client, "/subscribe", "subscribe", [("address", "not an address"), ("choice", "everything")])).Content.ReadAsStringAsync();
        Assert.Contains(SubscribeByEmailHandler.InvalidAddressMessage, invalid, StringComparison.Ordinal);
        var nothingChosen = await (await PostFormAsync(client, "/subscribe", "subscribe", [("address", "x@example.com"), ("choice", "chosen")])).Content.ReadAsStringAsync();
        Assert.Contains("Choose at least one system or group", nothingChosen, StringComparison.Ordinal);
        await using (var db = app.NewDbContext())
        {
            Assert.False(await db.EmailSubscriptions.AnyAsync());
        }

        await SubscribeAndConfirmAsync(client, sink, "everything@example.com", [("choice", "everything")]);
        await SubscribeAndConfirmAsync(client, sink, "system@example.com", [("choice", "chosen"), ("system", contact.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        await SubscribeAndConfirmAsync(client, sink, "group@example.com", [("choice", "chosen"), ("group", plant.GroupId.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        await SubscribeAndConfirmAsync(client, sink, "statements@example.com", [("choice", "statements")]);
        Assert.Equal(EmailSubscriptionChoice.StatementsOnly, (await SubscriptionAsync(app, "statements@example.com")).Choice);
        Assert.Equal([plant.GroupId], (await SubscriptionAsync(app, "group@example.com")).GroupIds);

        await ChangeAsync(app, "customer-contact-centre", SystemStatus.Degraded);
        await ChangeAsync(app, "northfield-plant", SystemStatus.Maintenance);
        await PublishAsync(app, "Fence", Audience.Public);

        // Status messages may be gathered into one digest, so what each received is read from all its mails.
        await sink.WaitUntilAsync(s => Received(s, "everything@example.com").Contains("Fence", StringComparison.Ordinal) && Received(s, "everything@example.com").Contains("Customer contact centre", StringComparison.Ordinal)
            && Received(s, "everything@example.com").Contains("Northfield plant", StringComparison.Ordinal)
            && Received(s, "system@example.com").Contains("Fence", StringComparison.Ordinal) && Received(s, "system@example.com").Contains("Customer contact centre", StringComparison.Ordinal)
            && Received(s, "group@example.com").Contains("Fence", StringComparison.Ordinal) && Received(s, "group@example.com").Contains("Northfield plant", StringComparison.Ordinal)
            && Received(s, "statements@example.com").Contains("Fence", StringComparison.Ordinal));
        Assert.DoesNotContain("Northfield plant", Received(sink, "system@example.com"));
        Assert.DoesNotContain("Customer contact centre", Received(sink, "group@example.com"));
        Assert.DoesNotContain("Customer contact centre", Received(sink, "statements@example.com"));
        Assert.DoesNotContain("Northfield plant", Received(sink, "statements@example.com"));
    }

    /// <summary>The subjects and plain text of every mail after the confirmation that <paramref name="address"/> received.</summary>
    private static string Received(SmtpSink sink, string address) =>
        string.Join("\n", sink.To(address).Where(m => !(m.Subject ?? "").StartsWith("Confirm your subscription", StringComparison.Ordinal)).Select(m => $"{m.Subject}\n{m.TextBody}"));

    [Fact]
    public async Task ASupplierSubscribesToSupplierPaymentsAndReceivesAnOperatorsChangeWithAWorkingOneClickUnsubscribe()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var app = NewPortal(sink);
        await WaitForSenderAsync(app);
        const string address = "pat@partsco.example";
        await app.CreateViewerAsync(address, "suppliers");
        var supplier = await app.SignedInClientAsync(address);
        var payments = await SystemAsync(app, "supplier-payments");

        var form = await supplier.GetStringAsync("/subscribe");
        Assert.Contains($"Mails go to <strong>{address}</strong>", form, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"address\"", form, StringComparison.Ordinal);
        Assert.Contains($"id=\"system-{payments.Id}\"", form, StringComparison.Ordinal);
        var answer = await PostFormAsync(supplier, "/subscribe", "subscribe",
            [("choice", "chosen"), ("system", payments.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        Assert.Contains("You are subscribed", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await ChangeAsync(app, "supplier-payments", SystemStatus.Operational, "Payment runs back on the usual system.");

        await sink.WaitUntilAsync(s => s.To(address).Count == 1);
        var mail = sink.To(address)[0];
        Assert.Equal("Supplier payments: Operational", mail.Subject);
        Assert.Contains("Supplier payments: Workaround to Operational", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Payment runs back on the usual system.", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{PublicAddress}systems/supplier-payments", mail.TextBody, StringComparison.Ordinal);

        using var mailProgram = app.CreateClient(new() { HandleCookies = false, AllowAutoRedirect = false });
        var unsubscribe = new Uri(mail.Headers["List-Unsubscribe"]!.Trim().TrimStart('<').TrimEnd('>'));
        var oneClick = await mailProgram.PostAsync(unsubscribe.PathAndQuery, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        await using var db = app.NewDbContext();
        Assert.False(await db.EmailSubscriptions.AnyAsync(s => s.Address == address));
        Assert.Equal(HttpStatusCode.NotFound, (await mailProgram.GetAsync(new Uri(ManageLink().Match(mail.TextBody!).Value).PathAndQuery)).StatusCode);
    }

    [Fact]
    public async Task ARetailersOnlyStatementNeverReachesAPublicOrSupplierSubscribersMail()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var app = NewPortal(sink);
        await WaitForSenderAsync(app);
        var client = app.AnonymousClient();
        await SubscribeAndConfirmAsync(client, sink, "public@example.com", [("choice", "everything")]);
        foreach (var (address, audience) in new[] { ("supplier@partsco.example", "suppliers"), ("retailer@dealer.example", "retailers") })
        {
            await app.CreateViewerAsync(address, audience);
            await PostFormAsync(await app.SignedInClientAsync(address), "/subscribe", "subscribe", [("choice", "everything")]);
        }

        await PublishAsync(app, "Dealer stock funding secret-7Q2", "retailers");
        await ChangeAsync(app, "dealer-system-integration", SystemStatus.Degraded, "Dealer link secret-9K4 down.");
        await PublishAsync(app, "Fence for everyone", Audience.Public);

        await sink.WaitUntilAsync(s => new[] { "public@example.com", "supplier@partsco.example", "retailer@dealer.example" }
            .All(a => Received(s, a).Contains("Fence for everyone", StringComparison.Ordinal)) && Received(s, "retailer@dealer.example").Contains("secret-9K4", StringComparison.Ordinal));
        var retailerMail = sink.To("retailer@dealer.example");
        Assert.Contains(retailerMail, m => m.Subject!.Contains("secret-7Q2", StringComparison.Ordinal));
        Assert.Contains(retailerMail, m => m.TextBody!.Contains("secret-9K4", StringComparison.Ordinal));
        foreach (var mail in sink.To("public@example.com").Concat(sink.To("supplier@partsco.example")))
        {
            var whole = mail.ToString();
            Assert.DoesNotContain("secret-7Q2", whole, StringComparison.Ordinal);
            Assert.DoesNotContain("secret-9K4", whole, StringComparison.Ordinal);
            Assert.DoesNotContain("Dealer management system integration", whole, StringComparison.Ordinal);
        }
    }

    private static PortalWebApp NewPortal(SmtpSink sink) => new(new Dictionary<string, string?>
    {
        ["Portal:PublicAddress"] = PublicAddress,
        ["Portal:Mail:SmtpHost"] = "127.0.0.1",
        ["Portal:Mail:SmtpPort"] = sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Portal:Mail:SmtpTls"] = "false",
        ["Portal:Mail:From"] = "Estate status <status@northwind-motors.example>",
        // Every status change at once here; the digest has its own tests (EmailSendingTests).
        ["Portal:Subscriptions:StatusDigestMinutes"] = "0",
        // Several subscribers post the form from the one test client.
        ["Portal:MailingFormPosts"] = "100",
    });

    /// <summary>The email consumer starts at the end of the log: wait until it runs before committing what it must send.</summary>
    private static async Task WaitForSenderAsync(PortalWebApp app) =>
        await app.Get<EventConsumerHost>().Runner(EmailFanOut.ConsumerName).WaitAsync(r => r.IsActive && r.Passes > 0);

    private static async Task SubscribeAndConfirmAsync(HttpClient client, SmtpSink sink, string address, (string, string)[] fields)
    {
        await PostFormAsync(client, "/subscribe", "subscribe", [("address", address), .. fields]);
        await sink.WaitUntilAsync(s => s.To(address).Count == 1);
        var link = new Uri(ConfirmLink().Match(sink.To(address)[0].TextBody!).Value);
        var confirmed = await PostFormAsync(client, link.PathAndQuery, "confirm-subscription", [("token", Uri.UnescapeDataString(link.Query["?token=".Length..]))]);
        Assert.Contains("You are subscribed", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Posts a server-rendered form as a browser does, repeated fields (check boxes) included.</summary>
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string formName, (string Name, string Value)[] fields)
    {
        var page = await client.GetStringAsync(path);
        var token = WebUtility.HtmlDecode(FormToken().Match(page).Groups[1].Value);
        var content = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))
            .Append(new("_handler", formName))
            .Append(new("__RequestVerificationToken", token));
        var response = await client.PostAsync(path, new FormUrlEncodedContent(content));
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}.");
        return response;
    }

    private static async Task<EmailSubscription> SubscriptionAsync(PortalWebApp app, string address)
    {
        await using var db = app.NewDbContext();
        return await db.EmailSubscriptions.AsNoTracking().SingleAsync(s => s.Address == address);
    }

    private static async Task<EstateSystem> SystemAsync(PortalWebApp app, string slug)
    {
        await using var db = app.NewDbContext();
        return await db.EstateSystems.AsNoTracking().SingleAsync(s => s.Slug == slug);
    }

    private static async Task<(int Id, long Sequence)> PublishAsync(PortalWebApp app, string title, params string[] audiences)
    {
        var saved = await app.Get<SaveStatementDraft>().HandleAsync(
            new SaveStatementDraftRequest(null, title, $"{title}: details follow.", audiences, null, []), WebhookPortal.Communications);
        await app.Get<BreakGlassPublish>().HandleAsync(new BreakGlassPublishRequest(saved.Id, "Urgent notice"), WebhookPortal.Communications);
        await using var db = app.NewDbContext();
        var sequence = await db.PortalEvents.Where(e => e.Type == PortalEventTypes.StatementPublished).MaxAsync(e => e.Sequence);
        return (saved.Id, sequence);
    }

    private static Task ChangeAsync(PortalWebApp app, string slug, SystemStatus status, string reason = "Changed by the operator.") =>
        app.Get<ChangeSystemStatus>().HandleAsync(new ChangeSystemStatusRequest(slug, status, reason), Actors.Operator);

    [GeneratedRegex(@"https://status\.northwind-motors\.example/subscriptions/confirm\?token=\S+")]
    private static partial Regex ConfirmLink();

    [GeneratedRegex(@"https://status\.northwind-motors\.example/subscriptions/manage\?token=\S+")]
    private static partial Regex ManageLink();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
