using System.Globalization;

namespace Portal.LoadTest;

/// <summary>
/// Samples this process's resident memory and managed heap every 100 ms while a send runs, without
/// forcing a collection (that would change what is measured), and describes peak and flatness.
/// </summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly List<(double Seconds, long Resident, long Heap)> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly long _startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
    private readonly Task _running;

    public MemorySampler() => _running = RunAsync();

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        do
        {
            _samples.Add((Clock.Milliseconds(_startedAt, System.Diagnostics.Stopwatch.GetTimestamp()) / 1000, Resident(), GC.GetTotalMemory(forceFullCollection: false)));
        }
        while (await Next(timer));
    }

    private async Task<bool> Next(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stop.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Resident set size from /proc/self/statm (cheap enough to read ten times a second).</summary>
    private static long Resident()
    {
        var statm = File.ReadAllText("/proc/self/statm").Split(' ');
        return long.Parse(statm[1], CultureInfo.InvariantCulture) * Environment.SystemPageSize;
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _running;
    }

    /// <summary>Peak, median and the mean of the first and last fifth of the samples (a flat run has them close), in MB.</summary>
    public string Describe()
    {
        if (_samples.Count == 0)
        {
            return "no samples";
        }

        string Line(string name, Func<(double Seconds, long Resident, long Heap), long> value)
        {
            var values = _samples.Select(value).ToList();
            var fifth = Math.Max(1, values.Count / 5);
            var sorted = values.Order().ToList();
            return string.Create(CultureInfo.InvariantCulture,
                $"{name}: min {Mb(sorted[0]):F0} MB, median {Mb(sorted[sorted.Count / 2]):F0} MB, peak {Mb(sorted[^1]):F0} MB; mean of first fifth {Mb((long)values.Take(fifth).Average()):F0} MB, of last fifth {Mb((long)values.TakeLast(fifth).Average()):F0} MB");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{_samples.Count} samples over {_samples[^1].Seconds:F0} s\n  ") +
            Line("resident (working set)", s => s.Resident) + "\n  " + Line("managed heap, uncollected", s => s.Heap);
    }

    private static double Mb(long bytes) => bytes / 1024.0 / 1024.0;

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
