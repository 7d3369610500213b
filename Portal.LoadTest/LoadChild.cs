using System.Diagnostics;

namespace Portal.LoadTest;

/// <summary>
/// This load tool started again as a child process in another role (an SMTP sink, a webhook
/// receiver), talking over its standard input and output, so what it holds never counts in the
/// portal's memory figure.
/// </summary>
internal sealed class LoadChild : IAsyncDisposable
{
    private readonly Process _process;

    private LoadChild(Process process) => _process = process;

    public static LoadChild Start(params string[] arguments)
    {
        // Under `dotnet run` this is the app host; started as `dotnet Portal.LoadTest.dll` it is dotnet itself.
        var host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(LoadChild).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new LoadChild(Process.Start(start) ?? throw new InvalidOperationException($"The {arguments[0]} process did not start."));
    }

    /// <summary>The next line the child writes, split on spaces; throws when it ended.</summary>
    public async Task<string[]> ReadAsync(CancellationToken cancellationToken = default) =>
        (await _process.StandardOutput.ReadLineAsync(cancellationToken))?.Split(' ')
        ?? throw new InvalidOperationException("The child process ended early.");

    public async Task SendAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.StandardInput.Close();
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }
}
