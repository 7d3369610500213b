using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Domain;
using Portal.Core.Events;

namespace Portal.Core.Persistence.Configurations;

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> builder)
    {
        builder.Property(e => e.Organisation).HasMaxLength(WebhookEndpoint.OrganisationMaxLength);
        builder.Property(e => e.Url).HasMaxLength(WebhookEndpoint.UrlMaxLength);
        builder.Property(e => e.SealedUrl).HasMaxLength(WebhookEndpoint.SealedUrlMaxLength);
        builder.Ignore(e => e.HasSecretAddress);
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Secret).HasMaxLength(WebhookEndpoint.SealedSecretMaxLength);
        builder.Property(e => e.PreviousSecret).HasMaxLength(WebhookEndpoint.SealedSecretMaxLength);
        builder.HasOne<ApiClient>().WithMany().HasForeignKey(e => e.ApiClientId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(e => e.CreatedBy).HasMaxLength(PortalUser.EmailMaxLength);
        builder.Property(e => e.DisabledReason).HasMaxLength(WebhookEndpoint.DisabledReasonMaxLength);
        builder.Ignore(e => e.IsEnabled);
        builder.Ignore(e => e.Viewer);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.Property(d => d.EventType).HasMaxLength(PortalEvent.TypeMaxLength);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.LastError).HasMaxLength(WebhookDelivery.ErrorMaxLength);
        builder.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);

        // One delivery per event and endpoint: a fan-out repeated after a crash cannot send twice.
        builder.HasIndex(d => new { d.EndpointId, d.Sequence }).IsUnique();
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        builder.Ignore(d => d.MessageId);
    }
}
