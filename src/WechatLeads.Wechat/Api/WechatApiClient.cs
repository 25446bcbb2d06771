using System.Text.Json;
using Flurl;
using Flurl.Http;
using Flurl.Http.Configuration;

namespace WechatLeads.Wechat.Api;

/// <summary>
/// A typed client for the WeChat endpoints WechatLeads uses, one method per URL (named after it). Every
/// answer's <c>errcode</c> is checked (HTTP 200 is not success). Calls that need the account's access
/// token get it from <see cref="IAccessTokenStore"/>; an invalid-token answer refreshes and retries once,
/// a busy answer (-1) backs off and retries. Nothing secret ever goes into an exception message.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Reliability",
    "CA1001",
    Justification = "The refresh gate's SemaphoreSlim never allocates a wait handle (see _refreshGate).")]
public sealed partial class WechatApiClient
{
    private readonly IAccessTokenStore _tokens;
    private readonly TimeProvider _time;
    private readonly IFlurlClient _http;

    public WechatApiClient(WechatApiClientOptions options, IAccessTokenStore tokenStore, TimeProvider time, IFlurlClient? http = null)
    {
        Options = options;
        _tokens = tokenStore;
        _time = time;
        _http = http ?? new FlurlClient();
    }

    // Set per request, not on the client: the host may share one IFlurlClient with other code that
    // expects Flurl's defaults (throw on non-2xx, its own serializer).
    private static readonly ISerializer Json = new DefaultJsonSerializer(WechatJson.Options);

    public WechatApiClientOptions Options { get; }

    // ---- plumbing -------------------------------------------------------------------------------------

    private IFlurlRequest Api(string path) => _http.Request(Options.ApiBaseUrl.TrimEnd('/'), path).WithSettings(s =>
    {
        s.JsonSerializer = Json;
        s.AllowedHttpStatusRange = "*"; // status is checked below, so a 5xx never surfaces as a FlurlHttpException with the URL
    });

    /// <summary>
    /// Sends one request and checks errcode; -1 is retried after each configured delay. <paramref name="secret"/>
    /// (the token in the URL) is scrubbed from errmsg, as is the AppSecret, in case WeChat ever echoes one.
    /// </summary>
    private async Task<T> SendAsync<T>(string endpoint, Func<Task<IFlurlResponse>> send, CancellationToken ct, string? secret = null) where T
        : WechatApiResponse
    {
        using var activity = WechatTelemetry.StartCall(endpoint);
        var started = _time.GetTimestamp();
        var errorCode = WechatErrorCodes.Transport; // cancelled or failed before an answer: no errcode came back
        try
        {
            var body = await SendCheckedAsync<T>(endpoint, send, secret, ct);
            errorCode = 0;
            return body;
        }
        catch (WechatApiException e)
        {
            errorCode = e.ErrorCode;
            throw;
        }
        finally
        {
            WechatTelemetry.EndCall(activity, endpoint, errorCode, _time.GetElapsedTime(started));
        }
    }

    /// <summary>What went wrong on the way, for the log: timeout, refused, cut off… (never the message: it has the URL).</summary>
    private static string TransportFailure(FlurlHttpException e) => e switch
    {
        FlurlHttpTimeoutException => "timeout",
        { InnerException: HttpRequestException http } => "HttpRequestException " + http.HttpRequestError,
        _ => e.InnerException?.GetType().Name ?? "HTTP failure",
    };

    private async Task<T> SendCheckedAsync<T>(string endpoint, Func<Task<IFlurlResponse>> send, string? secret, CancellationToken ct) where T
        : WechatApiResponse
    {
        for (var attempt = 0; ; attempt++)
        {
            T body;
            try
            {
                var response = await send();
                if (response.StatusCode is < 200 or >= 300)
                    throw new WechatApiException(WechatErrorCodes.Transport, $"HTTP {response.StatusCode}", endpoint);
                body = await response.GetJsonAsync<T>() ?? throw new WechatApiException(WechatErrorCodes.Transport, "empty body", endpoint);
            }
            catch (FlurlHttpException e)
            {
                // Flurl's message includes the URL, and the URL includes access_token: never pass it on.
                throw new WechatApiException(WechatErrorCodes.Transport, TransportFailure(e), endpoint);
            }
            catch (JsonException)
            {
                throw new WechatApiException(WechatErrorCodes.Transport, "answer is not JSON", endpoint);
            }

            if (body.ErrorCode == 0) return body;
            if (body.ErrorCode == WechatErrorCodes.SystemBusy && attempt < Options.BusyRetryDelays.Count)
            {
                await Task.Delay(Options.BusyRetryDelays[attempt], _time, ct);
                continue;
            }
            throw new WechatApiException(body.ErrorCode, Redact(body.ErrorMessage ?? "", secret), endpoint);
        }
    }

    /// <summary>A call that carries the account's access token: on 40001/40014/42001 it refreshes and retries once.</summary>
    private async Task<T> WithTokenAsync<T>(string endpoint, Func<string, Task<IFlurlResponse>> send, CancellationToken ct) where T : WechatApiResponse
    {
        var token = await GetAccessTokenAsync(ct);
        try
        {
            return await SendAsync<T>(endpoint, () => send(token), ct, token);
        }
        catch (WechatApiException e) when (WechatErrorCodes.IsAccessTokenInvalid(e.ErrorCode))
        {
            await _tokens.InvalidateAsync(Options.AppId, token, ct);
            var fresh = await GetAccessTokenAsync(ct);
            return await SendAsync<T>(endpoint, () => send(fresh), ct, fresh);
        }
    }

    private string Redact(string text, string? secret)
    {
        if (!string.IsNullOrEmpty(secret)) text = text.Replace(secret, "***", StringComparison.Ordinal);
        return string.IsNullOrEmpty(Options.AppSecret) ? text : text.Replace(Options.AppSecret, "***", StringComparison.Ordinal);
    }

    // ---- access token ---------------------------------------------------------------------------------

    /// <summary>
    /// The cached token while it has more than the margin left; otherwise one refresh, under the store's lock. Within
    /// one process the refreshers queue on a gate first: a burst of requests that all find the token stale (the first
    /// minutes of a flash sale) makes one trip to the store's lock, and the rest find the token it fetched — instead of
    /// hundreds queueing on a database lock one at a time until they time out.
    /// </summary>
    public async ValueTask<string> GetAccessTokenAsync(CancellationToken ct = default)
    {
        var cached = await _tokens.GetAsync(Options.AppId, ct);
        if (IsFresh(cached)) return cached!.Value;

        if (!await _refreshGate.WaitAsync(Options.RefreshLockTimeout, ct)) throw RefreshTimedOut();
        try
        {
            cached = await _tokens.GetAsync(Options.AppId, ct); // refreshed by the one before us in this process
            if (IsFresh(cached)) return cached!.Value;
            IAsyncDisposable refreshLock;
            try { refreshLock = await _tokens.AcquireRefreshLockAsync(Options.AppId, Options.RefreshLockTimeout, ct); }
            catch (TimeoutException) { throw RefreshTimedOut(); }
            await using (refreshLock)
            {
                cached = await _tokens.GetAsync(Options.AppId, ct); // another instance may have refreshed while we waited
                if (IsFresh(cached)) return cached!.Value;
                var (value, expiresIn) = await FetchTokenAsync(ct);
                // errcode 0 without a usable token must not be cached: every later call would carry it.
                if (string.IsNullOrEmpty(value) || expiresIn <= 0)
                    throw new WechatApiException(WechatErrorCodes.Transport, "the token answer has no access_token or expires_in", "cgi-bin/token");
                var token = new CachedAccessToken(value, _time.GetUtcNow().AddSeconds(expiresIn));
                await _tokens.SaveAsync(Options.AppId, token, ct);
                return token.Value;
            }
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    /// <summary>A refresh that couldn't start in time is WeChat being unreachable to the caller: a transport error, not a crash.</summary>
    private static WechatApiException RefreshTimedOut() =>
        new(WechatErrorCodes.Transport, "timed out waiting for the access token refresh", "cgi-bin/token");

    // A SemaphoreSlim holds an OS handle only once AvailableWaitHandle is read, which never happens here: nothing to
    // dispose, so the client (a singleton per account) stays a plain object.
#pragma warning disable CA2213
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
#pragma warning restore CA2213

    private async Task<(string? Value, int ExpiresIn)> FetchTokenAsync(CancellationToken ct)
    {
        try
        {
            var fetched = await FetchTokenOnceAsync(ct);
            WechatTelemetry.TokenRefreshed(0);
            return fetched;
        }
        catch (WechatApiException e)
        {
            WechatTelemetry.TokenRefreshed(e.ErrorCode);
            throw;
        }
    }

    private async Task<(string? Value, int ExpiresIn)> FetchTokenOnceAsync(CancellationToken ct)
    {
        if (Options.TokenMode == AccessTokenMode.Stable)
        {
            var stable = await ExecuteCgibinStableTokenAsync(forceRefresh: false, ct);
            return (stable.AccessToken, stable.ExpiresIn);
        }
        var classic = await ExecuteCgibinTokenAsync(ct);
        return (classic.AccessToken, classic.ExpiresIn);
    }

    private bool IsFresh(CachedAccessToken? token) => token is not null && token.ExpiresAt - Options.TokenRefreshMargin > _time.GetUtcNow();

    /// <summary><c>cgi-bin/stable_token</c>. forceRefresh is limited by WeChat to a few calls a day; the client never sets it.</summary>
    public Task<CgibinStableTokenResponse> ExecuteCgibinStableTokenAsync(bool forceRefresh = false, CancellationToken ct = default) =>
        SendAsync<CgibinStableTokenResponse>("cgi-bin/stable_token", () => Api("cgi-bin/stable_token").PostJsonAsync(
            new CgibinStableTokenRequest { AppId = Options.AppId, Secret = Options.AppSecret, ForceRefresh = forceRefresh }, cancellationToken: ct), ct);

    public Task<CgibinTokenResponse> ExecuteCgibinTokenAsync(CancellationToken ct = default) =>
        SendAsync<CgibinTokenResponse>("cgi-bin/token", () => Api("cgi-bin/token")
            .SetQueryParams(new { grant_type = "client_credential", appid = Options.AppId, secret = Options.AppSecret })
            .GetAsync(cancellationToken: ct), ct);
}
