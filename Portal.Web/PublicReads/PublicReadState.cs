using System.Collections.Concurrent;
using Microsoft.Extensions.Primitives;
using Portal.Core.Features.Events;

namespace Portal.Web.PublicReads;

/// <summary>
/// What this node knows about its public answers: the newest sequence Public may see (the ETag), a
/// generation that every public event moves on (a render that straddles one is not kept), how many
/// renders the cache let through, and the last good render of each answer for when the database is down.
/// </summary>
public sealed class PublicReadState(IServiceScopeFactory scopes)
{
    /// <summary>Enough for every public page and API answer; query-string variants are never kept.</summary>
    private const int MaxLastGood = 2_000;

    private readonly ConcurrentDictionary<string, LastGoodRender> _lastGood = new(StringComparer.Ordinal);
    private long _sequence = -1;
    private long _generation;
    private long _renders;

    /// <summary>Moves on with every public event; a render that started in another generation is not cached.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>How many public requests missed the cache and ran their page or endpoint since start (a measure, and a test hook).</summary>
    public long Renders => Interlocked.Read(ref _renders);

    internal void CountRender() => Interlocked.Increment(ref _renders);

    /// <summary>Called for every event Public may see, before its answers are evicted.</summary>
    internal void Advance(long sequence)
    {
        Interlocked.Increment(ref _generation);
        Raise(sequence);
    }

    /// <summary>
    /// The weak ETag of what Public may see now: the newest sequence Public may see, read once from the
    /// database and then kept current by the events, so comparing it costs no query.
    /// </summary>
    public async Task<string> ETagAsync(CancellationToken cancellationToken)
    {
        var sequence = Interlocked.Read(ref _sequence);
        if (sequence < 0)
        {
            await using var scope = scopes.CreateAsyncScope();
            var latest = await scope.ServiceProvider.GetRequiredService<GetLatestVisibleSequence>()
                .HandleAsync(PublicReads.AudienceSet, cancellationToken);
            sequence = Raise(latest);
        }

        return $"W/\"{PublicReads.AudienceSet.Key}-{sequence}\"";
    }

    internal void Remember(string key, LastGoodRender render)
    {
        if (_lastGood.Count < MaxLastGood || _lastGood.ContainsKey(key))
        {
            _lastGood[key] = render;
        }
    }

    internal bool TryGetLastGood(string key, out LastGoodRender render) => _lastGood.TryGetValue(key, out render!);

    private long Raise(long sequence)
    {
        var current = Interlocked.Read(ref _sequence);
        while (sequence > current)
        {
            var seen = Interlocked.CompareExchange(ref _sequence, sequence, current);
            if (seen == current)
            {
                return sequence;
            }

            current = seen;
        }

        return current;
    }
}

/// <summary>A public answer as last rendered from the database, with the policy whose nonce it carries, and when.</summary>
internal sealed record LastGoodRender(byte[] Body, string? ContentType, StringValues ContentSecurityPolicy, DateTimeOffset RenderedAt);
