using Microsoft.AspNetCore.Components;

namespace Portal.Tests.Support;

/// <summary>
/// The locations rendered components navigated to, for tests to await a navigation itself. bUnit completes a
/// navigation on its dispatcher after the location-changing handlers (a <c>NavigationLock</c>'s question), so it
/// often ends after the navigating component's last render, where a <c>WaitForAssertion</c> would never look again.
/// It must subscribe before any component does: <c>MudDialogProvider</c> re-renders on every navigation, and when
/// that happens off the dispatcher it throws, which ends the event for every subscriber after it.
/// </summary>
public sealed class NavigationRecorder
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly List<string> _locations = [];
    private readonly List<(Func<string, bool> Matches, TaskCompletionSource<string> Arrived)> _waiting = [];

    public NavigationRecorder(NavigationManager navigation) => navigation.LocationChanged += (_, e) => Record(e.Location);

    /// <summary>The first location navigated to, since this recorder was made, that <paramref name="matches"/>.</summary>
    public Task<string> WaitForAsync(Func<string, bool> matches)
    {
        lock (_gate)
        {
            if (_locations.FirstOrDefault(matches) is { } seen)
            {
                return Task.FromResult(seen);
            }

            var arrived = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Add((matches, arrived));
            return arrived.Task.WaitAsync(Patience);
        }
    }

    private void Record(string location)
    {
        lock (_gate)
        {
            _locations.Add(location);
            foreach (var waiter in _waiting.Where(w => w.Matches(location)).ToList())
            {
                _waiting.Remove(waiter);
                waiter.Arrived.TrySetResult(location);
            }
        }
    }
}
