using System.Collections.Concurrent;

namespace WechatLeads.Server.Security;

/// <summary>
/// Warnings about refused anonymous input (malformed or rejected WeChat codes) at a bounded rate: the first
/// refusal after a quiet minute is logged at once, later ones are counted and reported in one line at most
/// once a minute per kind. A line per refusal let any script fill the disk and drown real warnings.
/// The kinds are constants of the code, so the counters here are bounded too.
/// </summary>
internal sealed class RefusalLog(TimeProvider time, ILogger<RefusalLog> logger)
{
    public static readonly TimeSpan Every = TimeSpan.FromMinutes(1);

    private sealed class Counter
    {
        public long Count;
        public long NextLineAt = long.MinValue;
    }

    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);

    /// <param name="kind">A constant: what was refused (e.g. "mini-program login code").</param>
    /// <param name="reason">A constant or an error code — never the refused value itself.</param>
    public void Refused(string kind, string reason)
    {
        var counter = _counters.GetOrAdd(kind, _ => new Counter());
        Interlocked.Increment(ref counter.Count);
        var now = time.GetUtcNow().UtcTicks;
        var due = Interlocked.Read(ref counter.NextLineAt);
        if (now < due || Interlocked.CompareExchange(ref counter.NextLineAt, now + Every.Ticks, due) != due) return;
        var count = Interlocked.Exchange(ref counter.Count, 0);
        logger.LogWarning("Refused {Count} {Kind}(s) since the last such line (at most one a minute); latest reason: {Reason}", count, kind, reason);
    }
}
