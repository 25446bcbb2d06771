using Flurl.Http.Testing;
using WechatLeads.Wechat.Api;

namespace WechatLeads.Wechat.Tests.Api;

public sealed class ClientTests
{
    private static readonly ManualClock Clock = new(new DateTimeOffset(2026, 11, 28, 8, 0, 0, TimeSpan.Zero));

    private static WechatApiClient Client(IAccessTokenStore? store = null, AccessTokenMode mode = AccessTokenMode.Stable, TimeProvider? time = null) => new(
        new WechatApiClientOptions
        {
            AppId = "wxapp",
            AppSecret = "s3cret",
            ApiBaseUrl = "https://api.test",
            TokenMode = mode,
            BusyRetryDelays = [TimeSpan.Zero, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2)],
        },
        store ?? new InMemoryAccessTokenStore(), time ?? Clock);

    private static object Token(string value, int expiresIn = 7200) => new { access_token = value, expires_in = expiresIn };

    private static readonly object Ok = new { errcode = 0, errmsg = "ok" };

    [Fact]
    public async Task The_token_is_fetched_once_and_cached_across_calls()
    {
        using var http = new HttpTest();
        http.RespondWithJson(Token("T1")).RespondWithJson(Ok).RespondWithJson(Ok);
        var client = Client();

        await client.ExecuteCgibinMenuDeleteAsync();
        await client.ExecuteCgibinMenuDeleteAsync();

        http.ShouldHaveCalled("https://api.test/cgi-bin/stable_token").WithVerb(HttpMethod.Post).Times(1);
        http.ShouldHaveCalled("https://api.test/cgi-bin/menu/delete").WithQueryParam("access_token", "T1").Times(2);
    }

    [Fact]
    public async Task Two_clients_sharing_a_store_share_one_token()
    {
        using var http = new HttpTest();
        http.RespondWithJson(Token("SHARED")).RespondWithJson(Ok).RespondWithJson(Ok);
        var store = new InMemoryAccessTokenStore();

        await Client(store).ExecuteCgibinMenuDeleteAsync();
        await Client(store).ExecuteCgibinMenuDeleteAsync();

        http.ShouldHaveCalled("*/cgi-bin/stable_token").Times(1);
    }

    [Fact]
    public async Task Concurrent_first_calls_fetch_the_token_once()
    {
        using var http = new HttpTest();
        http.RespondWithJson(Token("ONE"));
        for (var i = 0; i < 10; i++) http.RespondWithJson(Ok);
        var client = Client();

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.ExecuteCgibinMenuDeleteAsync()));

        http.ShouldHaveCalled("*/cgi-bin/stable_token").Times(1);
    }

    [Fact]
    public async Task A_token_inside_the_refresh_margin_is_refreshed_early()
    {
        using var http = new HttpTest();
        var clock = new ManualClock(Clock.GetUtcNow());
        http.RespondWithJson(Token("OLD", 600)).RespondWithJson(Ok).RespondWithJson(Token("NEW")).RespondWithJson(Ok);
        var client = Client(time: clock);

        await client.ExecuteCgibinMenuDeleteAsync();
        clock.Advance(TimeSpan.FromSeconds(301)); // 299 s left: inside the 5-minute margin
        await client.ExecuteCgibinMenuDeleteAsync();

        http.ShouldHaveCalled("*/cgi-bin/menu/delete").WithQueryParam("access_token", "NEW").Times(1);
    }

    [Theory]
    [InlineData(40001)]
    [InlineData(40014)]
    [InlineData(42001)]
    public async Task An_invalid_token_answer_invalidates_refreshes_and_retries_once(int code)
    {
        using var http = new HttpTest();
        http.RespondWithJson(Token("STALE")).RespondWithJson(new { errcode = code, errmsg = "invalid credential" })
            .RespondWithJson(Token("FRESH")).RespondWithJson(Ok);
        var client = Client();

        await client.ExecuteCgibinMessageCustomSendAsync(CgibinMessageCustomSendRequest.Text("o1", "hi"));

        http.ShouldHaveCalled("*/cgi-bin/stable_token").Times(2);
        http.ShouldHaveCalled("*/cgi-bin/message/custom/send").Times(2);
        http.ShouldHaveCalled("*/cgi-bin/message/custom/send").WithQueryParam("access_token", "FRESH").Times(1);
    }

    [Fact]
    public async Task A_second_invalid_token_answer_is_thrown_not_retried_forever()
    {
        using var http = new HttpTest();
        http.RespondWithJson(Token("A")).RespondWithJson(new { errcode = 40001, errmsg = "x" })
            .RespondWithJson(Token("B")).RespondWithJson(new { errcode = 40001, errmsg = "x" });
        var error = await Assert.ThrowsAsync<WechatApiException>(() => Client().ExecuteCgibinMenuDeleteAsync());
        Assert.Equal(40001, error.ErrorCode);
        http.ShouldHaveCalled("*/cgi-bin/menu/delete").Times(2);
    }

    [Fact]
    public async Task Invalidation_does_not_drop_a_token_someone_else_already_refreshed()
    {
        var store = new InMemoryAccessTokenStore();
        await store.SaveAsync("wxapp", new CachedAccessToken("NEWER", Clock.GetUtcNow().AddHours(2)), default);
        await store.InvalidateAsync("wxapp", "OLDER", default);
        Assert.Equal("NEWER", (await store.GetAsync("wxapp", default))!.Value);
        await store.InvalidateAsync("wxapp", "NEWER", default);
        Assert.Null(await store.GetAsync("wxapp", default));
    }

    [Fact]
    public async Task System_busy_is_retried_with_backoff_then_succeeds()
    {
        using var http = new HttpTest();
        http.RespondWithJson(Token("T")).RespondWithJson(new { errcode = -1, errmsg = "system error" })
            .RespondWithJson(new { errcode = -1, errmsg = "system error" }).RespondWithJson(Ok);
        await Client().ExecuteCgibinMenuDeleteAsync();
        http.ShouldHaveCalled("*/cgi-bin/menu/delete").Times(3);
    }

    [Fact]
    public async Task System_busy_past_the_retries_throws_minus_one()
    {
        using var http = new HttpTest();
        http.RespondWithJson(Token("T"));
        for (var i = 0; i < 4; i++) http.RespondWithJson(new { errcode = -1, errmsg = "system error" });
        var error = await Assert.ThrowsAsync<WechatApiException>(() => Client().ExecuteCgibinMenuDeleteAsync());
        Assert.Equal(-1, error.ErrorCode);
        http.ShouldHaveCalled("*/cgi-bin/menu/delete").Times(4);
    }

    [Fact]
    public async Task An_errcode_becomes_a_typed_exception_without_the_token_in_its_message()
    {
        using var http = new HttpTest();
        http.RespondWithJson(Token("SECRET-TOKEN-VALUE")).RespondWithJson(new { errcode = 45015, errmsg = "response out of time limit" });
        var error = await Assert.ThrowsAsync<WechatApiException>(() =>
            Client().ExecuteCgibinMessageCustomSendAsync(CgibinMessageCustomSendRequest.Text("o1", "hi")));
        Assert.Equal(45015, error.ErrorCode);
        Assert.Equal("cgi-bin/message/custom/send", error.Endpoint);
        Assert.DoesNotContain("SECRET-TOKEN-VALUE", error.ToString());
    }

    [Fact]
    public async Task A_transport_failure_never_leaks_the_token()
    {
        using var http = new HttpTest();
        http.RespondWithJson(Token("SECRET-TOKEN-VALUE")).SimulateTimeout();
        var error = await Assert.ThrowsAsync<WechatApiException>(() => Client().ExecuteCgibinMenuDeleteAsync());
        Assert.Equal(-2, error.ErrorCode);
        Assert.Equal("timeout", error.ErrorMessage);
        Assert.DoesNotContain("SECRET-TOKEN-VALUE", error.ToString());
    }

    [Fact]
    public async Task A_transport_failure_says_what_failed_for_the_log()
    {
        using var http = new HttpTest();
        http.RespondWithJson(Token("SECRET-TOKEN-VALUE")).SimulateException(new HttpRequestException(HttpRequestError.ResponseEnded, "cut off"));
        var error = await Assert.ThrowsAsync<WechatApiException>(() => Client().ExecuteCgibinMenuDeleteAsync());
        Assert.Equal((-2, "HttpRequestException ResponseEnded"), (error.ErrorCode, error.ErrorMessage));
    }

    [Fact]
    public async Task Stable_mode_posts_json_and_classic_mode_gets_with_query()
    {
        using (var http = new HttpTest())
        {
            http.RespondWithJson(Token("S"));
            await Client().GetAccessTokenAsync();
            http.ShouldHaveCalled("https://api.test/cgi-bin/stable_token").WithVerb(HttpMethod.Post)
                .WithRequestBody("{\"grant_type\":\"client_credential\",\"appid\":\"wxapp\",\"secret\":\"s3cret\",\"force_refresh\":false}");
        }
        using (var http = new HttpTest())
        {
            http.RespondWithJson(Token("C"));
            await Client(mode: AccessTokenMode.Classic).GetAccessTokenAsync();
            http.ShouldHaveCalled("https://api.test/cgi-bin/token").WithVerb(HttpMethod.Get)
                .WithQueryParam("grant_type", "client_credential").WithQueryParam("appid", "wxapp").WithQueryParam("secret", "s3cret");
        }
    }

    [Fact]
    public async Task Chinese_is_sent_as_raw_utf8()
    {
        using var http = new HttpTest();
        http.RespondWithJson(Token("T")).RespondWithJson(Ok);
        await Client()
            .ExecuteCgibinMenuCreateAsync(new CgibinMenuCreateRequest { Buttons = [new MenuButton { Type = "click", Name = "取消订阅", Key = "UNSUBSCRIBE" }] });
        http.ShouldHaveCalled("*/cgi-bin/menu/create").WithRequestBody("*取消订阅*");
    }

    [Fact]
    public void The_oauth_url_is_built_and_encoded_as_wechat_documents()
    {
        var url = Client().BuildOAuth2AuthorizeUrl("https://leads.example.com/h5/oauth/callback?x=1", "snsapi_base", "st ate");
        Assert.StartsWith(
            "https://open.weixin.qq.com/connect/oauth2/authorize?appid=wxapp&redirect_uri=https%3A%2F%2Fleads.example.com%2Fh5%2Foauth%2Fcallback%3Fx%3D1&" +
            "response_type=code&scope=snsapi_base&state=st%20ate",
            url);
        Assert.EndsWith("#wechat_redirect", url);
    }

    [Fact]
    public async Task The_phone_number_api_accepts_a_numeric_or_string_country_code()
    {
        using var http = new HttpTest();
        http.RespondWithJson(Token("T"))
            .RespondWith("{\"errcode\":0,\"errmsg\":\"ok\",\"phone_info\":{\"phoneNumber\":\"13800138000\",\"purePhoneNumber\":\"13800138000\"," +
                "\"countryCode\":86,\"watermark\":{\"timestamp\":1,\"appid\":\"wxapp\"}}}")
            .RespondWith("{\"errcode\":0,\"errmsg\":\"ok\",\"phone_info\":{\"phoneNumber\":\"13800138000\",\"purePhoneNumber\":\"13800138000\"," +
                "\"countryCode\":\"86\",\"watermark\":{\"timestamp\":1,\"appid\":\"wxapp\"}}}");
        var client = Client();
        Assert.Equal("86", (await client.ExecuteWxaBusinessGetUserPhoneNumberAsync("c1")).PhoneInfo!.CountryCode);
        Assert.Equal("86", (await client.ExecuteWxaBusinessGetUserPhoneNumberAsync("c2")).PhoneInfo!.CountryCode);
    }

    [Fact]
    public async Task The_phone_number_code_is_sent_with_the_openid_it_must_belong_to()
    {
        using var http = new HttpTest();
        http.RespondWithJson(Token("T")).RespondWith(PhoneAnswer).RespondWith(PhoneAnswer);
        var client = Client();

        await client.ExecuteWxaBusinessGetUserPhoneNumberAsync("c1", "omp-user-1");
        await client.ExecuteWxaBusinessGetUserPhoneNumberAsync("c2");

        http.ShouldHaveCalled("*/wxa/business/getuserphonenumber").WithRequestJson(new { code = "c1", openid = "omp-user-1" }).Times(1);
        // Without an openid the body stays as it always was: {"code":"…"}, no "openid":null for WeChat to reject.
        http.ShouldHaveCalled("*/wxa/business/getuserphonenumber").WithRequestBody("{\"code\":\"c2\"}").Times(1);
    }

    [Fact]
    public async Task An_exhausted_phone_number_quota_is_a_typed_error()
    {
        using var http = new HttpTest();
        http.RespondWithJson(Token("T")).RespondWithJson(new { errcode = 1400001, errmsg = "quota not enough" });
        var error = await Assert.ThrowsAsync<WechatApiException>(() => Client().ExecuteWxaBusinessGetUserPhoneNumberAsync("c1", "omp-user-1"));
        Assert.Equal(WechatErrorCodes.PhoneNumberQuotaExhausted, error.ErrorCode);
        http.ShouldHaveCalled("*/wxa/business/getuserphonenumber").Times(1); // not retried: it is not a busy answer
    }

    private const string PhoneAnswer =
        "{\"errcode\":0,\"errmsg\":\"ok\",\"phone_info\":{\"phoneNumber\":\"13800138000\",\"purePhoneNumber\":\"13800138000\",\"countryCode\":\"86\"," +
        "\"watermark\":{\"timestamp\":1,\"appid\":\"wxapp\"}}}";

    [Fact]
    public async Task Oauth_code_errors_are_typed()
    {
        using var http = new HttpTest();
        http.RespondWithJson(new { errcode = 40163, errmsg = "code been used" });
        var error = await Assert.ThrowsAsync<WechatApiException>(() => Client().ExecuteSnsOAuth2AccessTokenAsync("used"));
        Assert.Equal(WechatErrorCodes.CodeBeenUsed, error.ErrorCode);
    }
}
