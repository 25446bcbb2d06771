using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace WechatLeads.Server.Sandbox;

/// <summary>
/// The sandbox's memory of the fake WeChat platform: issued tokens and codes, the published menu,
/// simulated followers and what the app sent them. In memory on purpose — it is a demo and a test double,
/// never production state — and thread-safe because the app calls it from many jobs at once.
/// </summary>
public sealed class SandboxState(TimeProvider time)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (string Token, DateTimeOffset ExpiresAt)> _stableTokens = new();
    private readonly Dictionary<string, (string AppId, DateTimeOffset ValidUntil)> _validTokens = new();
    private readonly Dictionary<string, SandboxCode> _codes = new();
    private readonly ConcurrentDictionary<string, SandboxFollower> _followers = new();
    private readonly ConcurrentDictionary<string, string> _qrTickets = new();
    private readonly List<SandboxFault> _faults = [];
    private readonly List<(string Path, TaskCompletionSource Arrived)> _stalls = [];
    private int _tokenFetches;

    public string? MenuJson { get; set; }

    private int _menuCreates;

    /// <summary>How many times menu/create was called: instances starting together should publish once per change.</summary>
    public int MenuCreates => Volatile.Read(ref _menuCreates);

    public void CountMenuCreate() => Interlocked.Increment(ref _menuCreates);

    /// <summary>The jsapi tickets cgi-bin/ticket/getticket handed out, newest last: a test checks a page's wx.config signature against them.</summary>
    public ConcurrentQueue<string> JsapiTickets { get; } = new();

    public int TokenFetches => Volatile.Read(ref _tokenFetches);

    public static string RandomString(int length) =>
        RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-", length);

    // ---- access tokens ------------------------------------------------------------------------------

    /// <summary>cgi-bin/token: every call issues a new token; the previous one keeps working for 5 minutes.</summary>
    public string IssueClassicToken(string appId)
    {
        Interlocked.Increment(ref _tokenFetches);
        lock (_gate)
        {
            var now = time.GetUtcNow();
            foreach (var (token, entry) in _validTokens.Where(t => t.Value.AppId == appId).ToList())
                _validTokens[token] = (appId, entry.ValidUntil < now.AddMinutes(5) ? entry.ValidUntil : now.AddMinutes(5));
            var fresh = "sbx_" + RandomString(40);
            _validTokens[fresh] = (appId, now.AddSeconds(7200));
            return fresh;
        }
    }

    /// <summary>cgi-bin/stable_token: the same token while it is valid, unless a refresh is forced.</summary>
    public (string Token, int ExpiresIn) IssueStableToken(string appId, bool forceRefresh)
    {
        Interlocked.Increment(ref _tokenFetches);
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (!forceRefresh && _stableTokens.TryGetValue(appId, out var current) && current.ExpiresAt > now && _validTokens.ContainsKey(current.Token))
                return (current.Token, (int)(current.ExpiresAt - now).TotalSeconds);
            var fresh = "sbx_" + RandomString(40);
            _stableTokens[appId] = (fresh, now.AddSeconds(7200));
            _validTokens[fresh] = (appId, now.AddSeconds(7200));
            return (fresh, 7200);
        }
    }

    public string? AppOfToken(string? token)
    {
        if (token is null) return null;
        lock (_gate)
            return _validTokens.TryGetValue(token, out var entry) && entry.ValidUntil > time.GetUtcNow() ? entry.AppId : null;
    }

    /// <summary>Simulates every token expiring at once (the next API call gets 40001).</summary>
    public void RevokeAllTokens()
    {
        lock (_gate)
        {
            _validTokens.Clear();
            _stableTokens.Clear();
        }
    }

    // ---- single-use codes (OAuth, wx.login, getPhoneNumber) ---------------------------------------------

    /// <param name="owner">The openid the code was issued to (getPhoneNumber codes): redeeming it for another openid fails.</param>
    public string IssueCode(string kind, string subject, TimeSpan lifetime, string? owner = null)
    {
        var code = kind + "_" + RandomString(24);
        lock (_gate) _codes[code] = new SandboxCode(kind, subject, time.GetUtcNow() + lifetime, owner);
        return code;
    }

    /// <summary>What the sandbox knows of <paramref name="code"/>: for a test that has to say why a code was refused.</summary>
    public string DescribeCode(string code)
    {
        lock (_gate)
            return _codes.TryGetValue(code, out var entry)
                ? $"{entry.Kind} code, expires {entry.ExpiresAt:O} (now {time.GetUtcNow():O}), used: {entry.Used}, owner: {entry.Owner ?? "any"}"
                : $"unknown code ({_codes.Count} codes issued)";
    }

    private readonly ConcurrentDictionary<string, int> _redeemCalls = new();

    /// <summary>How many times the app has asked to redeem a code of this kind: the WeChat calls (and quota) codes cost.</summary>
    public int RedeemCalls(string kind) => _redeemCalls.GetValueOrDefault(kind);

    /// <summary>
    /// Redeems a code once: 40163 when already used, 40029 when unknown, expired or of another kind — or, given an
    /// <paramref name="owner"/>, issued to someone else (WeChat's documented list for getuserphonenumber has no other
    /// code for a failed openid check; the code stays unused, as its owner may still present it).
    /// </summary>
    public (string? Subject, int ErrorCode) RedeemCode(string kind, string? code, string? owner = null)
    {
        _redeemCalls.AddOrUpdate(kind, 1, (_, n) => n + 1);
        lock (_gate)
        {
            if (code is null || !_codes.TryGetValue(code, out var entry) || entry.Kind != kind || entry.ExpiresAt < time.GetUtcNow())
                return (null, 40029);
            if (owner is not null && entry.Owner is not null && owner != entry.Owner) return (null, 40029);
            if (entry.Used) return (null, 40163);
            entry.Used = true;
            return (entry.Subject, 0);
        }
    }

    // ---- the mini-program's paid phone-number quota ------------------------------------------------------

    /// <summary>
    /// When set, getuserphonenumber answers 1400001 (该功能使用次数已达当前小程序上限) for every code, as an account whose
    /// 手机号快速验证 quota is used up; the app's SMS fallback can be tried without buying (or spending) anything.
    /// </summary>
    public bool PhoneNumberQuotaExhausted { get; set; }

    private readonly ConcurrentDictionary<(string OpenId, string TemplateId), int> _subscriptions = new();
    private readonly ConcurrentQueue<SandboxSubscribeMessage> _subscribeMessages = new();

    /// <summary>The mini-program user accepted a subscription popup: WeChat now holds one more send for them.</summary>
    public void GrantSubscription(string openId, string templateId) => _subscriptions.AddOrUpdate((openId, templateId), 1, (_, n) => n + 1);

    /// <summary>Spends one of the user's subscriptions to the template, as WeChat's send does; false (43101) when none is left.</summary>
    public bool TakeSubscription(string openId, string templateId)
    {
        while (true)
        {
            var held = _subscriptions.GetValueOrDefault((openId, templateId));
            if (held <= 0) return false;
            if (_subscriptions.TryUpdate((openId, templateId), held - 1, held)) return true;
        }
    }

    /// <summary>Subscribe messages delivered (the mini-program's 服务通知), oldest first.</summary>
    public IReadOnlyList<SandboxSubscribeMessage> SubscribeMessages => _subscribeMessages.ToArray();

    public long RecordSubscribeMessage(string openId, string templateId, string? page, IReadOnlyDictionary<string, string> data)
    {
        var id = Interlocked.Increment(ref _nextSubscribeMessageId);
        _subscribeMessages.Enqueue(new SandboxSubscribeMessage(id, openId, templateId, page, data, time.GetUtcNow()));
        return id;
    }

    private long _nextSubscribeMessageId = 2_000_000_000;

    private readonly ConcurrentDictionary<string, int> _riskRanks = new();

    /// <summary>What getuserriskrank answers for a user (安全风控): 0 unless the simulator set it (a simulated farm account).</summary>
    public int RiskRankOf(string? openId) => openId is null ? 0 : _riskRanks.GetValueOrDefault(openId);

    public void SetRiskRank(string openId, int rank) => _riskRanks[openId] = Math.Clamp(rank, 0, 4);

    /// <summary>How long getuserriskrank takes to answer (benchmarks: WeChat on a good day).</summary>
    public TimeSpan RiskRankDelay { get; set; }

    private readonly ConcurrentDictionary<string, int> _apiCalls = new();

    /// <summary>How many calls reached an API path with a valid token (faults included): what WeChat would count.</summary>
    public int ApiCalls(string path) => _apiCalls.GetValueOrDefault(path.Trim('/'));

    public void CountApiCall(string path) => _apiCalls.AddOrUpdate(path, 1, (_, n) => n + 1);

    // ---- followers and what they received --------------------------------------------------------------

    public SandboxFollower CreateFollower(string nickname)
    {
        var follower = new SandboxFollower("o" + RandomString(27), nickname);
        _followers[follower.OpenId] = follower;
        return follower;
    }

    public SandboxFollower GetOrAddFollower(string openId) => _followers.GetOrAdd(openId, id => new SandboxFollower(id, id[..Math.Min(8, id.Length)]));

    public SandboxFollower? FindFollower(string openId) => _followers.GetValueOrDefault(openId);

    public IReadOnlyList<SandboxFollower> Followers => _followers.Values.OrderBy(f => f.CreatedOrder).ToList();

    public string IssueQrTicket(string scene)
    {
        var ticket = "sbxqr_" + RandomString(32);
        _qrTickets[ticket] = scene;
        return ticket;
    }

    public string? SceneOfTicket(string ticket) => _qrTickets.GetValueOrDefault(ticket);

    // ---- SMS (the sandbox gateway) ----------------------------------------------------------------------

    private readonly ConcurrentDictionary<string, SandboxSms> _sms = new();

    /// <summary>Raised for each new message, after it is recorded (the simulator's phone, and tests, listen).</summary>
    public event Action<SandboxSms>? SmsArrived;

    /// <summary>Records a message once per id, as a real gateway de-duplicates by its out-id.</summary>
    public bool DeliverSms(string messageId, string phone, string text)
    {
        var sms = new SandboxSms(messageId, phone, text, time.GetUtcNow());
        if (!_sms.TryAdd(messageId, sms)) return false;
        SmsArrived?.Invoke(sms);
        return true;
    }

    public IReadOnlyList<SandboxSms> SmsMessages => _sms.Values.OrderBy(m => m.At).ToList();

    // ---- fault injection (tests, and demos of the retry paths) --------------------------------------------

    /// <summary>The next <paramref name="times"/> calls to <paramref name="path"/> answer <paramref name="errorCode"/>.</summary>
    public void InjectFault(string path, int errorCode, int times = 1)
    {
        lock (_gate) _faults.Add(new SandboxFault(path.Trim('/'), errorCode, times));
    }

    /// <summary>How many injected failures of <paramref name="path"/> are still to come.</summary>
    public int FaultsLeft(string path)
    {
        lock (_gate) return _faults.Where(f => f.Path == path.Trim('/')).Sum(f => f.Remaining);
    }

    public int? TakeFault(string path)
    {
        lock (_gate)
        {
            var fault = _faults.FirstOrDefault(f => f.Path == path && f.Remaining > 0);
            if (fault is null) return null;
            fault.Remaining--;
            if (fault.Remaining == 0) _faults.Remove(fault);
            return fault.ErrorCode;
        }
    }

    private readonly ConcurrentDictionary<string, TimeSpan> _delays = new(StringComparer.Ordinal);

    /// <summary>Every later call to <paramref name="path"/> answers after <paramref name="delay"/>: a slow day at WeChat.</summary>
    public void InjectDelay(string path, TimeSpan delay) => _delays[path.Trim('/')] = delay;

    public TimeSpan DelayOf(string path) => _delays.GetValueOrDefault(path);

    /// <summary>
    /// The next call to <paramref name="path"/> hangs until its caller gives up: a WeChat call in flight when
    /// the instance making it is killed. The returned task completes when the call has arrived.
    /// </summary>
    public Task StallNext(string path)
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate) _stalls.Add((path.Trim('/'), arrived));
        return arrived.Task;
    }

    /// <summary>True when this call is the stalled one (and it has now been reported as arrived).</summary>
    public bool TakeStall(string path)
    {
        lock (_gate)
        {
            var index = _stalls.FindIndex(st => st.Path == path);
            if (index < 0) return false;
            _stalls[index].Arrived.TrySetResult();
            _stalls.RemoveAt(index);
            return true;
        }
    }

    private sealed class SandboxCode(string kind, string subject, DateTimeOffset expiresAt, string? owner)
    {
        public string? Owner { get; } = owner;
        public string Kind { get; } = kind;
        public string Subject { get; } = subject;
        public DateTimeOffset ExpiresAt { get; } = expiresAt;
        public bool Used { get; set; }
    }

    private sealed class SandboxFault(string path, int errorCode, int remaining)
    {
        public string Path { get; } = path;
        public int ErrorCode { get; } = errorCode;
        public int Remaining { get; set; } = remaining;
    }
}

public sealed record SandboxSms(string MessageId, string Phone, string Text, DateTimeOffset At);

/// <summary>A subscribe message as the user's 服务通知 shows it.</summary>
public sealed record SandboxSubscribeMessage(
    long MsgId,
    string OpenId,
    string TemplateId,
    string? Page,
    IReadOnlyDictionary<string, string> Data,
    DateTimeOffset At);
