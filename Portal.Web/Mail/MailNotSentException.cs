namespace Portal.Web.Mail;

/// <summary>
/// A mail could not be sent or written: the server refused or could not be reached, or the pickup folder
/// could not be written. Pages tell the person plainly and log the cause (the inner exception).
/// </summary>
public sealed class MailNotSentException(string to, Exception cause)
    : Exception($"The mail to {to} could not be sent: {cause.Message}", cause);
