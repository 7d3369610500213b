using System.Buffers;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Portal.Tests.Support;

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1 that keeps every message it accepts,
/// parsed with MimeKit. It can refuse chosen recipients for good (550), hold messages after a number
/// of them (to catch a sender in the middle of a send), and counts the connections it was given.
/// </summary>
public sealed class SmtpSink : MessageStore, IMailboxFilter, IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<MimeMessage> _messages = [];
    private readonly HashSet<string> _refused = new(StringComparer.OrdinalIgnoreCase);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SmtpServer.SmtpServer _server = null!;
    private Task _running = Task.CompletedTask;
    private int _holdAfter = int.MaxValue;
    private int _sessions;
    private int _openSessions;
    private int _mostOpenSessions;
    private int _held;

    private SmtpSink()
    {
    }

    public int Port { get; private set; }

    /// <summary>Every message accepted so far, in the order accepted.</summary>
    public IReadOnlyList<MimeMessage> Messages => Read(() => _messages.ToList());

    /// <summary>How many connections (SMTP sessions) clients opened.</summary>
    public int Sessions => Read(() => _sessions);

    /// <summary>The most sessions that were open at the same time.</summary>
    public int MostOpenSessions => Read(() => _mostOpenSessions);

    /// <summary>Messages received after <see cref="HoldAfter"/> and waiting for <see cref="Release"/>.</summary>
    public int Held => Read(() => _held);

    /// <summary>A port that was free a moment ago and has nothing listening on it: for a server that is down, then started there.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public static async Task<SmtpSink> StartAsync(int port = 0)
    {
        var sink = new SmtpSink();
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) => started.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(listeners);
        services.Add((IMessageStore)sink);
        services.Add((IMailboxFilter)sink);
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        sink._server = new SmtpServer.SmtpServer(options, services);
        sink._server.SessionCreated += (_, _) => sink.Change(() =>
        {
            sink._sessions++;
            sink._openSessions++;
            sink._mostOpenSessions = Math.Max(sink._mostOpenSessions, sink._openSessions);
        });
        sink._server.SessionCompleted += (_, _) => sink.Change(() => sink._openSessions--);
        sink._server.SessionFaulted += (_, _) => sink.Change(() => sink._openSessions--);
        sink._running = sink._server.StartAsync(sink._stop.Token);
        sink.Port = await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return sink;
    }

    /// <summary>Refuses <paramref name="address"/> as a recipient for good (550).</summary>
    public void Refuse(string address) => Change(() => _refused.Add(address));

    /// <summary>Accepts <paramref name="count"/> messages, then holds every further one until <see cref="Release"/>.</summary>
    public void HoldAfter(int count) => Change(() => _holdAfter = count);

    public void Release() => _released.TrySetResult();

    /// <summary>The messages sent to <paramref name="address"/>.</summary>
    public IReadOnlyList<MimeMessage> To(string address) =>
        Messages.Where(m => m.To.Mailboxes.Any(t => string.Equals(t.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();

    /// <summary>Waits until what the sink has seen satisfies <paramref name="condition"/>, checked whenever it changes.</summary>
    public async Task WaitUntilAsync(Func<SmtpSink, bool> condition, TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var changed = Read(() => _changed.Task);
            if (condition(this))
            {
                return;
            }

            try
            {
                await changed.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The SMTP sink did not reach the expected state; it holds {Messages.Count} messages from {Sessions} sessions.");
            }
        }
    }

    public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) =>
        Task.FromResult(true);

    public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
        Task.FromResult(!Read(() => _refused.Contains($"{to.User}@{to.Host}")));

    public override async Task<SmtpResponse> SaveAsync(
        ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        var hold = false;
        Change(() =>
        {
            hold = _messages.Count + _held >= _holdAfter;
            _held += hold ? 1 : 0;
        });
        if (hold)
        {
            await _released.Task;
        }

        using var stream = new MemoryStream(buffer.ToArray());
        var message = await MimeMessage.LoadAsync(stream, CancellationToken.None);
        Change(() =>
        {
            _messages.Add(message);
            _held -= hold ? 1 : 0;
        });
        return SmtpResponse.Ok;
    }

    public async ValueTask DisposeAsync()
    {
        Release();
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

    private T Read<T>(Func<T> read)
    {
        lock (_gate)
        {
            return read();
        }
    }

    private void Change(Action change)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            change();
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }
}
