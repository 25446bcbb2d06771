namespace WechatLeads.Server.Sandbox;

/// <summary>
/// A simulated WeChat user. It keeps WeChat's customer-service window rules: after a message from the
/// user, 5 messages within 48 hours; after a menu click, follow or scan, 3 within 1 minute.
/// </summary>
public sealed class SandboxFollower(string openId, string nickname)
{
    private static int s_order;
    private readonly object _gate = new();
    private readonly List<SandboxInboxItem> _inbox = [];
    private DateTimeOffset _windowEnds;
    private int _windowQuota;

    public string OpenId { get; } = openId;
    public string Nickname { get; } = nickname;
    public bool Subscribed { get; set; }
    internal int CreatedOrder { get; } = Interlocked.Increment(ref s_order);

    public IReadOnlyList<SandboxInboxItem> Inbox
    {
        get { lock (_gate) return _inbox.ToList(); }
    }

    /// <summary>Opens WeChat's reply window for an interaction of this kind.</summary>
    public void Interacted(bool isMessage, DateTimeOffset now)
    {
        lock (_gate)
        {
            var (span, quota) = isMessage ? (TimeSpan.FromHours(48), 5) : (TimeSpan.FromMinutes(1), 3);
            _windowEnds = now + span;
            _windowQuota = quota;
        }
    }

    /// <summary>Delivers a customer-service message, or returns WeChat's error code (45015 window, 45047 count).</summary>
    public int TryDeliverCustomerService(string kind, string text, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!Subscribed || now > _windowEnds) return 45015;
            if (_windowQuota <= 0) return 45047;
            _windowQuota--;
            _inbox.Add(new SandboxInboxItem("customer-service:" + kind, text, now));
            return 0;
        }
    }

    public int DeliverTemplate(string text, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!Subscribed) return 43004; // require subscribe
            _inbox.Add(new SandboxInboxItem("template", text, now));
            return 0;
        }
    }
}

public sealed record SandboxInboxItem(string Kind, string Text, DateTimeOffset At);
