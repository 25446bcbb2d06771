using System.Threading.RateLimiting;

namespace WechatLeads.Server.Platform.Web;

/// <summary>The <c>RateLimits</c> section: per follower and per IP, so one script can't drain a prize pool.</summary>
internal sealed class RateLimitOptions
{
    public const string Section = "RateLimits";
    public int ParticipationsPerFollowerPerMinute { get; set; } = 10;
    public int ParticipationsPerIpPerMinute { get; set; } = 120;

    /// <summary>H5 campaign pages, and <c>GET /api/campaigns/{slug}</c> (the mini-program's landing view), per address.</summary>
    public int PagesPerIpPerMinute { get; set; } = 600;

    /// <summary>
    /// <c>POST /api/mp/login</c> per address: each one costs a call to WeChat (jscode2session) and, when it
    /// succeeds, a session row. A person logs in once per session (7 days); a carrier NAT shares an address.
    /// </summary>
    public int LoginsPerIpPerMinute { get; set; } = 120;

    /// <summary>
    /// <c>GET /h5/oauth/callback</c> per address: each one costs a call to WeChat (sns/oauth2/access_token).
    /// A person passes through it once per H5 sign-in.
    /// </summary>
    public int OAuthCallbacksPerIpPerMinute { get; set; } = 120;

    /// <summary>
    /// <c>POST /api/me/marketing/withdraw</c> and <c>…/consent</c> together, per person (WeChat identity): each is a
    /// ledger write, and a person changes their mind a few times at most, never dozens of times a minute.
    /// </summary>
    public int MarketingChoicesPerPersonPerMinute { get; set; } = 10;

    /// <summary>
    /// Requests for an SMS code (<c>POST /api/phone-codes</c>, the H5 form's 获取验证码, phone correction) per address.
    /// Each one costs an SMS; the per-number and per-person caps in the database come after this.
    /// </summary>
    public int PhoneCodesPerIpPerMinute { get; set; } = 30;

    /// <summary>The same requests per person (WeChat identity): a person asks for one code, and perhaps one more.</summary>
    public int PhoneCodesPerPersonPerMinute { get; set; } = 3;

    /// <summary>Console sign-in attempts per address: with the per-account lock-out, bounds password guessing.</summary>
    public int SignInsPerIpPerMinute { get; set; } = 10;

    public const int Max = 1_000_000_000; // far above any real limit: the benchmark effectively turns them off with 100,000,000

    /// <summary>Every limit, by its configuration key, that is not a whole number of requests from 1 to <see cref="Max"/>.</summary>
    public IEnumerable<string> Problems() =>
        typeof(RateLimitOptions).GetProperties().Where(p => p.PropertyType == typeof(int))
            .Where(p => (int)p.GetValue(this)! is < 1 or > Max)
            .Select(p => $"{Section}:{p.Name} must be 1-{Max} requests a minute; it is {p.GetValue(this)}.");
}

/// <summary>
/// The per-address limits of anonymous traffic (pages, mini-program logins, OAuth callbacks, console sign-ins) and the
/// answer to a refused request. Features with their own windows (taking part, SMS codes, marketing choices) build them
/// from the same options and <see cref="PerMinute"/>.
/// </summary>
internal static class RateLimits
{
    public const string H5Pages = "h5-pages";
    public const string Logins = "mp-login";
    public const string OAuthCallbacks = "oauth-callback";
    public const string SignIns = "admin-sign-in";

    /// <summary>The refusal, as JSON for programs (pages get <see cref="PageResult.Problem"/> with its title).</summary>
    public static readonly ApiProblem Refused = new(429, ProblemCodes.RateLimited, "操作太频繁，请稍后再试。");

    public static WebApplicationBuilder AddRateLimits(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        // The limiters below are built from these values now; a 0 or a typo must stop the start, not become "1".
        builder.Services.AddOptions<RateLimitOptions>().Bind(builder.Configuration.GetSection(RateLimitOptions.Section))
            .Validate(o => !o.Problems().Any(), string.Join(" ", options.Problems()) is { Length: > 0 } problems ? problems : "RateLimits is invalid.")
            .ValidateOnStart();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Programs get ProblemDetails with the stable code; people in a browser get a page.
            limiter.OnRejected = (context, _) => new ValueTask((PageRequests.WantPage(context.HttpContext)
                ? PageResult.Problem(429, "操作太频繁", "请稍后再试。")
                : Refused.ToResult()).ExecuteAsync(context.HttpContext));
            // Partitions are per address; an idle one is dropped by the limiter after a few seconds, so a burst
            // from many addresses leaves nothing behind.
            limiter.AddPolicy(H5Pages, http => RateLimitPartition.GetFixedWindowLimiter("pages:" + Ip(http), _ => PerMinute(options.PagesPerIpPerMinute)));
            limiter.AddPolicy(Logins, http => RateLimitPartition.GetFixedWindowLimiter("login:" + Ip(http), _ => PerMinute(options.LoginsPerIpPerMinute)));
            limiter.AddPolicy(OAuthCallbacks, http =>
                RateLimitPartition.GetFixedWindowLimiter("oauth:" + Ip(http), _ => PerMinute(options.OAuthCallbacksPerIpPerMinute)));
            limiter.AddPolicy(SignIns, http =>
                RateLimitPartition.GetFixedWindowLimiter("sign-in:" + Ip(http), _ => PerMinute(options.SignInsPerIpPerMinute)));
        });
        return builder;
    }

    internal static string Ip(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    internal static FixedWindowRateLimiterOptions PerMinute(int permits) => new()
    {
        PermitLimit = permits, // 1 or more: validated at start
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
