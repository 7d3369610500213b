using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Features.ApiClients;
using Portal.Core.Features.Incidents;
using Portal.Core.Features.MaintenanceWindows;
using Portal.Core.Features.Metrics;
using Portal.Core.Features.Phases;
using Portal.Core.Features.Statements;
using Portal.Core.Features.Systems;
using Portal.Core.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Hubs;

/// <summary>Changes made through Core use cases on a running portal, one of each event type.</summary>
public static class HubChanges
{
    public static readonly IReadOnlyList<string> EveryType =
    [
        PortalEventTypes.SystemStatusChanged, PortalEventTypes.StatementPublished, PortalEventTypes.StatementAmended,
        PortalEventTypes.StatementWithdrawn, PortalEventTypes.IncidentUpdated, PortalEventTypes.PhaseUpdated,
        PortalEventTypes.MaintenanceUpdated, PortalEventTypes.MetricUpdated,
    ];

    private static int _phaseNumber = 100;

    public static T UseCase<T>(this IServiceProvider services)
        where T : notnull => services.GetRequiredService<T>();

    public static async Task<string> IssueKeyAsync(this IServiceProvider services, string name, params string[] audiences) =>
        (await services.UseCase<IssueApiClientKey>().HandleAsync(new IssueApiClientKeyRequest(name, audiences), Actors.Admin)).Key;

    public static async Task<long> CurrentSequenceAsync(this IServiceProvider services)
    {
        await using var db = await services.UseCase<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.CurrentSequenceAsync(CancellationToken.None);
    }

    /// <summary>
    /// One change of every event type, each seen by Suppliers only, each naming <paramref name="marker"/>
    /// in its text so a test can look for any trace of it in what other audiences received.
    /// </summary>
    public static async Task SuppliersOnlyAsync(this IServiceProvider services, string marker)
    {
        string[] suppliers = ["suppliers"];
        var payments = await SystemIdAsync(services, "supplier-payments");
        var now = services.UseCase<TimeProvider>().GetUtcNow();

        await ChangeStatusAsync(services, "supplier-payments", $"Payment run {marker}");

        var incident = await services.UseCase<CreateIncident>().HandleAsync(
            new CreateIncidentRequest($"Payment run delayed {marker}", IncidentImpact.Minor, suppliers, [payments]), Actors.Publisher);

        var draft = await services.UseCase<SaveStatementDraft>().HandleAsync(new SaveStatementDraftRequest(null,
            $"Payments update {marker}", $"Supplier payments resume {marker}.", suppliers, incident.Id, [payments]), Actors.Publisher);
        await services.UseCase<SubmitStatement>().HandleAsync(new StatementActionRequest(draft.Id), Actors.Publisher);
        await services.UseCase<ApproveStatement>().HandleAsync(new StatementActionRequest(draft.Id), Actors.Approver);
        await services.UseCase<PublishStatement>().HandleAsync(new PublishStatementRequest(draft.Id), Actors.Publisher);
        await services.UseCase<SubmitAmendment>().HandleAsync(
            new SubmitAmendmentRequest(draft.Id, $"Payments update {marker} (amended)", $"Supplier payments resume {marker}, amended."), Actors.Publisher);
        await services.UseCase<ApproveAmendment>().HandleAsync(new StatementActionRequest(draft.Id), Actors.Approver);
        await services.UseCase<PublishAmendment>().HandleAsync(new StatementActionRequest(draft.Id), Actors.Publisher);
        await services.UseCase<WithdrawStatement>().HandleAsync(new WithdrawStatementRequest(draft.Id, $"Superseded {marker}"), Actors.Publisher);

        await services.UseCase<CreateRestartPhase>().HandleAsync(
            new CreateRestartPhaseRequest(Interlocked.Increment(ref _phaseNumber), $"Supplier catch-up {marker}", $"Backlog {marker}", suppliers),
            Actors.Operator);

        await services.UseCase<ScheduleMaintenance>().HandleAsync(new ScheduleMaintenanceRequest($"Payments cut-over {marker}",
            $"Payment runs pause {marker}", now.AddDays(2), now.AddDays(2).AddHours(4), suppliers, [payments]), Actors.Operator);

        await services.UseCase<DefineMetric>().HandleAsync(new DefineMetricRequest($"backlog-{marker.ToLowerInvariant()}",
            $"Backlog {marker}", "invoices", $"Invoices {marker}", suppliers), Actors.Operator);
    }

    /// <summary>A status change everybody may see; once a connection has it, it has everything committed before.</summary>
    public static Task<long> PublicChangeAsync(this IServiceProvider services, string reason) =>
        ChangeStatusAsync(services, "global-parts-logistics", reason);

    private static async Task<long> ChangeStatusAsync(IServiceProvider services, string slug, string reason)
    {
        await using (var db = await services.UseCase<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            var status = await db.EstateSystems.Where(s => s.Slug == slug).Select(s => s.Status).SingleAsync();
            var next = status == SystemStatus.Degraded ? SystemStatus.Workaround : SystemStatus.Degraded;
            await services.UseCase<ChangeSystemStatus>().HandleAsync(
                new ChangeSystemStatusRequest(slug, next, reason, next == SystemStatus.Workaround ? $"Use the fallback ({reason})" : null),
                Actors.Operator);
        }

        return await services.CurrentSequenceAsync();
    }

    private static async Task<int> SystemIdAsync(IServiceProvider services, string slug)
    {
        await using var db = await services.UseCase<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.EstateSystems.Where(s => s.Slug == slug).Select(s => s.Id).SingleAsync();
    }
}
