using System.Diagnostics;

namespace Portal.Tests.Support;

/// <summary>What the portal, started as its own process, printed before it exited.</summary>
public sealed record PortalExit(int ExitCode, string Output, string Errors)
{
    /// <summary>The lines it wrote to standard error.</summary>
    public IReadOnlyList<string> ErrorLines => Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>Starts the built portal (Portal.Web.dll) as a real process, for what happens before a host exists.</summary>
public static class PortalProcess
{
    /// <summary>Runs the portal with <paramref name="arguments"/> in <paramref name="folder"/> and waits (at most a minute) for it to exit.</summary>
    public static async Task<PortalExit> RunUntilExitAsync(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Portal.Web.dll"));
        foreach (var argument in arguments.Append("--urls=http://127.0.0.1:0"))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new PortalExit(process.ExitCode, await output, await errors);
    }
}
