using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Sms;

/// <summary>
/// Proving a typed number end to end against each real provider's fake (signatures checked exactly): the code
/// travels in the provider's verification template, comes back, and the participation counts; a provider that is
/// down is said so, in Chinese, with nothing committed; a code the carrier could not deliver is shown as such.
/// </summary>
public sealed class PhoneProofProviderTests() : ProviderHostTests(DateTimeOffset.UtcNow)
{
    [Fact]
    public async Task A_typed_number_is_proven_through_tencent()
    {
        var fake = SmsTestHost.TencentFake(Clock);
        var app = Start(SmsTestHost.Tencent(), fake);
        var mp = await MiniProgramClient.LoginAsync(app);

        Assert.Equal(HttpStatusCode.Accepted, (await mp.Http.PostAsJsonAsync("/api/phone-codes", new { phone = "13500000011" })).StatusCode);
        var sent = Assert.Single(fake.Sent);
        Assert.Equal(["+8613500000011"], sent.PhoneNumberSet);
        Assert.Equal("100001", sent.TemplateId); // the verification template, never the marketing one
        var code = sent.TemplateParamSet![0];

        Assert.Equal(HttpStatusCode.Created, (await mp.ParticipateAsync("spring-coupon",
            new { consents = MiniProgramClient.Consents(), phone = "13500000011", smsCode = code })).StatusCode);
        Assert.Equal("sms", await app.QueryAsync(db => db.Set<Lead>().Select(l => l.PhoneProof).SingleAsync()));
    }

    [Fact]
    public async Task A_typed_number_is_proven_through_aliyun()
    {
        var fake = SmsTestHost.AliyunFake(Clock);
        var app = Start(SmsTestHost.Aliyun(), fake);
        var mp = await MiniProgramClient.LoginAsync(app);

        Assert.Equal(HttpStatusCode.Accepted, (await mp.Http.PostAsJsonAsync("/api/phone-codes", new { phone = "13500000012" })).StatusCode);
        var sent = Assert.Single(fake.Sent);
        Assert.Equal(("13500000012", "SMS_100001"), (sent.PhoneNumbers, sent.TemplateCode));
        var code = JsonSerializer.Deserialize<Dictionary<string, string>>(sent.TemplateParam!)!["code"];

        Assert.Equal(HttpStatusCode.Created, (await mp.ParticipateAsync("lucky-draw",
            new { consents = MiniProgramClient.Consents(), phone = "13500000012", smsCode = code })).StatusCode);
    }

    [Fact]
    public async Task A_provider_that_is_down_is_said_so_in_chinese_commits_nothing_and_warns_on_healthz()
    {
        var app = Start(SmsTestHost.Tencent(), new Down());
        var mp = await MiniProgramClient.LoginAsync(app);

        var answer = await mp.Http.PostAsJsonAsync("/api/phone-codes", new { phone = "13500000013" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("sms_unavailable", problem.GetProperty("code").GetString());
        Assert.Equal("短信暂时无法发送，请稍后再试", problem.GetProperty("title").GetString());
        Assert.Equal(0, await app.CountAsync<Lead>());
        Assert.StartsWith("Degraded", await app.CreateClient().GetStringAsync("/healthz"));
    }

    [Fact]
    public async Task A_code_the_carrier_could_not_deliver_is_reported_to_the_person()
    {
        var fake = SmsTestHost.TencentFake(Clock);
        var app = Start(SmsTestHost.Tencent(), fake);
        var mp = await MiniProgramClient.LoginAsync(app);
        Assert.Equal(HttpStatusCode.Accepted, (await mp.Http.PostAsJsonAsync("/api/phone-codes", new { phone = "13500000014" })).StatusCode);
        var before = await mp.Http.GetFromJsonAsync<JsonElement>("/api/phone-codes/latest?phone=13500000014");
        Assert.Equal("sent", before.GetProperty("delivery").GetString());

        var receipt = """[{"user_receive_time":"2026-12-02 """ +
            """10:00:05","nationcode":"86","mobile":"13500000014","report_status":"FAIL","errmsg":"UNDELIV","description":"用户短信接收失败","sid":"fake-sid-1"}]""";
        var pushed = await app.CreateClient()
            .PostAsync($"/callbacks/sms/tencent/{SmsTestHost.Token}/status", new StringContent(receipt, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, pushed.StatusCode);

        var after = await mp.Http.GetFromJsonAsync<JsonElement>("/api/phone-codes/latest?phone=13500000014");
        Assert.Equal("failed", after.GetProperty("delivery").GetString()); // the page shows 未收到？重新发送
        Assert.InRange(after.GetProperty("expiresInSeconds").GetInt32(), 1, 600);
    }

    /// <summary>The provider's gateway answers 503 to everything: nothing was taken.</summary>
    private sealed class Down : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("<html>503</html>") });
    }
}
