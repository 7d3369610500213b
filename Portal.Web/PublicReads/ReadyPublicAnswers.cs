using System.Collections.Concurrent;
using Microsoft.Extensions.Primitives;

namespace Portal.Web.PublicReads;

/// <summary>
/// The public answers ready to send as they are: the bytes and headers of each public read (per address,
/// encoding and navigation kind, which share one body and differ in <c>Cache-Control</c>) as the output cache
/// last served them, so a hit costs a dictionary look-up
/// and one write, not the cache's key building and stored-entry parsing. Every eviction of the public
/// answers empties it (see <see cref="ReadyAnswersCacheStore"/>), an answer kept in an earlier generation
/// than <see cref="PublicReadState.Generation"/> is never used, and a body older than
/// <see cref="PublicReads.ServerLifetime"/> is never sent, so it shows nothing the output cache would not.
/// </summary>
public sealed class ReadyPublicAnswers(PublicReadState state, TimeProvider clock)
{
    /// <summary>Enough for every public address in each encoding and navigation kind; beyond it, answers come from the output cache.</summary>
    internal const int MaxAnswers = 1_000;

    private readonly ConcurrentDictionary<ReadyAnswerKey, ReadyAnswer> _answers = new();
    private long _served;
    private long _evictedGeneration;

    /// <summary>How many requests were answered from here since start (a measure, and a test hook).</summary>
    public long Served => Interlocked.Read(ref _served);

    /// <summary>
    /// True when the output cache holds nothing from before the current generation, so what it serves now
    /// may be kept here: between an event and the end of its eviction it may still serve the older answer.
    /// </summary>
    internal bool MayKeep(long generation) => Interlocked.Read(ref _evictedGeneration) == generation;

    /// <summary>The answer kept for <paramref name="key"/> in the current generation, fresh or not.</summary>
    internal bool TryGet(in ReadyAnswerKey key, out ReadyAnswer answer) =>
        _answers.TryGetValue(key, out answer!) && answer.Generation == state.Generation;

    /// <summary>
    /// Whether its body may still be sent: what changes with time alone is rendered again after
    /// <see cref="PublicReads.ServerLifetime"/>. Its ETag stays the current one for as long as its generation, so a
    /// <c>304</c> may be decided from it after that, as the public-read layer decides one without any cached answer.
    /// </summary>
    internal bool IsFresh(ReadyAnswer answer) => clock.GetElapsedTime(answer.KeptAt) < answer.Lifetime;

    internal void CountServed() => Interlocked.Increment(ref _served);

    internal void Keep(in ReadyAnswerKey key, ReadyAnswer answer)
    {
        if (!_answers.ContainsKey(key) && _answers.Count >= MaxAnswers)
        {
            return;
        }

        // The other navigation kind's answer is the same render: keep its bytes once.
        if (_answers.TryGetValue(key with { EnhancedNavigation = !key.EnhancedNavigation }, out var other)
            && other.Generation == answer.Generation && other.Body.AsSpan().SequenceEqual(answer.Body))
        {
            answer = answer with { Body = other.Body };
        }

        _answers[key] = answer;
    }

    /// <summary>Empties it; <paramref name="generation"/> is the generation the output cache was evicted for.</summary>
    internal void Evicted(long generation)
    {
        _answers.Clear();

        // Only ever forward: two evictions finishing out of order must not take it back.
        var current = Interlocked.Read(ref _evictedGeneration);
        while (generation > current)
        {
            var seen = Interlocked.CompareExchange(ref _evictedGeneration, generation, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    internal long Generation => state.Generation;

    internal long Now => clock.GetTimestamp();
}

/// <summary>
/// What a public answer depends on besides the public data: everything the output cache varies it by, the
/// scheme and host, and the navigation kind, whose <c>Cache-Control</c> differs on the same body.
/// </summary>
internal readonly record struct ReadyAnswerKey(string Path, string Scheme, string Host, string AcceptEncoding, bool EnhancedNavigation);

/// <summary>A public answer ready to send: its encoded body, its headers, and those a <c>304</c> repeats.</summary>
internal sealed record ReadyAnswer(
    byte[] Body,
    KeyValuePair<string, StringValues>[] Headers,
    KeyValuePair<string, StringValues>[] NotModifiedHeaders,
    string ETag,
    long Generation,
    long KeptAt,
    TimeSpan Lifetime);
