using System.Runtime.InteropServices;

namespace Portal.LoadTest;

/// <summary>This process's file descriptor limit (RLIMIT_NOFILE), which a child process inherits.</summary>
internal static partial class OpenFiles
{
    private const int RlimitNofile = 7; // Linux, every architecture .NET runs on

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Soft;
        public ulong Hard;
    }

    /// <summary>Raises the soft limit to the hard limit; returns the soft limit now in force, or null off Linux.</summary>
    public static long? RaiseToHardLimit()
    {
        if (!OperatingSystem.IsLinux() || GetRLimit(RlimitNofile, out var limit) != 0)
        {
            return null;
        }

        if (limit.Soft < limit.Hard)
        {
            var raised = limit with { Soft = limit.Hard };
            if (SetRLimit(RlimitNofile, in raised) == 0)
            {
                limit = raised;
            }
        }

        return (long)Math.Min(limit.Soft, long.MaxValue);
    }

    [LibraryImport("libc", EntryPoint = "getrlimit")]
    private static partial int GetRLimit(int resource, out RLimit limit);

    [LibraryImport("libc", EntryPoint = "setrlimit")]
    private static partial int SetRLimit(int resource, in RLimit limit);
}
