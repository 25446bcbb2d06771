using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Security;

/// <summary>
/// What an anonymous client can make the server spend: WeChat calls (and quota), log lines, memory for a
/// body. Limits here are low so they can be reached; every test has a host (and so counters) of its own.
/// </summary>
public sealed partial class AnonymousCostTests() : HostedTests(new Dictionary<string, string?>
{
    ["RateLimits:PagesPerIpPerMinute"] = "5",
    ["RateLimits:LoginsPerIpPerMinute"] = "5",
    ["RateLimits:OAuthCallbacksPerIpPerMinute"] = "5",
    ["RateLimits:ParticipationsPerIpPerMinute"] = "100000",
})
{
    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_campaign_route_answers_429_past_its_per_address_limit()
    {
        var anonymous = App.CreateClient();
        for (var i = 0; i < 5; i++) (await anonymous.GetAsync($"/api/campaigns/lucky-draw?source=s{i}")).EnsureSuccessStatusCode();
        await AssertProblem(await anonymous.GetAsync("/api/campaigns/lucky-draw?source=one-more"), HttpStatusCode.TooManyRequests, "rate_limited");
        await AssertProblem(await anonymous.GetAsync("/api/campaigns/no-such-campaign"), HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Theory]
    [InlineData("short")]
    [InlineData("has spaces in it, which no code does")]
    [InlineData("jscode_abcdefghijklmnopqrstuvwx\n")]
    [InlineData("jscode_abcdefghijklmnopqrstuv€x")]
    [InlineData("../../cgi-bin/token?grant_type=x&appid=y")]
    public async Task A_login_code_of_the_wrong_shape_is_refused_without_calling_WeChat(string code)
    {
        var before = App.Sandbox.RedeemCalls("jscode");
        await AssertProblem(await App.CreateClient().PostAsJsonAsync("/api/mp/login", new { code }), HttpStatusCode.BadRequest, "login_code_malformed");
        Assert.Equal(before, App.Sandbox.RedeemCalls("jscode"));
    }

    [Fact]
    public async Task A_well_shaped_login_code_still_reaches_WeChat_and_a_real_one_logs_in()
    {
        var client = App.CreateClient();
        var before = App.Sandbox.RedeemCalls("jscode");
        await AssertProblem(
            await client.PostAsJsonAsync("/api/mp/login", new { code = "jscode_" + new string('A', 24) }),
            HttpStatusCode.Unauthorized,
            "login_code_invalid");
        Assert.Equal(before + 1, App.Sandbox.RedeemCalls("jscode"));
        await MiniProgramClient.LoginAsync(App); // a real code logs in
    }

    [Fact]
    public async Task A_wechat_that_cannot_answer_a_login_is_a_503_to_try_again_not_a_500()
    {
        var client = App.CreateClient();
        var code = App.Sandbox.IssueCode("jscode", WechatPush.NewOpenId(), TimeSpan.FromMinutes(5));
        App.Sandbox.InjectFault("sns/jscode2session", 45011); // WeChat's per-minute API frequency limit
        await AssertProblem(await client.PostAsJsonAsync("/api/mp/login", new { code }), HttpStatusCode.ServiceUnavailable, "wechat_login_unavailable");
        // WeChat never looked at the code, so the same one signs in once WeChat answers again.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/mp/login", new { code })).StatusCode);
    }

    [Fact]
    public async Task Mini_program_login_is_rate_limited_per_address()
    {
        var client = App.CreateClient();
        for (var i = 0; i < 5; i++)
            Assert.Equal(
                HttpStatusCode.Unauthorized,
                (await client.PostAsJsonAsync("/api/mp/login", new { code = "jscode_" + new string('B', 24) })).StatusCode);
        var calls = App.Sandbox.RedeemCalls("jscode");
        await AssertProblem(await client.PostAsJsonAsync(
            "/api/mp/login",
            new { code = App.Sandbox.IssueCode("jscode", WechatPush.NewOpenId(), TimeSpan.FromMinutes(5)) }),
            HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(calls, App.Sandbox.RedeemCalls("jscode"));
    }

    [Fact]
    public async Task The_oauth_callback_refuses_a_malformed_code_without_calling_WeChat_and_is_rate_limited()
    {
        var browser = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var start = await browser.GetAsync("/h5/oauth/start?returnUrl=%2Fh5%2Fme");
        var state = Regex.Match(start.Headers.Location!.Query, "state=([0-9a-f]+)").Groups[1].Value;
        var before = App.Sandbox.RedeemCalls("oauth");

        var refused = await browser.GetAsync($"/h5/oauth/callback?code={Uri.EscapeDataString("<garbage>")}&state={state}");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("text/html", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, App.Sandbox.RedeemCalls("oauth"));

        for (var i = 0; i < 4; i++) await browser.GetAsync($"/h5/oauth/callback?code=x&state={state}"); // 5 in all
        var limited = await browser.GetAsync($"/h5/oauth/callback?code=oauth_{new string('C', 24)}&state={state}");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(before, App.Sandbox.RedeemCalls("oauth"));
    }

    [Fact]
    public async Task A_100_KB_login_body_is_a_413_problem_not_a_500()
    {
        var body = JsonSerializer.Serialize(new { code = new string('a', 100 * 1024) });
        await AssertProblem(await App.CreateClient().PostAsync("/api/mp/login", new StringContent(body, Encoding.UTF8, "application/json")),
            HttpStatusCode.RequestEntityTooLarge, "body_too_large");
    }

    [Fact]
    public async Task A_100_KB_participation_body_is_a_413_problem_with_or_without_a_length()
    {
        var mp = await MiniProgramClient.LoginAsync(App);
        var body = JsonSerializer.Serialize(new
        {
            consents = MiniProgramClient.Consents(),
            phone = "13800138000",
            encryptedData = new string('A', 100 * 1024),
            iv = "x"
        });

        await AssertProblem(await mp.Http.PostAsync("/api/campaigns/lucky-draw/participations", new StringContent(body, Encoding.UTF8, "application/json")),
            HttpStatusCode.RequestEntityTooLarge, "body_too_large");

        // Chunked: no Content-Length to refuse by; reading stops one byte past the cap.
        var chunked = new UnknownLengthContent(Encoding.UTF8.GetBytes(body));
        chunked.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/campaigns/lucky-draw/participations") { Content = chunked };
        await AssertProblem(await mp.Http.SendAsync(request), HttpStatusCode.RequestEntityTooLarge, "body_too_large");

        // A body of ordinary size still gets through the cap.
        Assert.Equal(HttpStatusCode.Created, (await mp.JoinAsync("lucky-draw", "13800138000")).StatusCode);
    }

    /// <summary>A body whose length is not declared, as a chunked upload sends it.</summary>
    private sealed class UnknownLengthContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
