using Portal.Tests.Support;
using Portal.Web.CommandLine;

namespace Portal.Tests.CommandLine;

/// <summary>What one run of <c>Portal.Web admin …</c> answered.</summary>
public sealed record CommandLineRun(int ExitCode, string Output, string Error)
{
    public IReadOnlyList<string> OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Runs the command line in-process, on the data folder of <paramref name="portal"/> (which keeps its own connections open).</summary>
    public static async Task<CommandLineRun> RunAsync(TestPortal portal, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await PortalCommandLine.RunAsync(args, output, error, Settings(portal.Folder));
        return new CommandLineRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>The settings the server would have for the portal in <paramref name="folder"/>.</summary>
    public static Dictionary<string, string?> Settings(string folder) => new()
    {
        ["Portal:DataFolder"] = Path.Combine(folder, "data"),
        ["Portal:SeedDemoData"] = "false",
        ["Portal:Audiences:colleagues"] = "Colleagues",
        ["Portal:Audiences:suppliers"] = "Suppliers",
        ["Portal:Audiences:retailers"] = "Retailers",
    };

    /// <summary>A refusal: non-zero, one line on standard error saying <paramref name="words"/>.</summary>
    public void ShouldBeRefusedWith(string words)
    {
        Assert.NotEqual(0, ExitCode);
        var line = Assert.Single(Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains(words, line, StringComparison.Ordinal);
    }
}
