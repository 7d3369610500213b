using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Core.Features.People;

public sealed record RegisterViewerRequest(string Email, string DisplayName, string? Organisation, string Password);

/// <summary>What became of a registration; the person is told the same ("check your email") in both cases.</summary>
public enum RegistrationOutcome
{
    /// <summary>A new, unconfirmed account: send it the confirmation link.</summary>
    Created,

    /// <summary>The address already had an account: nothing was created; tell that address so instead.</summary>
    AlreadyRegistered,
}

/// <param name="UserId">The account the address belongs to (new or existing).</param>
/// <param name="ConfirmationCode">
/// Base64Url-encoded Identity email-confirmation token for <c>/account/confirm-email?userId=…&amp;code=…</c>;
/// null for an address that already has a confirmed account.
/// </param>
public sealed record Registration(RegistrationOutcome Outcome, string Email, string DisplayName, string UserId, string? ConfirmationCode);

/// <summary>
/// A person registers themselves as a viewer. Only addresses whose domain is on the allow-list of an
/// audience open to registration are accepted; the account gets those audiences but cannot sign in
/// (and its cookie would carry no audience) until the address is confirmed with the link.
/// An address that already has an account gets the same answer as a new one, so the form reveals
/// no accounts; the caller mails that address instead of creating anything.
/// </summary>
public sealed class RegisterViewer(IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <summary>Shown when no open audience takes the address; it names no domain, so the allow-lists stay private.</summary>
    public const string NotApprovedMessage =
        "Registration is open only to people at organisations we have approved. Use your work email address, "
        + "or ask your contact at the company to invite you.";

    public const int PasswordMaxLength = 200;

    public async Task<Registration> HandleAsync(RegisterViewerRequest request, string? address, CancellationToken cancellationToken = default)
    {
        var email = RegistrationEmail.Check(request.Email);
        var displayName = Guard.Text(request.DisplayName, PortalUser.DisplayNameMaxLength, "name");
        var organisation = Guard.OptionalText(request.Organisation, PortalUser.OrganisationMaxLength, "organisation");
        if (string.IsNullOrEmpty(request.Password) || request.Password.Length > PasswordMaxLength)
        {
            throw new DomainException($"Choose a password of at most {PasswordMaxLength} characters.");
        }

        var now = clock.GetUtcNow();
        await using var change = await AccountChange.BeginAsync(scopes, cancellationToken);
        var audiences = (await change.Db.Audiences.Where(a => a.SelfRegistrationOpen).ToListAsync(cancellationToken))
            .Where(a => a.AcceptsRegistrationFrom(email))
            .Select(a => a.Key)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (audiences.Count == 0)
        {
            throw new DomainException(NotApprovedMessage);
        }

        // Checked before looking for the account, so a weak password is refused whether or not the address is known.
        var person = new PortalUser(email, displayName, now);
        await CheckPasswordAsync(change.Users, person, request.Password);

        if (await change.Users.FindByEmailAsync(email) is { } existing)
        {
            // Creating an account hashes the password, the slowest step; doing the same here keeps
            // the answer's timing from telling whether the address already had an account.
            _ = change.Users.PasswordHasher.HashPassword(person, request.Password);
            var code = existing.EmailConfirmed ? null : await ConfirmationCodeAsync(change.Users, existing);
            return new Registration(RegistrationOutcome.AlreadyRegistered, existing.Email!, existing.DisplayName, existing.Id, code);
        }

        person.SetOrganisation(organisation);
        person.AwaitEmailConfirmation();
        AccountChange.Check(await change.Users.CreateAsync(person, request.Password));
        AccountChange.Check(await change.Users.AddClaimsAsync(person, audiences.Select(a => new Claim(AudienceMembership.ClaimType, a))));
        await change.CommitAsync(new Actor(email, address), "person.registered", person, null,
            new { person.Email, person.DisplayName, person.Organisation, audiences, person.EmailConfirmed }, now, cancellationToken);
        return new Registration(RegistrationOutcome.Created, email, displayName, person.Id, await ConfirmationCodeAsync(change.Users, person));
    }

    private static async Task CheckPasswordAsync(UserManager<PortalUser> users, PortalUser person, string password)
    {
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, person, password);
            errors.AddRange(result.Errors);
        }

        AccountChange.Check(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }

    internal static async Task<string> ConfirmationCodeAsync(UserManager<PortalUser> users, PortalUser person) =>
        WebEncoders.Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes(await users.GenerateEmailConfirmationTokenAsync(person)));
}

/// <summary>The checks every registration form applies to an email address.</summary>
internal static class RegistrationEmail
{
    public static string Check(string? email)
    {
        var trimmed = Guard.Text(email, PortalUser.EmailMaxLength, "email");
        var at = trimmed.LastIndexOf('@');
        if (at <= 0 || at == trimmed.Length - 1 || trimmed.Any(char.IsWhiteSpace))
        {
            throw new DomainException("Enter an email address like name@example.com.");
        }

        return trimmed.ToLowerInvariant();
    }
}

/// <summary>Whether any audience takes self-registrations, so the sign-in page offers it only then.</summary>
public sealed class IsRegistrationOpen(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<bool> HandleAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Audiences.AnyAsync(a => a.SelfRegistrationOpen, cancellationToken);
    }
}
