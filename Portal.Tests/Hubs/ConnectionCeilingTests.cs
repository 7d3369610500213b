using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Portal.Tests.Support;
using Portal.Web.Hubs;

namespace Portal.Tests.Hubs;

public sealed class ConnectionCeilingTests
{
    private const string Limits = """
        Limit                     Soft Limit           Hard Limit           Units
        Max cpu time              unlimited            unlimited            seconds
        Max open files            20000                40000                files
        Max locked memory         8388608              8388608              bytes
        """;

    [Fact]
    public void ReadsTheSoftOpenFilesLimit()
    {
        Assert.Equal(20000, ConnectionCeiling.OpenFilesLimit(Limits));
        Assert.Null(ConnectionCeiling.OpenFilesLimit(Limits.Replace("20000 ", "unlimited ", StringComparison.Ordinal)));
        Assert.Null(ConnectionCeiling.OpenFilesLimit("Max cpu time unlimited unlimited seconds"));
    }

    [Theory]
    [InlineData(20000, 19000)]
    [InlineData(1024, 512)]
    [InlineData(100, 64)]
    public void LeavesDescriptorsForTheRuntime(long openFiles, long ceiling) =>
        Assert.Equal(ceiling, ConnectionCeiling.For(openFiles));

    [Fact]
    public async Task KestrelRefusesConnectionsBeforeTheProcessRunsOutOfDescriptors()
    {
        await using var app = new PortalWebApp();

        var limits = app.Get<IOptions<KestrelServerOptions>>().Value.Limits;

        // Off Linux there is no limit to read and Kestrel keeps its default (no ceiling).
        var openFiles = File.Exists("/proc/self/limits") ? ConnectionCeiling.OpenFilesLimit(await File.ReadAllTextAsync("/proc/self/limits")) : null;
        Assert.Equal(openFiles is { } soft ? ConnectionCeiling.For(soft) : null, limits.MaxConcurrentConnections);
    }
}
