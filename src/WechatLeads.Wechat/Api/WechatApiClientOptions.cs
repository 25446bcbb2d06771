namespace WechatLeads.Wechat.Api;

public enum AccessTokenMode
{
    /// <summary><c>cgi-bin/stable_token</c>: the same token while valid, isolated from other fetchers. Recommended.</summary>
    Stable,
    /// <summary><c>cgi-bin/token</c>: every fetch replaces the previous token (which keeps working for 5 minutes).</summary>
    Classic,
}

public sealed class WechatApiClientOptions
{
    public required string AppId { get; init; }
    public required string AppSecret { get; init; }
    public string ApiBaseUrl { get; init; } = "https://api.weixin.qq.com";
    public string OAuthBaseUrl { get; init; } = "https://open.weixin.qq.com";
    public string QrCodeImageBaseUrl { get; init; } = "https://mp.weixin.qq.com";
    public AccessTokenMode TokenMode { get; init; } = AccessTokenMode.Stable;
    /// <summary>Refresh this long before expiry, so no call goes out with a token about to die.</summary>
    public TimeSpan TokenRefreshMargin { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>Delays between retries of a -1 (system busy) answer; then the call fails.</summary>
    public IReadOnlyList<TimeSpan> BusyRetryDelays { get; init; } = [TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1)];
    public TimeSpan RefreshLockTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
