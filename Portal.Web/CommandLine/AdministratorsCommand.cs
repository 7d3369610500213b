using System.CommandLine;
using Portal.Core.Features.People;
using Portal.Web.Accounts;

namespace Portal.Web.CommandLine;

/// <summary><c>admin administrators create|reset</c>: a way in when nobody can sign in as an administrator.</summary>
internal static class AdministratorsCommand
{
    public static Command Create(CommandLineContext context) =>
        new("administrators", "Create an administrator, or let a locked-out one in again.")
        {
            CreateCommand(context),
            ResetCommand(context),
        };

    private static Command CreateCommand(CommandLineContext context)
    {
        var email = new Option<string>("--email") { Description = "The new administrator's email address.", Required = true };
        var command = new Command("create",
            "Create an administrator with a one-time password (the last line of standard output), to be changed at first sign-in.")
        {
            email,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var address = parsed.GetValue(email)!.Trim();
            var password = BootstrapAdministrator.GeneratePassword();
            await using var portal = await context.OpenAsync(upgrade: true, cancellationToken);
            await portal.Get<CreateAdministrator>().HandleAsync(new CreateAdministratorRequest(address, password), CommandLineContext.Actor, cancellationToken);
            await context.Output.WriteLineAsync(
                $"{address} is now an administrator. One-time password (sign in at /account/login; it must be changed there):");
            await context.Output.WriteLineAsync(password);
            return 0;
        });
        return command;
    }

    private static Command ResetCommand(CommandLineContext context)
    {
        var email = new Option<string>("--email") { Description = "The administrator's email address.", Required = true };
        var command = new Command("reset",
            "Give an administrator a new one-time password, turn off their two-factor sign-in and sign them out everywhere.")
        {
            email,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var address = parsed.GetValue(email)!.Trim();
            var password = BootstrapAdministrator.GeneratePassword();
            await using var portal = await context.OpenAsync(upgrade: true, cancellationToken);
            await portal.Get<ResetAdministratorAccess>().HandleAsync(
                new ResetAdministratorAccessRequest(address, password), CommandLineContext.Actor, cancellationToken);
            await context.Output.WriteLineAsync(
                $"{address} is signed out everywhere and sets up two-factor sign-in again. One-time password (it must be changed at sign-in):");
            await context.Output.WriteLineAsync(password);
            return 0;
        });
        return command;
    }
}
