namespace WechatLeads.Server.Tests.Infrastructure;

/// <summary>A clock the test sets; everything else about time behaves as the system's.</summary>
public sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
