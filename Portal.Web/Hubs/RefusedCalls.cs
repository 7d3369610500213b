namespace Portal.Web.Hubs;

/// <summary>
/// One connection's calls refused by <see cref="HubCallRateLimit"/>: when to log them (at most once a
/// minute) and when the connection has gone on long enough to be closed.
/// </summary>
internal sealed class RefusedCalls(long since)
{
    /// <summary>How often refused calls of one connection are logged, and the window they are counted in.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private long _windowStart = since;
    private int _inWindow;
    private int _sinceLogged;
    private long? _loggedAt;
    private bool _closing;

    /// <summary>What to do about one more refused call.</summary>
    /// <param name="Log">True when this refusal is to be logged; <paramref name="Count"/> says how many it stands for.</param>
    /// <param name="Count">The refused calls since the last logged one, this one included.</param>
    /// <param name="Close">True once, when the connection has exceeded the limit more than it may within a minute.</param>
    public readonly record struct Outcome(bool Log, int Count, bool Close);

    public Outcome Record(int refusalsBeforeClose, TimeProvider clock)
    {
        lock (this)
        {
            var now = clock.GetTimestamp();
            if (clock.GetElapsedTime(_windowStart, now) >= Window)
            {
                _windowStart = now;
                _inWindow = 0;
            }

            _inWindow++;
            _sinceLogged++;
            var log = _loggedAt is not { } loggedAt || clock.GetElapsedTime(loggedAt, now) >= Window;
            var count = _sinceLogged;
            if (log)
            {
                _loggedAt = now;
                _sinceLogged = 0;
            }

            var close = !_closing && _inWindow > refusalsBeforeClose;
            _closing |= close;
            return new Outcome(log, count, close);
        }
    }
}
