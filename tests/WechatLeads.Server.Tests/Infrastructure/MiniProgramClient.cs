using System.Net.Http.Json;
using System.Text.Json;

namespace WechatLeads.Server.Tests.Infrastructure;

/// <summary>Plays the mini-program: wx.login through the sandbox, then the participation API with a bearer token.</summary>
public sealed class MiniProgramClient
{
    private readonly HttpClient _http;

    private readonly WechatLeadsFactory _app;

    private MiniProgramClient(WechatLeadsFactory app, HttpClient http, string openId)
    {
        _app = app;
        _http = http;
        OpenId = openId;
    }

    public string OpenId { get; }

    /// <summary>The signed-in client, for the mini-program's other APIs (e.g. /api/me).</summary>
    public HttpClient Http => _http;

    public static async Task<MiniProgramClient> LoginAsync(WechatLeadsFactory app, string? openId = null)
    {
        openId ??= WechatPush.NewOpenId();
        var http = app.CreateClient();
        var code = app.Sandbox.IssueCode("jscode", openId, TimeSpan.FromMinutes(5));
        var response = await http.PostAsJsonAsync("/api/mp/login", new { code });
        for (var retry = 0; retry < 3 && response.StatusCode == System.Net.HttpStatusCode.Unauthorized; retry++)
        {
            await Task.Delay(200 * (retry + 1));
            // What the API tells a real mini-program to do: call wx.login again. Set-up only — the login rules
            // have tests of their own. (Codes refused under heavy CI load, as 40029 "invalid", are an open
            // investigation: the failure below says what the sandbox knew of the last code.)
            code = app.Sandbox.IssueCode("jscode", openId, TimeSpan.FromMinutes(5));
            response = await http.PostAsJsonAsync("/api/mp/login", new { code });
        }
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"mini-program login answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()} "
                + $"(the sandbox's view of the code: {app.Sandbox.DescribeCode(code)}; jscode redeem calls: {app.Sandbox.RedeemCalls("jscode")})");
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return new MiniProgramClient(app, http, openId);
    }

    /// <summary>
    /// Many players, logged in a few at a time: the logins are set-up, not the concurrency under test, and
    /// hundreds at once would only measure the connection pool.
    /// </summary>
    public static async Task<MiniProgramClient[]> LoginManyAsync(int count, Func<int, WechatLeadsFactory> appFor)
    {
        using var gate = new SemaphoreSlim(16);
        return await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try { return await LoginAsync(appFor(i)); }
            finally { gate.Release(); }
        }));
    }

    public static object Consents(string policyVersion = "2026-11", bool marketing = false) => marketing
        ? new[] { new { purpose = "service", policyVersion }, new { purpose = "marketing", policyVersion } }
        : new[] { new { purpose = "service", policyVersion } };

    public Task<HttpResponseMessage> ParticipateAsync(string slug, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/campaigns/{slug}/participations") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return _http.SendAsync(request);
    }

    /// <summary>Joins with a WeChat-proven number: the getPhoneNumber button's code, as the sandbox issues it for this user.</summary>
    public Task<HttpResponseMessage> JoinAsync(string slug, string phone = "13800138000", bool marketing = false, string? idempotencyKey = null) =>
        ParticipateAsync(slug, new { consents = Consents(marketing: marketing), phoneCode = PhoneCode(phone), source = "menu" }, idempotencyKey);

    /// <summary>A getPhoneNumber code for <paramref name="phone"/>, issued by the sandbox to this user.</summary>
    public string PhoneCode(string phone) => _app.Sandbox.IssueCode("phone", phone, TimeSpan.FromMinutes(5), OpenId);

    /// <summary>Asks for an SMS code to a typed number and reads it from the sandbox inbox, as the person would from their phone.</summary>
    public async Task<string> SmsCodeAsync(string phone)
    {
        var sent = await _http.PostAsJsonAsync("/api/phone-codes", new { phone });
        if (!sent.IsSuccessStatusCode) throw new HttpRequestException($"phone-codes answered {(int)sent.StatusCode}: {await sent.Content.ReadAsStringAsync()}");
        return _app.LatestSmsCode(phone);
    }

    /// <summary>Joins with a typed number proven by an SMS code.</summary>
    public async Task<HttpResponseMessage> JoinTypedAsync(string slug, string phone, bool marketing = false, string? idempotencyKey = null) =>
        await ParticipateAsync(
            slug,
            new { consents = Consents(marketing: marketing), phone, smsCode = await SmsCodeAsync(phone), source = "menu" },
            idempotencyKey);
}
