using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using Portal.Tests.Support;
using Portal.Web.Mail;
using SmtpServer;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Portal.Tests.Mail;

public sealed class PortalMailTests : TemporaryFolderTest
{
    [Fact]
    public async Task WritesMailsSentAtOnceToDistinctFilesNamedByTheirMessageId()
    {
        var mail = new PickupFolderPortalMail(Folder, Options.Create(new PortalMailOptions()), NullLogger<PickupFolderPortalMail>.Instance);
        var recipients = Enumerable.Range(1, 20).Select(i => $"person{i}@example.com").ToList();

        await Task.WhenAll(recipients.Select(to => mail.SendAsync(to, $"For {to}", $"Hello {to}")));

        var files = Directory.GetFiles(Folder);
        Assert.Equal(recipients.Count, files.Length);
        var written = new List<string>();
        foreach (var file in files)
        {
            using var message = await MimeMessage.LoadAsync(file);
            Assert.Equal(PickupFolderPortalMail.FileNameOf(message.MessageId!), Path.GetFileName(file));
            var to = Assert.Single(message.To.Mailboxes).Address;
            Assert.Equal($"For {to}", message.Subject);
            written.Add(to);
        }

        Assert.Equal(recipients.Order(), written.Order());
    }

    [Fact]
    public async Task SendsThroughAnSmtpServer()
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        var mail = new SmtpPortalMail(Options.Create(new PortalMailOptions
        {
            SmtpHost = "127.0.0.1",
            SmtpPort = server.Port,
            SmtpTls = false,
            From = "Estate status <no-reply@status.example.com>",
        }), NullLogger<SmtpPortalMail>.Instance);

        await mail.SendAsync("pat@partsco.example", "Confirm your address", "Open this link.");

        using var received = await server.Received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("Confirm your address", received.Subject);
        Assert.Equal("pat@partsco.example", Assert.Single(received.To.Mailboxes).Address);
        Assert.Equal("no-reply@status.example.com", Assert.Single(received.From.Mailboxes).Address);
        Assert.Equal("Open this link.", received.TextBody?.TrimEnd());
    }

    [Fact]
    public async Task SaysTheMailWasNotSentWhenTheServerIsDown()
    {
        // A port that was just free and has nothing listening on it.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var mail = new SmtpPortalMail(Options.Create(new PortalMailOptions { SmtpHost = "127.0.0.1", SmtpPort = port, SmtpTls = false }),
            NullLogger<SmtpPortalMail>.Instance);

        var problem = await Assert.ThrowsAsync<MailNotSentException>(() => mail.SendAsync("pat@partsco.example", "Subject", "Body"));

        Assert.Contains("pat@partsco.example", problem.Message, StringComparison.Ordinal);
        Assert.IsType<SocketException>(problem.InnerException);
    }

    /// <summary>A real SMTP server on a free 127.0.0.1 port that keeps the first message it receives.</summary>
    private sealed class LoopbackSmtpServer : MessageStore, IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private SmtpServer.SmtpServer _server = null!;
        private Task _running = Task.CompletedTask;

        public int Port { get; private set; }

        public TaskCompletionSource<MimeMessage> Received { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public static async Task<LoopbackSmtpServer> StartAsync()
        {
            var store = new LoopbackSmtpServer();
            var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            var listeners = new EndpointListenerFactory();
            listeners.EndpointStarted += (_, e) => started.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);
            var services = new SmtpServer.ComponentModel.ServiceProvider();
            services.Add(listeners);
            services.Add(store);
            var options = new SmtpServerOptionsBuilder()
                .ServerName("localhost")
                .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, 0)))
                .Build();
            store._server = new SmtpServer.SmtpServer(options, services);
            store._running = store._server.StartAsync(store._stop.Token);
            store.Port = await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
            return store;
        }

        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            Received.TrySetResult(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }

        public async ValueTask DisposeAsync()
        {
            _server.Shutdown();
            await _stop.CancelAsync();
            try
            {
                await _running;
            }
            catch (OperationCanceledException)
            {
            }

            _stop.Dispose();
        }
    }
}
