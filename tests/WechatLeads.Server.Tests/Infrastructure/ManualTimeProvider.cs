namespace WechatLeads.Server.Tests.Infrastructure;

/// <summary>A clock the test sets; everything else about time behaves as the system's.</summary>
public sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>
/// Real time, moved by an offset the test can change: jobs, leases and timeouts keep flowing, while the
/// test decides what hour of which day it is for the rules that care (quiet hours, caps, retention).
/// </summary>
public sealed class AdjustableClock(DateTimeOffset startAt) : TimeProvider
{
    private long _offsetTicks = (startAt - System.GetUtcNow()).Ticks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    /// <summary>Today (UTC) at the given China-time hour, e.g. 10:00 Beijing.</summary>
    public static DateTimeOffset ChinaTimeToday(int hour, int minute = 0) =>
        new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddHours(hour - 8).AddMinutes(minute);
}
