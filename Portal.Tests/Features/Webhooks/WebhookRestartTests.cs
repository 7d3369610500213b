using Microsoft.Extensions.Time.Testing;
using Portal.Core.Domain;
using Portal.Core.Events.Consumers;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Webhooks;

public sealed class WebhookRestartTests
{
    [Fact]
    public async Task DeliversEveryMessageAfterTheSendingNodeIsKilledAndRestarted()
    {
        var folder = TestPortal.NewFolder();
        var hold = new TaskCompletionSource();
        var endpoints = new[] { "erp-1", "erp-2", "erp-3" };
        const int Statements = 4;
        try
        {
            await using var receiver = await WebhookReceiver.StartAsync(new FakeTimeProvider(TestPortal.DemoNow));
            var ids = new Dictionary<string, int>();
            await using (var portal = await WebhookPortal.StartAsync(folder))
            {
                receiver.Answers["erp-3"] = new WebhookAnswer(204, Hold: hold);
                foreach (var name in endpoints)
                {
                    ids[name] = (await portal.RegisterAsync(receiver, name, ["public"])).Endpoint.Id;
                }

                await portal.StartConsumersAsync();
                for (var i = 1; i <= Statements; i++)
                {
                    await portal.PublishStatementAsync($"Update {i}", "public");
                }

                // erp-3 keeps its first message in flight; the others take everything.
                await receiver.WaitForAsync(all => all.Count(r => r.Endpoint != "erp-3") == 2 * Statements && all.Any(r => r.Endpoint == "erp-3"));
                await portal.WaitForDeliveriesAsync(d => d.Count(x => x.Status == WebhookDeliveryStatus.Delivered) == 2 * Statements);

                // The node dies here: its lease and cursor stay as they are, nothing is shut down cleanly.
            }

            hold.TrySetResult();

            receiver.Answers["erp-3"] = new WebhookAnswer(204);
            await using (var portal = await WebhookPortal.StartAsync(folder))
            {
                var host = portal.Get<EventConsumerHost>();
                await host.StartAsync(CancellationToken.None);
                var runner = host.Runner("webhooks");

                // The dead node's lease runs out; this node takes over and sends what is left.
                await runner.WaitAsync(r => r.LeaseChecks >= 1);
                portal.Clock.Advance(new EventConsumerOptions().LeaseDuration);
                await runner.WaitAsync(r => r.IsActive);
                var deliveries = await portal.WaitForDeliveriesAsync(d => d.Count == 3 * Statements && d.All(x => x.Status == WebhookDeliveryStatus.Delivered));

                var sequences = deliveries.Select(d => d.Sequence).Distinct().ToList();
                Assert.Equal(Statements, sequences.Count);
                foreach (var name in endpoints)
                {
                    var received = receiver.At(name).Select(r => r.Id).ToList();
                    Assert.Equal(sequences.Select(s => WebhookDelivery.MessageIdFor(s, ids[name])).Order(), received.Distinct().Order());
                }

                // Only the message that was in flight when the node died arrives twice.
                Assert.Equal(3 * Statements + 1, receiver.Received.Count);
                Assert.All(receiver.Received, r => Assert.True(r.IsValid, r.Problem));
            }
        }
        finally
        {
            hold.TrySetResult();
            TestPortal.DeleteFolder(folder);
        }
    }
}
