using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;

namespace Portal.Core.Features.People;

/// <summary>
/// What the register form asks. No password: it is chosen when the address is confirmed, so whoever
/// registers an address first cannot choose the password its owner will later sign in with.
/// </summary>
public sealed record RegisterViewerRequest(string Email, string DisplayName, string? Organisation);

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
/// audience open to registration are accepted; the account gets those audiences but has no password,
/// so nobody can sign in to it until the address's owner opens the link and chooses one there
/// (<see cref="ConfirmEmail"/>). Registering an unconfirmed address again changes its security stamp,
/// so only the newest link works.
/// An address that already has an account gets the same answer as a new one, so the form reveals
/// no accounts; the caller mails that address instead of creating anything.
/// </summary>
public sealed class RegisterViewer(IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <summary>Shown when no open audience takes the address; it names no domain, so the allow-lists stay private.</summary>
    public const string NotApprovedMessage =
        "Registration is open only to people at organisations we have approved. Use your work email address, "
        + "or ask your contact at the company to invite you.";

    public async Task<Registration> HandleAsync(RegisterViewerRequest request, string? address, CancellationToken cancellationToken = default)
    {
        var email = RegistrationEmail.Check(request.Email);
        var displayName = Guard.Text(request.DisplayName, PortalUser.DisplayNameMaxLength, "name");
        var organisation = Guard.OptionalText(request.Organisation, PortalUser.OrganisationMaxLength, "organisation");
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

        if (await change.Users.FindByEmailAsync(email) is { } existing)
        {
            // Both answers write one account row, so their timing is alike. An unconfirmed account gets a
            // new stamp, which retires the links sent before: only the one mailed now works.
            string? code = null;
            if (!existing.EmailConfirmed)
            {
                code = await NewConfirmationCodeAsync(change.Users, existing);
                await change.CommitTransactionAsync(cancellationToken);
            }

            return new Registration(RegistrationOutcome.AlreadyRegistered, existing.Email!, existing.DisplayName, existing.Id, code);
        }

        var person = new PortalUser(email, displayName, now);
        person.SetOrganisation(organisation);
        person.AwaitEmailConfirmation();
        AccountChange.Check(await change.Users.CreateAsync(person));
        AccountChange.Check(await change.Users.AddClaimsAsync(person, audiences.Select(a => new Claim(AudienceMembership.ClaimType, a))));
        await change.CommitAsync(new Actor(email, address), "person.registered", person, null,
            new { person.Email, person.DisplayName, person.Organisation, audiences, person.EmailConfirmed }, now, cancellationToken);
        return new Registration(RegistrationOutcome.Created, email, displayName, person.Id, await ConfirmationCodeAsync(change.Users, person));
    }

    internal static async Task<string> ConfirmationCodeAsync(UserManager<PortalUser> users, PortalUser person) =>
        LinkCode.Encode(await users.GenerateEmailConfirmationTokenAsync(person));

    /// <summary>Changes the account's security stamp, so earlier links stop working, and makes a code for a new one.</summary>
    internal static async Task<string> NewConfirmationCodeAsync(UserManager<PortalUser> users, PortalUser person)
    {
        AccountChange.Check(await users.UpdateSecurityStampAsync(person));
        return await ConfirmationCodeAsync(users, person);
    }
}
