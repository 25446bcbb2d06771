using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Promotions;

public sealed class ParticipationApiTests() : HostedTests(new Dictionary<string, string?> { ["RateLimits:ParticipationsPerIpPerMinute"] = "100000" })
{

    private static async Task<JsonElement> Json(HttpResponseMessage r) => await r.Content.ReadFromJsonAsync<JsonElement>();

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, (await Json(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_public_campaign_shows_its_privacy_notice_version_hash_and_purposes()
    {
        var json = await App.CreateClient().GetFromJsonAsync<JsonElement>("/api/campaigns/spring-coupon");
        Assert.Equal("coupon", json.GetProperty("type").GetString());
        var privacy = json.GetProperty("privacy");
        Assert.Equal("2026-11", privacy.GetProperty("version").GetString());
        Assert.Matches("^[0-9a-f]{64}$", privacy.GetProperty("hash").GetString()!);
        var notice = await App.CreateClient().GetAsync(privacy.GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.OK, notice.StatusCode);
        var html = await notice.Content.ReadAsStringAsync();
        Assert.Contains("保存期限", html);
        Assert.Contains("18 周岁以上", html);
        Assert.Equal(new[] { "service", "marketing" }, json.GetProperty("purposes").EnumerateArray().Select(p => p.GetString()).ToArray());
    }

    [Fact]
    public async Task A_mini_program_user_gets_a_coupon_without_consenting_to_marketing()
    {
        var mp = await MiniProgramClient.LoginAsync(App);
        var response = await mp.JoinAsync("spring-coupon", "+86 139-1234-5678", marketing: false);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await Json(response);
        Assert.Equal("coupon", json.GetProperty("outcome").GetString());
        Assert.StartsWith("LATTE5-", json.GetProperty("couponCode").GetString());

        var ledger = await App.QueryAsync(db => db.Set<ConsentEvent>().AsNoTracking().Where(e => e.OpenId == mp.OpenId).ToListAsync());
        var service = Assert.Single(ledger);
        Assert.Equal("service", service.Purpose);
        Assert.Equal("granted", service.Action);
        Assert.Equal("2026-11", service.PolicyVersion);
        Assert.Matches("^[0-9a-f]{64}$", service.PolicyHash!);
        Assert.Equal("miniprogram", service.Channel);
    }

    [Fact]
    public async Task Marketing_consent_is_recorded_separately_when_given()
    {
        var mp = await MiniProgramClient.LoginAsync(App);
        var response = await mp.JoinAsync("spring-coupon", "13912345679", marketing: true);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var purposes = await App.QueryAsync(db => db.Set<ConsentEvent>().Where(e => e.OpenId == mp.OpenId).Select(e => e.Purpose).ToListAsync());
        Assert.Equal(new[] { "service", "marketing" }, purposes.Order().Reverse().ToArray());
        Assert.True(await App.QueryAsync(db => db.Set<Lead>().AnyAsync(l => l.OpenId == mp.OpenId && l.MarketingConsent)));
    }

    [Fact]
    public async Task Without_the_service_consent_nothing_is_collected()
    {
        var mp = await MiniProgramClient.LoginAsync(App);
        var response = await mp.ParticipateAsync(
            "spring-coupon",
            new { consents = new[] { new { purpose = "marketing", policyVersion = "2026-11" } }, phone = "13800138001" });
        await AssertProblem(response, HttpStatusCode.UnprocessableEntity, "consent_required");
        Assert.Equal(0, await App.CountAsync<Person>());
    }

    [Fact]
    public async Task Consent_to_an_outdated_policy_version_is_refused()
    {
        var mp = await MiniProgramClient.LoginAsync(App);
        var response = await mp.ParticipateAsync("spring-coupon", new { consents = MiniProgramClient.Consents("2025-01"), phone = "13800138002" });
        await AssertProblem(response, HttpStatusCode.Conflict, "policy_outdated");
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("12800138000")]
    [InlineData("+1 415 555 0100")]
    public async Task An_invalid_phone_is_a_precise_422(string phone)
    {
        var mp = await MiniProgramClient.LoginAsync(App);
        await AssertProblem(await mp.JoinAsync("spring-coupon", phone), HttpStatusCode.UnprocessableEntity, "invalid_phone");
    }

    [Fact]
    public async Task Without_a_session_the_api_answers_401()
    {
        var response = await App.CreateClient().PostAsJsonAsync("/api/campaigns/spring-coupon/participations",
            new { consents = MiniProgramClient.Consents(), phone = "13800138000" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_session_this_instance_does_not_remember_is_found_in_the_database_until_it_expires()
    {
        var mp = await MiniProgramClient.LoginAsync(App);
        var remembered = App.Services.GetRequiredService<WechatLeads.Server.MiniProgram.SessionTokenCache>();
        remembered.ForgetOpenId(mp.OpenId); // as on an instance that did not issue the token, or 30 s later
        Assert.Equal(HttpStatusCode.Created, (await mp.JoinAsync("spring-coupon", "13700000009")).StatusCode);

        await App.QueryAsync(db => db.Set<WechatLeads.Server.MiniProgram.MiniProgramSession>()
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, DateTime.UtcNow.AddMinutes(-1))));
        remembered.ForgetOpenId(mp.OpenId);
        Assert.Equal(HttpStatusCode.Unauthorized, (await mp.JoinAsync("lucky-draw", "13700000009")).StatusCode);
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_returns_the_same_coupon()
    {
        var mp = await MiniProgramClient.LoginAsync(App);
        var first = await Json(await mp.JoinAsync("spring-coupon", "13700000001", idempotencyKey: "tap-0001-abcdef"));
        var again = await mp.JoinAsync("spring-coupon", "13700000001", idempotencyKey: "tap-0001-abcdef");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var second = await Json(again);
        Assert.Equal(first.GetProperty("couponCode").GetString(), second.GetProperty("couponCode").GetString());
        Assert.True(second.GetProperty("replayed").GetBoolean());
    }

    [Fact]
    public async Task One_coupon_per_person_by_openid_and_by_phone()
    {
        var mp = await MiniProgramClient.LoginAsync(App);
        Assert.Equal(HttpStatusCode.Created, (await mp.JoinAsync("spring-coupon", "13600000001")).StatusCode);
        await AssertProblem(await mp.JoinAsync("spring-coupon", "13600000002"), HttpStatusCode.Conflict, "limit_reached");

        var samePhoneOtherAccount = await MiniProgramClient.LoginAsync(App);
        await AssertProblem(await samePhoneOtherAccount.JoinAsync("spring-coupon", "136 0000 0001"), HttpStatusCode.Conflict, "limit_reached");
    }

    [Fact]
    public async Task The_same_phone_in_two_campaigns_is_one_person()
    {
        var mp = await MiniProgramClient.LoginAsync(App);
        await mp.JoinAsync("spring-coupon", "13500000001");
        await mp.JoinAsync("lucky-draw", "13500000001");
        Assert.Equal(1, await App.CountAsync<Person>());
        Assert.Equal(2, await App.CountAsync<Lead>());
    }

    [Fact]
    public async Task The_getPhoneNumber_code_is_exchanged_once()
    {
        var mp = await MiniProgramClient.LoginAsync(App);
        var code = App.Sandbox.IssueCode("phone", "13400000001", TimeSpan.FromMinutes(5));
        var response = await mp.ParticipateAsync("lucky-draw", new { consents = MiniProgramClient.Consents(), phoneCode = code });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var other = await MiniProgramClient.LoginAsync(App);
        await AssertProblem(await other.ParticipateAsync("lucky-draw", new { consents = MiniProgramClient.Consents(), phoneCode = code }),
            HttpStatusCode.UnprocessableEntity, "phone_code_invalid");
    }

    [Fact]
    public async Task A_login_code_is_single_use()
    {
        var code = App.Sandbox.IssueCode("jscode", WechatPush.NewOpenId(), TimeSpan.FromMinutes(5));
        var client = App.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/mp/login", new { code })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/mp/login", new { code })).StatusCode);
    }

    [Fact]
    public async Task Lucky_draw_limits_hold_per_day()
    {
        var mp = await MiniProgramClient.LoginAsync(App);
        Assert.Equal(HttpStatusCode.Created, (await mp.JoinAsync("lucky-draw", "13300000001")).StatusCode);
        await AssertProblem(await mp.JoinAsync("lucky-draw", "13300000001"), HttpStatusCode.Conflict, "limit_reached");
    }

    [Fact]
    public async Task An_unknown_campaign_is_a_404_problem()
    {
        var mp = await MiniProgramClient.LoginAsync(App);
        await AssertProblem(await mp.JoinAsync("no-such-thing"), HttpStatusCode.NotFound, "campaign_not_found");
    }
}
