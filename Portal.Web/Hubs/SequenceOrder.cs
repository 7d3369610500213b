namespace Portal.Web.Hubs;

/// <summary>
/// Puts events back into sequence order before they are pushed. Two use cases can commit one after
/// the other and hand their events to the stream in the opposite order; a client that ignores
/// anything at or below the last sequence it applied would then skip the earlier one for good. An
/// event waits here for the sequences before it, but never longer than <paramref name="patience"/>
/// (an event committed by a process that stopped before publishing it never arrives; clients that
/// resume still find it in the log).
/// </summary>
public sealed class SequenceOrder<T>(Func<T, long> sequenceOf, TimeSpan patience, TimeProvider clock)
{
    private readonly SortedList<long, T> _held = [];
    private long? _lastReleased;
    private long _waitingSince;

    /// <summary>How long until the oldest held item is released even with a gap before it; null when nothing is held.</summary>
    public TimeSpan? TimeUntilForcedRelease =>
        _held.Count == 0 ? null : TimeSpan.FromTicks(Math.Max(0, (patience - clock.GetElapsedTime(_waitingSince)).Ticks));

    public void Add(T item)
    {
        if (_held.Count == 0)
        {
            _waitingSince = clock.GetTimestamp();
        }

        _held.TryAdd(sequenceOf(item), item);
    }

    /// <summary>The items that may go now, in sequence order: those with no gap before them, or all that waited long enough.</summary>
    public IReadOnlyList<T> TakeReady()
    {
        var ready = new List<T>();
        var waitedEnough = clock.GetElapsedTime(_waitingSince) >= patience;
        while (_held.Count > 0)
        {
            var sequence = _held.Keys[0];
            if (_lastReleased is { } last && sequence > last + 1 && !waitedEnough)
            {
                break;
            }

            ready.Add(_held.Values[0]);
            _held.RemoveAt(0);
            _lastReleased = Math.Max(_lastReleased ?? sequence, sequence);
        }

        if (_held.Count > 0 && ready.Count > 0)
        {
            _waitingSince = clock.GetTimestamp();
        }

        return ready;
    }
}
