using Portal.Core.Features.Events;

namespace Portal.Web.Hubs;

/// <summary>The answer to <see cref="StatusHub.Resume"/>.</summary>
/// <param name="Events">The missed events, in sequence order; empty when <paramref name="TooFarBehind"/>.</param>
/// <param name="CurrentSequence">The sequence the client is current at once it has applied <paramref name="Events"/>.</param>
/// <param name="TooFarBehind">True when the client must call <see cref="StatusHub.GetSnapshot"/> instead of catching up by events.</param>
public sealed record ResumeResult(IReadOnlyList<PortalEventMessage> Events, long CurrentSequence, bool TooFarBehind)
{
    public static ResumeResult From(EventsAfter missed, IReadOnlySet<string> receiverAudiences) =>
        new([.. missed.Events.Select(e => PortalEventMessage.From(e, receiverAudiences))], missed.CurrentSequence, missed.TooFarBehind);
}
