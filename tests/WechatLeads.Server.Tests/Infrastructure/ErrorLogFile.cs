using Microsoft.Extensions.Logging;

namespace WechatLeads.Server.Tests.Infrastructure;

/// <summary>
/// When WL_TEST_ERROR_LOG names a file, every test host appends its warnings and errors there, with the
/// exception — the server side of a failed assertion on a 500, which the test runner does not show.
/// </summary>
internal sealed class ErrorLogFile(string path) : ILoggerProvider
{
    private static readonly object Gate = new();

    public static string? Path => Environment.GetEnvironmentVariable("WL_TEST_ERROR_LOG");

    public ILogger CreateLogger(string categoryName) => new Logger(path, categoryName);

    public void Dispose() { }

    private sealed class Logger(string path, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var line = $"{DateTime.UtcNow:O} {logLevel} {category}: {formatter(state, exception)}{Environment.NewLine}{exception}{Environment.NewLine}";
            lock (Gate) File.AppendAllText(path, line);
        }
    }
}
