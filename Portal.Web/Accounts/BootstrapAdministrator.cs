using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Core;
using Portal.Core.Domain;

namespace Portal.Web.Accounts;

/// <summary>
/// Makes sure the roles exist and, when nobody is an administrator, creates the first one from
/// <c>Portal:BootstrapAdmin:Email</c> with a generated password that is written to the log once.
/// That person must change the password at first sign-in.
/// </summary>
internal sealed class BootstrapAdministrator(
    IServiceProvider services,
    IOptions<PortalOptions> options,
    TimeProvider clock,
    ILogger<BootstrapAdministrator> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in PortalRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), $"create the {role} role");
            }
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        if ((await users.GetUsersInRoleAsync(PortalRoles.Admin)).Count > 0)
        {
            return;
        }

        var email = options.Value.BootstrapAdmin.Email;
        var password = GeneratePassword();
        var admin = await users.FindByEmailAsync(email);
        if (admin is null)
        {
            admin = new PortalUser(email, "Administrator", clock.GetUtcNow());
            admin.RequirePasswordChange();
            Check(await users.CreateAsync(admin, password), $"create the administrator {email}");
        }
        else
        {
            admin.RequirePasswordChange();
            Check(await users.RemovePasswordAsync(admin), $"reset the password of {email}");
            Check(await users.AddPasswordAsync(admin, password), $"reset the password of {email}");
        }

        Check(await users.AddToRoleAsync(admin, PortalRoles.Admin), $"make {email} an administrator");
        logger.LogWarning(
            "No administrator existed, so {Email} is now one. One-time password: {Password} (sign in at /account/login; you must change it)",
            email, password);
    }

    /// <summary>A password that meets every rule: 20 random characters plus one of each required kind.</summary>
    internal static string GeneratePassword()
    {
        const string alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var random = RandomNumberGenerator.GetString(alphabet, 20);
        return $"{random}-Aa7";
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
