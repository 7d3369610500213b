using System.Diagnostics;
using System.Text.Json;

namespace Portal.Tests.Hubs;

/// <summary>
/// The official SignalR JavaScript client (@microsoft/signalr, installed by test.sh with npm) against
/// the hub on a real port: it connects, takes a snapshot, receives an event and resumes.
/// </summary>
public sealed class StatusHubJavaScriptClientTests(StatusHubServer server) : IClassFixture<StatusHubServer>
{
    [Fact]
    public async Task ConnectsReceivesAnEventAndResumes()
    {
        var folder = ClientFolder();
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "@microsoft", "signalr")),
            $"@microsoft/signalr is not installed in {folder}: run ./test.sh, or npm ci there.");

        var start = new ProcessStartInfo("node", [Path.Combine(folder, "hub-client.mjs"), server.Address.ToString().TrimEnd('/'), server.RetailersKey])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        try
        {
            var connected = await ReadLineAsync(node);
            Assert.True(connected.GetProperty("connected").GetBoolean());

            var sequence = await server.Services.PublicChangeAsync("Seen from JavaScript");

            var received = (await ReadLineAsync(node)).GetProperty("event");
            Assert.Equal(sequence, received.GetProperty("sequence").GetInt64());
            Assert.Equal("systemStatusChanged", received.GetProperty("type").GetString());
            Assert.Equal(["public", "retailers"], received.GetProperty("audiences").EnumerateArray().Select(a => a.GetString()));
            Assert.True(received.GetProperty("dataIsObject").GetBoolean());

            var resumed = await ReadLineAsync(node);
            Assert.False(resumed.GetProperty("tooFarBehind").GetBoolean());
            Assert.Contains(sequence, resumed.GetProperty("resumed").EnumerateArray().Select(s => s.GetInt64()));

            using var exit = new CancellationTokenSource(HubTestClient.Patience);
            await node.WaitForExitAsync(exit.Token);
            Assert.Equal(0, node.ExitCode);
        }
        finally
        {
            if (!node.HasExited)
            {
                node.Kill();
            }
        }
    }

    private static async Task<JsonElement> ReadLineAsync(Process node)
    {
        using var timeout = new CancellationTokenSource(HubTestClient.Patience);
        try
        {
            var line = await node.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException($"node ended early: {await node.StandardError.ReadToEndAsync(timeout.Token)}");
            return JsonDocument.Parse(line).RootElement.Clone();
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("node printed nothing in time.");
        }
    }

    private static string ClientFolder()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Portal.sln")))
        {
            folder = folder.Parent;
        }

        return Path.Combine(folder?.FullName ?? throw new InvalidOperationException("Portal.sln not found above the test output."),
            "Portal.Tests", "Hubs", "js");
    }
}
