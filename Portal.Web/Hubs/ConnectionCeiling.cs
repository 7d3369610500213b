using System.Globalization;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Portal.Web.Hubs;

/// <summary>
/// Keeps Kestrel's open connections below the process's file descriptor limit (<c>ulimit -n</c>).
/// Every hub connection holds a socket; when the last descriptor is taken, the .NET runtime itself
/// cannot open <c>/proc/meminfo</c>, load an assembly or start a thread, and the whole portal ends
/// with "Out of memory." (exit 134). Above this ceiling Kestrel refuses new connections instead.
/// </summary>
public static class ConnectionCeiling
{
    /// <summary>Descriptors left for the runtime, SQLite, data protection keys and logs.</summary>
    public const int Reserve = 512;

    /// <summary>The ceiling for a soft limit of <paramref name="openFiles"/> descriptors, at least 64.</summary>
    public static long For(long openFiles) => Math.Max(64, openFiles - Math.Max(Reserve, openFiles / 20));

    /// <summary>The soft "Max open files" from the text of <c>/proc/self/limits</c>; null when unlimited or absent.</summary>
    public static long? OpenFilesLimit(string procSelfLimits)
    {
        var line = procSelfLimits.Split('\n').FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var parts = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts is { Length: > 3 } && long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    /// <summary>Sets <see cref="KestrelServerLimits.MaxConcurrentConnections"/> unless configuration already did (Linux only).</summary>
    public static IServiceCollection AddConnectionCeiling(this IServiceCollection services)
    {
        const string limits = "/proc/self/limits";
        if (File.Exists(limits) && OpenFilesLimit(File.ReadAllText(limits)) is { } openFiles)
        {
            services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxConcurrentConnections ??= For(openFiles));
        }

        return services;
    }
}
