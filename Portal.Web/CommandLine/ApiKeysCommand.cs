using System.CommandLine;
using System.Globalization;
using Portal.Core.Domain;
using Portal.Core.Features.ApiClients;

namespace Portal.Web.CommandLine;

/// <summary><c>admin api-keys create|list|revoke</c>: keys for programs that read the portal.</summary>
internal static class ApiKeysCommand
{
    private static IReadOnlyList<string> Scopes => ApiScopes.All;

    public static Command Create(CommandLineContext context) =>
        new("api-keys", "Issue, list and revoke the keys programs use to read the portal.")
        {
            CreateCommand(context),
            ListCommand(context),
            RevokeCommand(context),
        };

    private static Command CreateCommand(CommandLineContext context)
    {
        var name = new Option<string>("--name") { Description = "Who the key is for, e.g. \"Dealer system\".", Required = true };
        var scopes = new Option<string[]>("--scope")
        {
            Description = $"What the key may do; repeat for several. Scopes: {string.Join(", ", Scopes)}.",
            Required = true,
        };
        var audiences = new Option<string[]>("--audience")
        {
            Description = "An audience the key reads as (its key, e.g. retailers); repeat for several. Public when none is given.",
        };
        var command = new Command("create", "Issue a key. The key alone is the last line of standard output; it is never shown again.")
        {
            name, scopes, audiences,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var unknown = parsed.GetValue(scopes)!.Where(s => !Scopes.Contains(s, StringComparer.Ordinal)).ToList();
            if (unknown.Count > 0)
            {
                throw new CommandLineException(
                    $"There is no scope '{unknown[0]}'. Scopes: {string.Join(", ", Scopes)}.");
            }

            var audienceKeys = parsed.GetValue(audiences) is { Length: > 0 } given ? given : [Audience.Public];
            await using var portal = await context.OpenAsync(upgrade: true, cancellationToken);
            var grant = new ApiKeyGrant(parsed.GetValue(scopes)!.ToHashSet(StringComparer.Ordinal), [], [], []);
            var issued = await portal.Get<IssueApiClientKey>().HandleAsync(
                new IssueApiClientKeyRequest(parsed.GetValue(name)!, audienceKeys, grant), CommandLineContext.Actor, cancellationToken);
            await context.Output.WriteLineAsync(
                $"Issued key {issued.Client.Id} \"{issued.Client.Name}\" reading as {string.Join(", ", issued.Client.Audiences)}. " +
                "Keep it now: only its hash is stored.");
            await context.Output.WriteLineAsync(issued.Key);
            return 0;
        });
        return command;
    }

    private static Command ListCommand(CommandLineContext context)
    {
        var command = new Command("list", "List every key, newest first, revoked ones included (never the keys themselves).");
        command.SetAction(async (parsed, cancellationToken) =>
        {
            await using var portal = await context.OpenAsync(upgrade: true, cancellationToken);
            var clients = await portal.Get<GetApiClients>().HandleAsync(CommandLineContext.Actor, cancellationToken);
            await context.Output.WriteLineAsync("ID\tNAME\tKEY STARTS\tAUDIENCES\tCREATED\tSTATE");
            foreach (var client in clients)
            {
                var state = client.RevokedAt is { } revoked
                    ? $"revoked {revoked.ToString("u", CultureInfo.InvariantCulture)} by {client.RevokedBy}"
                    : "active";
                await context.Output.WriteLineAsync(string.Join('\t',
                    client.Id.ToString(CultureInfo.InvariantCulture), client.Name, client.KeyPrefix, string.Join(",", client.Audiences),
                    client.CreatedAt.ToString("u", CultureInfo.InvariantCulture), state));
            }

            return 0;
        });
        return command;
    }

    private static Command RevokeCommand(CommandLineContext context)
    {
        var name = new Option<string>("--name") { Description = "The name of the active key to revoke." };
        var id = new Option<int?>("--id") { Description = "The id of the key to revoke (from 'api-keys list')." };
        var command = new Command("revoke", "Revoke a key: the portal refuses it from then on. Give --name or --id.") { name, id };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var byName = parsed.GetValue(name);
            var byId = parsed.GetValue(id);
            if ((byName is null) == (byId is null))
            {
                throw new CommandLineException("Give either --name or --id of the key to revoke.");
            }

            await using var portal = await context.OpenAsync(upgrade: true, cancellationToken);
            if (byName is not null)
            {
                var active = (await portal.Get<GetApiClients>().HandleAsync(CommandLineContext.Actor, cancellationToken))
                    .Where(c => c.RevokedAt is null && string.Equals(c.Name, byName.Trim(), StringComparison.Ordinal)).ToList();
                byId = active.Count switch
                {
                    0 => throw new CommandLineException($"There is no active key named \"{byName}\"."),
                    1 => active[0].Id,
                    _ => throw new CommandLineException(
                        $"{active.Count} active keys are named \"{byName}\" (ids {string.Join(", ", active.Select(c => c.Id))}); revoke one with --id."),
                };
            }

            var revoked = await portal.Get<RevokeApiClientKey>().HandleAsync(byId!.Value, CommandLineContext.Actor, cancellationToken);
            await context.Output.WriteLineAsync($"Revoked key {revoked.Id} \"{revoked.Name}\" ({revoked.KeyPrefix}…).");
            return 0;
        });
        return command;
    }
}
