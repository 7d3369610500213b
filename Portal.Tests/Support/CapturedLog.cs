using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Portal.Tests.Support;

/// <summary>Keeps every formatted log message of a test host.</summary>
public sealed class CapturedLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();
    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyList<string> Messages => [.. _messages];

    /// <summary>Every entry with its category, level and exception, for tests of how much and how the portal logs.</summary>
    public IReadOnlyList<Entry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _messages, _entries);

    public void Dispose()
    {
    }

    public sealed record Entry(string Category, LogLevel Level, string Message, Exception? Exception);

    private sealed class Logger(string category, ConcurrentQueue<string> messages, ConcurrentQueue<Entry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            messages.Enqueue(message);
            entries.Enqueue(new Entry(category, logLevel, message, exception));
        }
    }
}
