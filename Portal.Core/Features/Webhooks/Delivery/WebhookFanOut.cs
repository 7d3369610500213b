using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Consumers;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Webhooks;

/// <summary>
/// The webhooks consumer (once per cluster): for each committed event, adds a delivery for every
/// enabled endpoint that may see it, in chunks of endpoints by id, each chunk committed together with
/// the checkpoint inside the event, so a crash neither repeats nor loses a delivery. While it runs,
/// <see cref="WebhookSender"/> sends what is due.
/// </summary>
internal sealed class WebhookFanOut(IDbContextFactory<PortalDbContext> dbFactory, WebhookSender sender, TimeProvider clock) : EventConsumer
{
    public const string ConsumerName = "webhooks";

    /// <summary>How many endpoints one checkpointed step covers.</summary>
    public const int ChunkSize = 500;

    public override string Name => ConsumerName;

    public override async Task HandleAsync(PortalEvent portalEvent, EventCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var after = checkpoint.ResumeAfter;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var endpoints = await db.WebhookEndpoints.AsNoTracking()
                .Where(e => e.Id > after && e.DisabledAt == null)
                .OrderBy(e => e.Id)
                .Take(ChunkSize)
                .ToListAsync(cancellationToken);
            if (endpoints.Count == 0)
            {
                return;
            }

            var now = clock.GetUtcNow();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.WebhookDeliveries.AddRange(endpoints.Where(e => e.Wants(portalEvent))
                .Select(e => new WebhookDelivery(e.Id, portalEvent.Sequence, portalEvent.Type, now)));
            await db.SaveChangesAsync(cancellationToken);
            after = endpoints[^1].Id;
            await checkpoint.SaveAsync(db, after, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            sender.Wake();
        }
    }

    public override Task RunWhileActiveAsync(CancellationToken cancellationToken) => sender.RunAsync(cancellationToken);
}
