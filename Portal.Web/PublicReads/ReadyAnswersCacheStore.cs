using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.OutputCaching;

namespace Portal.Web.PublicReads;

/// <summary>
/// The output cache's store, which also empties <see cref="ReadyPublicAnswers"/> whenever the public
/// answers are evicted, whoever evicts them, so the two never disagree. Everything else is the store's own.
/// </summary>
internal sealed class ReadyAnswersCacheStore(IOutputCacheStore inner, ReadyPublicAnswers answers) : IOutputCacheBufferStore
{
    private readonly IOutputCacheBufferStore? _buffers = inner as IOutputCacheBufferStore;

    public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        // Read first: whatever the output cache holds once this eviction is done was rendered in this generation or later.
        var generation = answers.Generation;
        await inner.EvictByTagAsync(tag, cancellationToken);
        if (string.Equals(tag, PublicReads.Tag(PublicReads.AudienceSet), StringComparison.Ordinal))
        {
            answers.Evicted(generation);
        }
    }

    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

    public ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken) =>
        inner.SetAsync(key, value, tags, validFor, cancellationToken);

    public async ValueTask<bool> TryGetAsync(string key, PipeWriter destination, CancellationToken cancellationToken)
    {
        if (_buffers is not null)
        {
            return await _buffers.TryGetAsync(key, destination, cancellationToken);
        }

        var value = await inner.GetAsync(key, cancellationToken);
        if (value is null)
        {
            return false;
        }

        await destination.WriteAsync(value, cancellationToken);
        return true;
    }

    public ValueTask SetAsync(string key, ReadOnlySequence<byte> value, ReadOnlyMemory<string> tags, TimeSpan validFor, CancellationToken cancellationToken) =>
        _buffers is not null
            ? _buffers.SetAsync(key, value, tags, validFor, cancellationToken)
            : inner.SetAsync(key, value.ToArray(), tags.ToArray(), validFor, cancellationToken);
}
