using Portal.Core.Features.Webhooks;

namespace Portal.Web.Mail;

/// <summary>Mails an endpoint's owner when the portal disables it (410 Gone, or every attempt of a delivery failed).</summary>
public sealed class WebhookOwnerMail(IPortalMail mail, PortalAddress portal) : IWebhookOwnerNotice
{
    public const string Subject = "A webhook endpoint on the estate status portal was disabled";

    public Task EndpointDisabledAsync(string ownerEmail, string organisation, string url, string reason, CancellationToken cancellationToken) =>
        mail.SendAsync(ownerEmail, Subject, $"""
            The estate status portal stopped sending to a webhook endpoint you registered.

            Endpoint: {organisation}
            Address: {url}
            Why: {reason}

            It receives nothing until it is enabled again. Once the receiver works, an Admin enables it at
            {portal.Value}admin/webhooks (what was still waiting then goes), or, for an endpoint a program
            registered with its API key, the program registers it again.
            """, cancellationToken);
}
