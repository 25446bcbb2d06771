using Microsoft.Extensions.Logging;
using WechatLeads.Server.Security;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Security;

public sealed class RefusalLogTests
{
    private sealed class Lines : ILogger<RefusalLog>
    {
        public List<string> Written { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Written) Written.Add(formatter(state, exception));
        }
    }

    [Fact]
    public void A_flood_of_refused_codes_is_one_line_a_minute_with_its_count()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.Parse("2026-12-01T00:00:00Z"));
        var lines = new Lines();
        var log = new RefusalLog(clock, lines);

        for (var i = 0; i < 10_000; i++) log.Refused("mini-program login code", "malformed");
        Assert.Equal(["Refused 1 mini-program login code(s) since the last such line (at most one a minute); latest reason: malformed"], lines.Written);

        clock.Advance(TimeSpan.FromSeconds(59));
        log.Refused("mini-program login code", "malformed");
        Assert.Single(lines.Written);

        clock.Advance(TimeSpan.FromSeconds(2));
        log.Refused("mini-program login code", "WeChat errcode 40029");
        Assert.Equal(2, lines.Written.Count);
        Assert.StartsWith("Refused 10001 mini-program login code(s)", lines.Written[1]);

        log.Refused("OAuth code", "malformed"); // another kind has a minute of its own
        Assert.Equal(3, lines.Written.Count);
    }
}
