using System.CommandLine;
using System.CommandLine.Invocation;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Web.CommandLine;

/// <summary>
/// <c>Portal.Web admin …</c>: the operator's way in when the console cannot be reached. The same
/// build and configuration as the server, answering one command and exiting. Errors are one line on
/// standard error with exit code 1 (2 for a command line that does not parse); nothing else goes there.
/// </summary>
internal static class PortalCommandLine
{
    public const int Refused = 1;
    public const int Misused = 2;

    /// <param name="args">The whole command line, starting with <c>admin</c>.</param>
    /// <param name="settings">Configuration on top of the server's own (tests point it at their data folder).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error,
        IReadOnlyDictionary<string, string?>? settings = null, CancellationToken cancellationToken = default)
    {
        var context = new CommandLineContext(output, error, settings);
        var admin = new Command("admin", "Operate the portal from a shell: API keys, administrators, the estate, backups.")
        {
            ApiKeysCommand.Create(context),
            AdministratorsCommand.Create(context),
            EstateCommand.Create(context),
            BackupCommand.Create(context),
        };
        var root = new RootCommand("Estate Status Portal. Without arguments it serves; with 'admin' it runs one operator command.") { admin };

        var parsed = root.Parse(args);
        if (parsed.Action is ParseErrorAction)
        {
            var command = string.Join(' ', CommandPath(parsed).DefaultIfEmpty("admin"));
            await error.WriteLineAsync($"error: {string.Join(" ", parsed.Errors.Select(e => e.Message))} See '{command} --help'.");
            return Misused;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false,
            }, cancellationToken);
        }
        catch (Exception problem) when (problem is not OperationCanceledException)
        {
            await error.WriteLineAsync($"error: {OneLine(problem)}");
            return Refused;
        }
    }

    private static IEnumerable<string> CommandPath(ParseResult parsed)
    {
        var names = new Stack<string>();
        for (var result = parsed.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            if (result.Command is not RootCommand)
            {
                names.Push(result.Command.Name);
            }
        }

        return names;
    }

    /// <summary>What went wrong, without a stack trace: the portal's own refusals speak for themselves.</summary>
    private static string OneLine(Exception problem)
    {
        var message = problem switch
        {
            DomainException or NotFoundException or ForbiddenException or ConcurrencyConflictException
                or PortalStartupException or CommandLineException => problem.Message,
            _ => $"{problem.GetType().Name}: {problem.Message}",
        };
        return message.ReplaceLineEndings(" ");
    }
}

/// <summary>A command refused with a message for the operator (exit code 1).</summary>
internal sealed class CommandLineException(string message) : Exception(message);
