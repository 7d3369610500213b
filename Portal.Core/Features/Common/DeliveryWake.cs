namespace Portal.Core.Features;

/// <summary>
/// How a delivery sender (email, webhooks) sleeps between rounds: until it is woken (a new delivery,
/// a change in the console), a delivery in flight finishes, the next one falls due, or a safety poll
/// passes, whichever comes first. Waking while it is already awake is remembered once, never lost.
/// </summary>
public sealed class DeliveryWake(TimeProvider clock, TimeSpan safetyPoll)
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    public async Task WaitAsync(IEnumerable<Task> inFlight, DateTimeOffset? nextDue, CancellationToken cancellationToken)
    {
        var wait = safetyPoll;
        if (nextDue is { } due)
        {
            var untilDue = due - clock.GetUtcNow();
            wait = untilDue < TimeSpan.Zero ? TimeSpan.Zero : untilDue < wait ? untilDue : wait;
        }

        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = Task.Delay(wait, clock, waiting.Token);

        // The clock may have moved on between reading it above and starting the timer: then the timer
        // would run from the later time and fire too late, so a delivery already due is not waited for.
        if (nextDue is not { } dueNow || clock.GetUtcNow() < dueNow)
        {
            await Task.WhenAny([_wake.WaitAsync(waiting.Token), timer, .. inFlight]);
        }

        await waiting.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }
}
