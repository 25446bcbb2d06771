using Flurl.Http;
using Flurl.Http.Testing;
using WechatLeads.Wechat.Api;

namespace WechatLeads.Wechat.Tests.Api;

public sealed class ClientEdgeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 8, 0, 0, TimeSpan.Zero);

    private static WechatApiClient Client(IAccessTokenStore? store = null, TimeProvider? time = null, IFlurlClient? http = null) => new(
        new WechatApiClientOptions { AppId = "wxapp", AppSecret = "s3cret", ApiBaseUrl = "https://api.test", BusyRetryDelays = [TimeSpan.Zero] },
        store ?? new InMemoryAccessTokenStore(), time ?? new ManualClock(Now), http);

    private static object Token(string value, int expiresIn = 7200) => new { access_token = value, expires_in = expiresIn };

    private static readonly object Ok = new { errcode = 0, errmsg = "ok" };

    [Theory]
    [InlineData(500, "{\"errcode\":0}")]
    [InlineData(502, "<html>Bad Gateway</html>")]
    [InlineData(200, "<html>not json</html>")]
    public async Task A_non_json_or_non_2xx_answer_is_a_transport_error_without_the_token(int status, string body)
    {
        using var http = new HttpTest();
        http.RespondWithJson(Token("SECRET-TOKEN-VALUE")).RespondWith(body, status);
        var error = await Assert.ThrowsAsync<WechatApiException>(() => Client().ExecuteCgibinMenuDeleteAsync());
        Assert.Equal(-2, error.ErrorCode);
        Assert.DoesNotContain("SECRET-TOKEN-VALUE", error.ToString());
        Assert.Null(error.InnerException); // Flurl's exceptions carry the URL, token included
    }

    [Fact]
    public async Task An_errmsg_that_echoes_the_token_or_secret_is_redacted()
    {
        using var http = new HttpTest();
        http.RespondWithJson(Token("SECRET-TOKEN-VALUE")).RespondWithJson(new { errcode = 40013, errmsg = "bad SECRET-TOKEN-VALUE for s3cret" });
        var error = await Assert.ThrowsAsync<WechatApiException>(() => Client().ExecuteCgibinMenuDeleteAsync());
        Assert.Equal("WeChat cgi-bin/menu/delete failed: 40013 bad *** for ***", error.Message);
    }

    [Fact]
    public async Task A_token_answer_without_a_token_is_an_error_and_is_not_cached()
    {
        using var http = new HttpTest();
        http.RespondWithJson(new { errcode = 0 }).RespondWithJson(Token("GOOD"));
        var store = new InMemoryAccessTokenStore();
        Assert.Equal(-2, (await Assert.ThrowsAsync<WechatApiException>(() => Client(store).GetAccessTokenAsync().AsTask())).ErrorCode);
        Assert.Null(await store.GetAsync("wxapp", default));
        Assert.Equal("GOOD", await Client(store).GetAccessTokenAsync());
    }

    [Fact]
    public async Task An_expired_token_is_replaced()
    {
        using var http = new HttpTest();
        http.RespondWithJson(Token("NEW"));
        var store = new InMemoryAccessTokenStore();
        await store.SaveAsync("wxapp", new CachedAccessToken("OLD", Now.AddSeconds(-1)), default);
        Assert.Equal("NEW", await Client(store).GetAccessTokenAsync());
        Assert.Equal(Now.AddSeconds(7200), (await store.GetAsync("wxapp", default))!.ExpiresAt);
    }

    [Fact]
    public async Task After_a_40001_a_token_someone_else_refreshed_is_used_not_clobbered()
    {
        using var http = new HttpTest();
        http.RespondWithJson(new { errcode = 40001, errmsg = "invalid credential" }).RespondWithJson(Ok);
        var store = new RacingStore();
        await store.SaveAsync("wxapp", new CachedAccessToken("OLD", Now.AddHours(1)), default);

        await Client(store).ExecuteCgibinMenuDeleteAsync();

        http.ShouldNotHaveCalled("*/cgi-bin/stable_token");
        http.ShouldHaveCalled("*/cgi-bin/menu/delete").WithQueryParam("access_token", "NEWER").Times(1);
        Assert.Equal("NEWER", (await store.GetAsync("wxapp", default))!.Value);
    }

    [Fact]
    public async Task A_user_token_error_on_sns_userinfo_does_not_touch_the_app_token()
    {
        using var http = new HttpTest();
        http.RespondWithJson(new { errcode = 40001, errmsg = "invalid credential" });
        var error = await Assert.ThrowsAsync<WechatApiException>(() => Client().ExecuteSnsUserInfoAsync("USER-TOKEN", "o1"));
        Assert.Equal(40001, error.ErrorCode);
        http.ShouldNotHaveCalled("*/cgi-bin/*");
        http.ShouldHaveCalled("*/sns/userinfo").Times(1);
    }

    [Fact]
    public async Task Oauth_and_jscode2session_send_appid_secret_and_code()
    {
        using var http = new HttpTest();
        http.RespondWithJson(new { access_token = "U", expires_in = 7200, refresh_token = "R", openid = "o1", scope = "snsapi_base", is_snapshotuser = 1 })
            .RespondWithJson(new { openid = "o2", session_key = "SK", unionid = "u2" });
        var client = Client();

        var oauth = await client.ExecuteSnsOAuth2AccessTokenAsync("CODE");
        var session = await client.ExecuteSnsJsCode2SessionAsync("JS");

        Assert.Equal(("o1", 1), (oauth.OpenId, oauth.IsSnapshotUser));
        Assert.Equal(("o2", "SK", "u2"), (session.OpenId, session.SessionKey, session.UnionId));
        http.ShouldHaveCalled("https://api.test/sns/oauth2/access_token").WithVerb(HttpMethod.Get)
            .WithQueryParams(new { appid = "wxapp", secret = "s3cret", code = "CODE", grant_type = "authorization_code" });
        http.ShouldHaveCalled("https://api.test/sns/jscode2session")
            .WithQueryParams(new { appid = "wxapp", secret = "s3cret", js_code = "JS", grant_type = "authorization_code" });
        http.ShouldNotHaveCalled("*/cgi-bin/*");
    }

    [Fact]
    public async Task The_callers_flurl_client_keeps_its_own_settings()
    {
        using var http = new HttpTest();
        http.RespondWithJson(Token("T")).RespondWithJson(Ok);
        using var shared = new FlurlClient();
        var before = shared.Settings.JsonSerializer;
        await Client(http: shared).ExecuteCgibinMenuDeleteAsync();
        Assert.Same(before, shared.Settings.JsonSerializer);
        Assert.Null(shared.Settings.AllowedHttpStatusRange);
    }

    [Fact]
    public void The_qr_code_image_url_encodes_the_ticket() =>
        Assert.Equal(
            "https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=gQH%2B8DwAAAAAAAAAAS5odHRwOi8v%3D%3D",
            Client().BuildQrcodeImageUrl("gQH+8DwAAAAAAAAAAS5odHRwOi8v=="));

    [Fact]
    public async Task A_burst_of_calls_with_no_token_fetches_one_and_takes_the_stores_lock_once()
    {
        using var http = new HttpTest();
        http.ForCallsTo("*cgi-bin/stable_token*").RespondWithJson(Token("ONE"));
        http.ForCallsTo("*menu/delete*").RespondWithJson(Ok);
        var store = new CountingStore();
        var client = Client(store);

        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => client.ExecuteCgibinMenuDeleteAsync())));

        http.ShouldHaveCalled("*cgi-bin/stable_token*").Times(1);
        Assert.Equal(1, store.LockTaken); // the others found the token at the process's gate, not at the store's lock
    }

    [Fact]
    public async Task A_store_lock_that_is_not_released_in_time_is_a_transport_error_not_a_crash()
    {
        using var http = new HttpTest();
        var store = new InMemoryAccessTokenStore();
        await using var held = await store.AcquireRefreshLockAsync("wxapp", TimeSpan.FromSeconds(1), CancellationToken.None); // another instance, stuck
        var client = new WechatApiClient(new WechatApiClientOptions
        {
            AppId = "wxapp",
            AppSecret = "s3cret",
            ApiBaseUrl = "https://api.test",
            RefreshLockTimeout = TimeSpan.FromMilliseconds(50),
        }, store, new ManualClock(Now));
        Assert.Equal(-2, (await Assert.ThrowsAsync<WechatApiException>(() => client.GetAccessTokenAsync().AsTask())).ErrorCode);
    }

    private sealed class CountingStore : IAccessTokenStore
    {
        private readonly InMemoryAccessTokenStore _inner = new();
        private int _lockTaken;

        public int LockTaken => _lockTaken;

        public ValueTask<CachedAccessToken?> GetAsync(string appId, CancellationToken ct) => _inner.GetAsync(appId, ct);

        public ValueTask<IAsyncDisposable> AcquireRefreshLockAsync(string appId, TimeSpan timeout, CancellationToken ct)
        {
            Interlocked.Increment(ref _lockTaken);
            return _inner.AcquireRefreshLockAsync(appId, timeout, ct);
        }

        public ValueTask SaveAsync(string appId, CachedAccessToken token, CancellationToken ct) => _inner.SaveAsync(appId, token, ct);

        public ValueTask InvalidateAsync(string appId, string failedToken, CancellationToken ct) => _inner.InvalidateAsync(appId, failedToken, ct);
    }

    /// <summary>Simulates another instance saving a fresh token just before this one invalidates the failed one.</summary>
    private sealed class RacingStore : IAccessTokenStore
    {
        private readonly InMemoryAccessTokenStore _inner = new();

        public ValueTask<CachedAccessToken?> GetAsync(string appId, CancellationToken ct) => _inner.GetAsync(appId, ct);

        public ValueTask<IAsyncDisposable> AcquireRefreshLockAsync(string appId, TimeSpan timeout, CancellationToken ct) =>
            _inner.AcquireRefreshLockAsync(appId, timeout, ct);

        public ValueTask SaveAsync(string appId, CachedAccessToken token, CancellationToken ct) => _inner.SaveAsync(appId, token, ct);

        public async ValueTask InvalidateAsync(string appId, string failedToken, CancellationToken ct)
        {
            await _inner.SaveAsync(appId, new CachedAccessToken("NEWER", Now.AddHours(2)), ct);
            await _inner.InvalidateAsync(appId, failedToken, ct);
        }
    }
}
