using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Marketing;
using WechatLeads.Server.Participation;
using WechatLeads.Server.Sms;
using WechatLeads.Server.Tests.Infrastructure;
using WechatLeads.Server.Tests.Marketing;

namespace WechatLeads.Server.Tests.Sms;

/// <summary>The real provider adapters against fakes that verify every signature: what is sent, what is recorded, what a failure becomes.</summary>
public sealed class SmsProviderTests() : ProviderHostTests(AdjustableClock.ChinaTimeToday(10)) // a lawful hour for marketing
{
    private static SmsMessage Code(string id, string phone = "13500000001") =>
        new(id, phone, SmsPurposes.Verification, [new("minutes", "10"), new("code", "123456")], "【示例咖啡】验证码 123456，10 分钟内有效。");

    private static async Task<SmsResult> SendAsync(WechatLeadsFactory app, SmsMessage message) =>
        await app.Services.GetRequiredService<ISmsSender>().SendAsync(message, CancellationToken.None);

    private static async Task<SmsDeliveryLog.Entry?> StatusAsync(WechatLeadsFactory app, string messageId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SmsDeliveryLog>().StatusAsync(messageId, CancellationToken.None);
    }

    private static async Task<string> HealthAsync(WechatLeadsFactory app) => await app.CreateClient().GetStringAsync("/healthz");

    [Fact]
    public async Task A_code_goes_to_tencent_signed_with_the_template_params_in_template_order_and_our_id_as_session_context()
    {
        var fake = SmsTestHost.TencentFake(Clock);
        var app = Start(SmsTestHost.Tencent(), fake);

        var result = await SendAsync(app, Code("code-1"));

        Assert.True(result.Accepted);
        var sent = Assert.Single(fake.Sent); // the fake answers only a request whose TC3 signature it recomputed exactly
        Assert.Equal(["+8613500000001"], sent.PhoneNumberSet);
        Assert.Equal(("100001", "1400000001", "示例咖啡", "code-1"), (sent.TemplateId, sent.SmsSdkAppId, sent.SignName, sent.SessionContext));
        Assert.Equal(["123456", "10"], sent.TemplateParamSet); // Sms:Templates:Verification:Params, not the message's order
        var status = await StatusAsync(app, "code-1");
        Assert.Equal(SmsDeliveryStatus.Sent, status?.Status);
        Assert.Equal(
            "fake-sid-1",
            await app.QueryAsync(db => db.Set<SmsDelivery>().Where(d => d.MessageId == "code-1").Select(d => d.ProviderMessageId).SingleAsync()));
        Assert.Equal("Healthy", await HealthAsync(app));
    }

    [Fact]
    public async Task A_code_goes_to_aliyun_signed_with_named_params_and_our_id_as_out_id()
    {
        var fake = SmsTestHost.AliyunFake(Clock);
        var app = Start(SmsTestHost.Aliyun(), fake);

        Assert.True((await SendAsync(app, Code("code-2"))).Accepted);

        var sent = Assert.Single(fake.Sent);
        Assert.Equal(("13500000001", "SMS_100001", "code-2"), (sent.PhoneNumbers, sent.TemplateCode, sent.OutId));
        Assert.Equal(
            new Dictionary<string, string> { ["minutes"] = "10", ["code"] = "123456" },
            JsonSerializer.Deserialize<Dictionary<string, string>>(sent.TemplateParam!));
        Assert.Equal(SmsDeliveryStatus.Sent, (await StatusAsync(app, "code-2"))?.Status);
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_by_the_provider_as_permanent_recorded_with_the_reason_and_shown_on_healthz()
    {
        var fake = SmsTestHost.TencentFake(Clock);
        var app = Start(SmsTestHost.Tencent(secretKey: "not-the-secret-key-0123456789"), fake);

        var result = await SendAsync(app, Code("code-3"));

        Assert.False(result.Accepted);
        Assert.StartsWith("AuthFailure.SignatureFailure", result.Reason);
        Assert.Single(fake.Received); // a permanent refusal is not repeated
        Assert.Empty(fake.Sent);
        var status = await StatusAsync(app, "code-3");
        Assert.Equal(SmsDeliveryStatus.Failed, status?.Status);
        Assert.StartsWith("AuthFailure.SignatureFailure", status?.Reason);
        var health = await HealthAsync(app);
        Assert.StartsWith("Degraded", health);
        Assert.Contains("AuthFailure.SignatureFailure", health);
        Assert.DoesNotContain("not-the-secret", health);
    }

    [Fact]
    public async Task A_code_whose_answer_is_lost_is_repeated_once_then_reported_unavailable_and_may_have_been_sent()
    {
        var fake = SmsTestHost.TencentFake(Clock);
        var lost = new LostAnswer(fake);
        var app = Start(SmsTestHost.Tencent(), lost);

        var error = await Assert.ThrowsAsync<SmsUnavailableException>(() => SendAsync(app, Code("code-4")));

        Assert.True(error.MayHaveBeenSent);
        Assert.Equal("http.502", error.Code);
        Assert.Equal(2, lost.Calls); // a second identical code is harmless; a third try is not made
        Assert.Equal(SmsDeliveryStatus.Unknown, (await StatusAsync(app, "code-4"))?.Status);
        Assert.StartsWith("Degraded", await HealthAsync(app));
    }

    [Fact]
    public async Task The_same_message_id_is_never_sent_twice()
    {
        var fake = SmsTestHost.TencentFake(Clock);
        var app = Start(SmsTestHost.Tencent(), fake);

        var first = await SendAsync(app, Code("code-5"));
        var again = await SendAsync(app, Code("code-5"));

        Assert.Equal(first.ProviderMessageId, again.ProviderMessageId);
        Assert.Single(fake.Sent);
    }

    [Fact]
    public async Task A_marketing_sms_whose_answer_is_lost_becomes_unknown_and_is_not_repeated()
    {
        var fake = SmsTestHost.TencentFake(Clock);
        var lost = new LostAnswer(fake);
        var app = Start(SmsTestHost.Tencent(), lost);
        var person = (await MarketingSeed.LeadsAsync(app, 1))[0];

        var id = await MarketingSendTests.ScheduleAsync(
            app,
            new { name = "冬季新品", channel = "sms", text = MarketingSendTests.Sms, audience = new { campaign = "spring-coupon" } });
        var progress = await MarketingSendTests.FinishedAsync(app, id);

        Assert.Equal(1, progress.GetProperty("unknown").GetInt32());
        Assert.Equal(1, lost.Calls);
        // A later run (a resumed or retried job) does not send it again either.
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<RunMarketingSends>().RunAsync(id, CancellationToken.None);
        Assert.Equal(1, lost.Calls);
        var delivery = await app.QueryAsync(db => db.Set<MarketingDelivery>().SingleAsync(d => d.SendId == id && d.PersonId == person.PersonId));
        Assert.Equal((MarketingDeliveryStatus.Unknown, "provider_error:http.502"), (delivery.Status, delivery.Reason));
        Assert.StartsWith("Degraded", await HealthAsync(app));
    }

    [Fact]
    public async Task The_sms_channel_is_not_idempotent_with_a_real_provider()
    {
        var app = Start(SmsTestHost.Tencent(), SmsTestHost.TencentFake(Clock));
        await using var scope = app.Services.CreateAsyncScope();
        var channel = scope.ServiceProvider.GetServices<IMarketingChannel>().Single(c => c.Name == MarketingChannels.Sms);
        Assert.False(channel.Idempotent);
    }
}
