namespace Portal.Web.Hubs;

/// <summary>The calls one connection has left, refilled at a steady rate up to the burst.</summary>
internal sealed class CallBucket(double tokens, long refilledAt)
{
    private double _tokens = tokens;
    private long _refilledAt = refilledAt;

    public bool TryTake(int burst, int perSecond, TimeProvider clock)
    {
        lock (this)
        {
            var now = clock.GetTimestamp();
            _tokens = Math.Min(burst, _tokens + (clock.GetElapsedTime(_refilledAt, now).TotalSeconds * perSecond));
            _refilledAt = now;
            if (_tokens < 1)
            {
                return false;
            }

            _tokens--;
            return true;
        }
    }
}
