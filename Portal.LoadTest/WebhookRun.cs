using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;
using Portal.Core.Features.Statements;
using Portal.Core.Features.Webhooks;
using Portal.Core.Persistence;

namespace Portal.LoadTest;

/// <summary>
/// <c>--webhooks</c>: N Standard Webhooks endpoints registered through Core's use case, served by this
/// tool in a child process on a free 127.0.0.1 port (so the receivers do not count in the portal's
/// memory), which verifies every signature; a share of them answers 503 for the outage; then public
/// events are committed, and the run lasts until every endpoint has every event, on the portal's real
/// retry schedule.
/// </summary>
internal static class WebhookRun
{
    private static readonly Actor Admin = new("load-admin@example.com", "127.0.0.1", new HashSet<string> { PortalRoles.Admin });

    public static async Task<int> RunAsync(LoadOptions options)
    {
        await using var receiver = LoadChild.Start("--webhook-receiver", "--endpoints", options.Endpoints.ToString(CultureInfo.InvariantCulture),
            "--failing-percent", options.FailingPercent.ToString(CultureInfo.InvariantCulture));
        if (await receiver.ReadAsync() is not ["port", var port])
        {
            Console.Error.WriteLine("The webhook receiver did not say its port.");
            return 1;
        }

        await using var portal = new LoadPortal(new Dictionary<string, string> { ["Portal:Webhooks:AllowPrivateAddresses"] = "true" });
        var url = portal.StartOnLoopback();
        var services = portal.Services;
        var concurrent = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebhookOptions>>().Value.MaxConcurrentDeliveries;

        // The statement is drafted, submitted and approved before any endpoint exists; only its publication is measured.
        var statementId = await LoadRun.PublishStatementAsync(services, "Load test", prepareOnly: true);
        var register = services.GetRequiredService<RegisterWebhookEndpoint>();
        var registering = Stopwatch.StartNew();
        for (var i = 0; i < options.Endpoints; i++)
        {
            var endpoint = await register.HandleAsync(new RegisterWebhookEndpointRequest(
                string.Create(CultureInfo.InvariantCulture, $"Receiver {i}"),
                string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/hooks/{i}"), [Audience.Public], []), Admin);
            await receiver.SendAsync(string.Create(CultureInfo.InvariantCulture, $"secret {i} {endpoint.Secret}"));
        }

        var failing = options.FailingPercent > 0 ? (options.Endpoints + (100 / options.FailingPercent) - 1) / (100 / options.FailingPercent) : 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"portal on {url}, receiver (child process) on 127.0.0.1:{port}; {options.Endpoints:N0} endpoints registered in {registering.Elapsed.TotalSeconds:F1} s, {failing} of them answering 503 for {options.OutageSeconds} s; {concurrent} deliveries at once"));
        Console.WriteLine("retry schedule (the portal's own, ±10 % jitter): at once, then " +
            string.Join(", ", WebhookDelivery.RetryDelays.Select(d => d.TotalSeconds < 60 ? $"{d.TotalSeconds:0} s" : d.TotalMinutes < 60 ? $"{d.TotalMinutes:0} min" : $"{d.TotalHours:0} h")));

        long before;
        await using (var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            before = await db.PortalEvents.MaxAsync(e => (long?)e.Sequence) ?? 0;
        }

        var idle = LoadRun.SettledMemoryInDetail();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"settled before the events: working set {idle.WorkingSet / 1024.0 / 1024.0:F1} MB, managed heap {idle.Heap / 1024.0 / 1024.0:F1} MB; load average {LoadRun.LoadAverage()}"));

        await using var memory = new MemorySampler();
        await receiver.SendAsync(string.Create(CultureInfo.InvariantCulture, $"outage {options.OutageSeconds}"));
        var firstAt = Stopwatch.GetTimestamp();
        for (var i = 1; i < options.Events; i++)
        {
            await LoadRun.ChangeStatusAsync(services, string.Create(CultureInfo.InvariantCulture, $"Load test {i}"));
        }

        await services.GetRequiredService<PublishStatement>().HandleAsync(new PublishStatementRequest(statementId), LoadRun.Publisher);
        var committed = Clock.Milliseconds(firstAt, Stopwatch.GetTimestamp()) / 1000;

        // What every endpoint must receive: each event committed since that its Public audience may see.
        int events;
        await using (var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            var public_ = new HashSet<string>(StringComparer.Ordinal) { Audience.Public };
            events = (await db.PortalEvents.AsNoTracking().Where(e => e.Sequence > before).ToListAsync()).Count(e => e.IsVisibleTo(public_));
        }

        var expected = events * options.Endpoints;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{events} public events committed in {committed:F1} s: {expected:N0} deliveries expected"));
        await receiver.SendAsync(string.Create(CultureInfo.InvariantCulture, $"expect {expected}"));
        string[]? done = null;
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(options.WaitSeconds)))
        {
            try
            {
                while (done is null)
                {
                    var line = await receiver.ReadAsync(timeout.Token);
                    if (line is ["done", ..])
                    {
                        done = line;
                    }
                    else if (line is ["progress", var delivered, var refused, var invalid, var repeats, var at])
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"  {Clock.Milliseconds(firstAt, long.Parse(at, CultureInfo.InvariantCulture)) / 1000:F0} s: {delivered} delivered, {refused} answered 503, {invalid} invalid signatures, {repeats} repeats"));
                    }
                }
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Not every delivery arrived within {options.WaitSeconds} s."));
            }
        }

        await memory.StopAsync();
        await receiver.SendAsync("stats");
        string[] stats;
        while ((stats = await receiver.ReadAsync()) is not ["stats", ..])
        {
        }

        var (deliveries, attempts, pending, disabled) = await DeliveryFiguresAsync(services);
        var after = LoadRun.SettledMemoryInDetail();
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores, {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC, load average {LoadRun.LoadAverage()}"));
        if (stats is not ["stats", var deliveredText, var refusedText, var invalidText, var repeatsText, var healthyText, var fewestCount, var fewest])
        {
            Console.Error.WriteLine("The receiver's figures did not parse.");
            return 1;
        }

        var healthy = long.Parse(healthyText, CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{options.Endpoints:N0} endpoints × {events} events: {deliveredText}/{expected} delivered, each endpoint at least {fewest} distinct (that few: {fewestCount}); {invalidText} invalid signatures, {repeatsText} repeats"));
        if (done is ["done", _, var lastText])
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"full delivery {Clock.Milliseconds(firstAt, long.Parse(lastText, CultureInfo.InvariantCulture)) / 1000:F1} s after the first event; the endpoints without outage had all by {Clock.Milliseconds(firstAt, healthy) / 1000:F1} s"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"attempts {attempts:N0} for {deliveries:N0} deliveries: {attempts - deliveries:N0} retries; the receiver answered 503 {refusedText} times; {pending} still pending, {disabled} endpoints disabled"));
        Console.WriteLine("portal memory during delivery, " + memory.Describe());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"settled after delivery: working set {after.WorkingSet / 1024.0 / 1024.0:F1} MB, managed heap {after.Heap / 1024.0 / 1024.0:F1} MB"));
        return done is not null && invalidText == "0" ? 0 : 1;
    }

    private static async Task<(int Deliveries, int Attempts, int Pending, int Disabled)> DeliveryFiguresAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return (await db.WebhookDeliveries.CountAsync(),
            await db.WebhookDeliveries.SumAsync(d => d.Attempts),
            await db.WebhookDeliveries.CountAsync(d => d.Status == WebhookDeliveryStatus.Pending),
            await db.WebhookEndpoints.CountAsync(e => e.DisabledAt != null));
    }
}
