namespace Portal.Core.Features;

/// <summary>
/// Tells whoever follows a kind of delivery on this node (its console page, its sender) that something
/// changed. Deliveries are not portal events: nobody outside the console sees them.
/// </summary>
public abstract class ActivityNotice
{
    private readonly Lock _gate = new();
    private Action[] _listeners = [];

    public IDisposable Subscribe(Action onChange)
    {
        lock (_gate)
        {
            _listeners = [.. _listeners, onChange];
        }

        return new Subscription(this, onChange);
    }

    public void Notify()
    {
        foreach (var listener in Volatile.Read(ref _listeners))
        {
            listener();
        }
    }

    private void Remove(Action onChange)
    {
        lock (_gate)
        {
            _listeners = [.. _listeners.Where(l => l != onChange)];
        }
    }

    private sealed class Subscription(ActivityNotice owner, Action onChange) : IDisposable
    {
        public void Dispose() => owner.Remove(onChange);
    }
}
