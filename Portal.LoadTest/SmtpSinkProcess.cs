using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.IO;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Portal.LoadTest;

/// <summary>
/// <c>--smtp-sink</c>, the child role of <c>--email</c>: a real SMTP server (the SmtpServer package) on
/// a free 127.0.0.1 port that accepts every message and counts them by Message-ID, so repeats show.
/// Protocol on standard output: <c>port P</c> once; <c>progress DISTINCT TOTAL TIMESTAMP</c> every
/// second while messages arrive; <c>done DISTINCT TOTAL FIRST LAST</c> (Stopwatch timestamps) when
/// the number expected has arrived. Standard input: <c>expect N</c>, <c>reset</c> (answered <c>reset</c>).
/// </summary>
internal sealed class SmtpSinkProcess : MessageStore
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _messageIds = new(StringComparer.Ordinal);
    private long _total;
    private long _first;
    private long _last;
    private int _expected = int.MaxValue;
    private bool _told;

    public static async Task<int> RunAsync()
    {
        var sink = new SmtpSinkProcess();
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new NoDelayListenerFactory();
        listeners.EndpointStarted += (_, e) => started.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);
        var services = new ServiceProvider();
        services.Add(listeners);
        services.Add((IMessageStore)sink);
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, 0)))
            .Build();
        var server = new SmtpServer.SmtpServer(options, services);
        using var stop = new CancellationTokenSource();
        var running = server.StartAsync(stop.Token);
        var port = await started.Task;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"port {port}"));
        var progress = sink.ReportProgressAsync(stop.Token);
        while (Console.ReadLine() is { } line)
        {
            switch (line.Split(' '))
            {
                case ["expect", var count]:
                    sink.Expect(int.Parse(count, CultureInfo.InvariantCulture));
                    break;
                case ["reset"]:
                    sink.Reset();
                    Console.WriteLine("reset");
                    break;
            }
        }

        server.Shutdown();
        await stop.CancelAsync();
        try
        {
            await Task.WhenAll(running, progress);
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }

    public override Task<SmtpResponse> SaveAsync(
        ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        var id = MessageIdIn(buffer) ?? Guid.NewGuid().ToString("N");
        var at = Stopwatch.GetTimestamp();
        string? done = null;
        lock (_gate)
        {
            _total++;
            if (_messageIds.Add(id))
            {
                _first = _messageIds.Count == 1 ? at : _first;
                _last = at;
            }

            if (!_told && _messageIds.Count >= _expected)
            {
                _told = true;
                done = string.Create(CultureInfo.InvariantCulture, $"done {_messageIds.Count} {_total} {_first} {_last}");
            }
        }

        if (done is not null)
        {
            Console.WriteLine(done);
        }

        return Task.FromResult(SmtpResponse.Ok);
    }

    private void Expect(int count)
    {
        string? done = null;
        lock (_gate)
        {
            _expected = count;
            if (!_told && _messageIds.Count >= _expected)
            {
                _told = true;
                done = string.Create(CultureInfo.InvariantCulture, $"done {_messageIds.Count} {_total} {_first} {_last}");
            }
        }

        if (done is not null)
        {
            Console.WriteLine(done);
        }
    }

    private void Reset()
    {
        lock (_gate)
        {
            _messageIds.Clear();
            _total = 0;
            _expected = int.MaxValue;
            _told = false;
        }
    }

    private async Task ReportProgressAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        long reported = -1;
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            string line;
            lock (_gate)
            {
                if (_total == reported)
                {
                    continue;
                }

                reported = _total;
                line = string.Create(CultureInfo.InvariantCulture, $"progress {_messageIds.Count} {_total} {Stopwatch.GetTimestamp()}");
            }

            Console.WriteLine(line);
        }
    }

    /// <summary>The Message-ID header's value, read from the header block only.</summary>
    private static string? MessageIdIn(ReadOnlySequence<byte> buffer)
    {
        var head = buffer.Length > 8192 ? buffer.Slice(0, 8192) : buffer;
        var text = Encoding.ASCII.GetString(head.ToArray());
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headers = end >= 0 ? text[..end] : text;
        foreach (var line in headers.Split("\r\n"))
        {
            if (line.StartsWith("Message-ID:", StringComparison.OrdinalIgnoreCase))
            {
                return line["Message-ID:".Length..].Trim();
            }
        }

        return null;
    }
}

/// <summary>
/// Listens as the package's own listener does, with Nagle's algorithm off on each accepted connection. The
/// package answers pipelined commands (MAIL FROM, RCPT TO) with one write each, and with Nagle on the second
/// answer waited for the client's delayed acknowledgement of the first, about 40 ms a message on every
/// connection; a mail server the portal sends to in production answers them in one write.
/// </summary>
internal sealed class NoDelayListenerFactory : EndpointListenerFactory
{
    public override IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
    {
        var listener = new TcpListener(endpointDefinition.Endpoint);
        listener.Start();
        var started = new EndpointEventArgs(endpointDefinition, listener.LocalEndpoint);
        OnEndpointStarted(started);
        return new Listener(listener, () => OnEndpointStopped(started));
    }

    private sealed class Listener(TcpListener listener, Action stopped) : IEndpointListener
    {
        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            var client = await listener.AcceptTcpClientAsync(cancellationToken);
            client.NoDelay = true;
            context.Properties.Add(EndpointListener.LocalEndPointKey, listener.LocalEndpoint);
            context.Properties.Add(EndpointListener.RemoteEndPointKey, client.Client.RemoteEndPoint);
            return new PlainPipe(client);
        }

        public void Dispose()
        {
            listener.Stop();
            stopped();
        }
    }

    /// <summary>The connection as a pipe; the sink offers no STARTTLS, so it is never upgraded.</summary>
    private sealed class PlainPipe(TcpClient client) : ISecurableDuplexPipe
    {
        public PipeReader Input { get; } = PipeReader.Create(client.GetStream());

        public PipeWriter Output { get; } = PipeWriter.Create(client.GetStream());

        public bool IsSecure => false;

        public SslProtocols SslProtocol => SslProtocols.None;

        public Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken) =>
            throw new NotSupportedException("The SMTP sink offers no TLS.");

        public void Dispose() => client.Dispose();
    }
}
