namespace Portal.Core.Domain;

/// <summary>Whom an invitation is for and what their account gets.</summary>
public sealed record InvitationTerms(
    string Email,
    IReadOnlyCollection<string> Roles,
    IReadOnlyCollection<string> Audiences,
    string? DisplayName = null,
    string? Organisation = null);
