using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Marketing;
using WechatLeads.Server.Sms;
using WechatLeads.Server.Tests.Infrastructure;
using WechatLeads.Server.Tests.Marketing;

namespace WechatLeads.Server.Tests.Sms;

/// <summary>Receipts and replies pushed by the providers: applied once, only with the secret token, only when well-formed.</summary>
public sealed class SmsCallbackTests() : ProviderHostTests(AdjustableClock.ChinaTimeToday(10))
{
    private static Task<HttpResponseMessage> PushAsync(WechatLeadsFactory app, string path, string json) =>
        app.CreateClient().PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static string TencentStatus(string sid, bool delivered, string mobile = "13500000000") =>
        $$"""
        [{"user_receive_time":"2026-12-02 10:00:05","nationcode":"86","mobile":"{{mobile}}",
          "report_status":"{{(delivered ? "SUCCESS" : "FAIL")}}","errmsg":"{{(delivered ? "DELIVRD" : "UNDELIV")}}",
          "description":"{{(delivered ? "用户短信接收成功" : "用户短信接收失败")}}","sid":"{{sid}}"}]
        """;

    /// <summary>A marketing send through Tencent to <paramref name="count"/> people, finished: the serials the fake gave, by person.</summary>
    private async Task<(WechatLeadsFactory App, long SendId, List<(SeededLead Person, string Sid)> Sent)> MarketingThroughTencentAsync(int count)
    {
        var app = Start(SmsTestHost.Tencent(), SmsTestHost.TencentFake(Clock));
        var people = await MarketingSeed.LeadsAsync(app, count);
        var id = await MarketingSendTests.ScheduleAsync(
            app,
            new { name = "冬季新品", channel = "sms", text = MarketingSendTests.Sms, audience = new { campaign = "spring-coupon" } });
        var progress = await MarketingSendTests.FinishedAsync(app, id);
        Assert.Equal(count, progress.GetProperty("sent").GetInt32());
        var sids = await app.QueryAsync(db => db.Set<SmsDelivery>().ToDictionaryAsync(d => d.MessageId, d => d.ProviderMessageId!));
        return (app, id, [.. people.Select(p => (p, sids[$"{id}-{p.PersonId}"]))]);
    }

    private static Task<MarketingDelivery> DeliveryAsync(WechatLeadsFactory app, long sendId, SeededLead person) =>
        app.QueryAsync(db => db.Set<MarketingDelivery>().AsNoTracking().SingleAsync(d => d.SendId == sendId && d.PersonId == person.PersonId));

    [Fact]
    public async Task Tencent_receipts_mark_marketing_messages_delivered_or_failed_with_the_carriers_reason()
    {
        var (app, sendId, sent) = await MarketingThroughTencentAsync(2);
        var (reached, missed) = (sent[0], sent[1]);

        var answer = await PushAsync(app, $"/callbacks/sms/tencent/{SmsTestHost.Token}/status",
            "[" + TencentStatus(reached.Sid, true)[1..^1] + "," + TencentStatus(missed.Sid, false)[1..^1] + "]");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("""{"result":0,"errmsg":"OK"}""", await answer.Content.ReadAsStringAsync());
        Assert.Equal(MarketingDeliveryStatus.Delivered, (await DeliveryAsync(app, sendId, reached.Person)).Status);
        var failed = await DeliveryAsync(app, sendId, missed.Person);
        Assert.Equal((MarketingDeliveryStatus.Failed, "receipt:UNDELIV"), (failed.Status, failed.Reason));
        var sms = await app.QueryAsync(db => db.Set<SmsDelivery>().AsNoTracking().ToDictionaryAsync(d => d.ProviderMessageId!, d => d.Status));
        Assert.Equal(SmsDeliveryStatus.Delivered, sms[reached.Sid]);
        Assert.Equal(SmsDeliveryStatus.Failed, sms[missed.Sid]);
        var progress = await app.CreateAdminClient(WechatLeadsFactory.OperatorKey)
            .GetFromJsonAsync<System.Text.Json.JsonElement>($"/admin/api/marketing/sends/{sendId}");
        Assert.Equal(
            (1, 1, 1),
            (progress.GetProperty("delivered").GetInt32(), progress.GetProperty("sent").GetInt32(), progress.GetProperty("failed").GetInt32()));
    }

    [Fact]
    public async Task A_replayed_receipt_changes_nothing_the_second_time()
    {
        var (app, sendId, sent) = await MarketingThroughTencentAsync(1);
        var (person, sid) = sent[0];
        var path = $"/callbacks/sms/tencent/{SmsTestHost.Token}/status";

        Assert.Equal(HttpStatusCode.OK, (await PushAsync(app, path, TencentStatus(sid, true))).StatusCode);
        var first = await app.QueryAsync(db => db.Set<SmsDelivery>().AsNoTracking().SingleAsync(d => d.ProviderMessageId == sid));
        var firstMarketing = await DeliveryAsync(app, sendId, person);
        Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(HttpStatusCode.OK, (await PushAsync(app, path, TencentStatus(sid, true))).StatusCode); // Tencent repeats a push it thinks failed

        var second = await app.QueryAsync(db => db.Set<SmsDelivery>().AsNoTracking().SingleAsync(d => d.ProviderMessageId == sid));
        Assert.Equal((first.Status, first.ReportedAt, first.UpdatedAt), (second.Status, second.ReportedAt, second.UpdatedAt));
        Assert.Equal(firstMarketing.CompletedAt, (await DeliveryAsync(app, sendId, person)).CompletedAt);
        Assert.Equal(1, await app.CountAsync<SmsCallbackReceipt>());
    }

    [Fact]
    public async Task An_aliyun_receipt_finds_our_message_by_biz_id()
    {
        var fake = SmsTestHost.AliyunFake(Clock);
        var app = Start(SmsTestHost.Aliyun(), fake);
        var sender = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ISmsSender>(app.Services);
        await sender.SendAsync(new SmsMessage("code-a1", "13500000001", SmsPurposes.Verification, [new("code", "123456")], "x"), CancellationToken.None);
        var bizId = Assert.Single(fake.Sent).BizId;

        var answer = await PushAsync(app, $"/callbacks/sms/aliyun/{SmsTestHost.Token}/report",
            $$"""[{"phone_number":"13500000001","send_time":"2026-12-02 10:00:00","report_time":"2026-12-02 """ +
            $$"""10:00:08","success":false,"err_code":"IC:0001","err_msg":"空号","sms_size":"1","biz_id":"{{bizId}}","out_id":"code-a1"}]""");

        Assert.Equal("""{"code":0,"msg":"接收成功"}""", await answer.Content.ReadAsStringAsync());
        var status = await app.QueryAsync(db => db.Set<SmsDelivery>().AsNoTracking().SingleAsync(d => d.MessageId == "code-a1"));
        Assert.Equal((SmsDeliveryStatus.Failed, "receipt: IC:0001"), (status.Status, status.Reason)); // the lead shows 未收到？重新发送
    }

    [Fact]
    public async Task The_aliyun_connectivity_check_is_answered_only_with_the_token()
    {
        var app = Start(SmsTestHost.Aliyun(), SmsTestHost.AliyunFake(Clock));
        var client = app.CreateClient();

        Assert.Equal("""{"code":0,"msg":"成功"}""", await client.GetStringAsync($"/callbacks/sms/aliyun/{SmsTestHost.Token}/report"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/callbacks/sms/aliyun/{SmsTestHost.Token}/up")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/callbacks/sms/aliyun/wrong-token-0123456789abcdef0123456789/report")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_callback_token_is_404_and_changes_nothing()
    {
        var (app, sendId, sent) = await MarketingThroughTencentAsync(1);
        var (person, sid) = sent[0];

        var wrong = SmsTestHost.Token[..^1] + (SmsTestHost.Token[^1] == 'f' ? "e" : "f");
        var answer = await PushAsync(app, $"/callbacks/sms/tencent/{wrong}/status", TencentStatus(sid, false));
        var reply = await PushAsync(
            app,
            $"/callbacks/sms/tencent/{wrong}/reply",
            $$"""{"extend":"","mobile":"{{person.Phone}}","nationcode":"86","sign":"示例咖啡","text":"TD","time":1764640800}""");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (answer.StatusCode, reply.StatusCode));
        Assert.Equal(MarketingDeliveryStatus.Sent, (await DeliveryAsync(app, sendId, person)).Status);
        Assert.Equal(0, await app.CountAsync<SmsCallbackReceipt>());
        Assert.Equal(0, await app.QueryAsync(db => db.Set<ConsentEvent>().CountAsync(e => e.Action == ConsentActions.Withdrawn)));
    }

    [Theory]
    [InlineData("status", "not json")]
    [InlineData("status", """[{"mobile":"13500000000","report_status":"SUCCESS"}]""")]
    [InlineData("reply", """{"mobile":"13500000000","text":"TD"}""")]
    public async Task A_malformed_tencent_push_is_400_and_changes_nothing(string kind, string body)
    {
        var (app, sendId, sent) = await MarketingThroughTencentAsync(1);

        var answer = await PushAsync(app, $"/callbacks/sms/tencent/{SmsTestHost.Token}/{kind}", body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.DoesNotContain("13500000000", await answer.Content.ReadAsStringAsync());
        Assert.Equal(MarketingDeliveryStatus.Sent, (await DeliveryAsync(app, sendId, sent[0].Person)).Status);
        Assert.Equal(0, await app.CountAsync<SmsCallbackReceipt>());
    }

    [Fact]
    public async Task An_oversized_callback_body_is_refused()
    {
        var app = Start(SmsTestHost.Tencent(), SmsTestHost.TencentFake(Clock));
        var answer = await PushAsync(app, $"/callbacks/sms/tencent/{SmsTestHost.Token}/status", "[" + new string(' ', SmsCallbackEndpoints.MaxBodyBytes) + "]");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
    }

    [Fact]
    public async Task An_aliyun_reply_of_full_width_td_withdraws_marketing_once_with_exactly_one_confirmation_even_when_repeated()
    {
        var fake = SmsTestHost.AliyunFake(Clock);
        var app = Start(SmsTestHost.Aliyun(), fake);
        var person = (await MarketingSeed.LeadsAsync(app, 1))[0];
        var push = $$"""[{"phone_number":"{{person.Phone}}","content":"ＴＤ","send_time":"2026-12-02 10:01:00","dest_code":"1234","sequence_id":"1234567890"}]""";

        var first = await PushAsync(app, $"/callbacks/sms/aliyun/{SmsTestHost.Token}/up", push);
        var again = await PushAsync(app, $"/callbacks/sms/aliyun/{SmsTestHost.Token}/up", push);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        Assert.Equal(
            1,
            await app.QueryAsync(db => db.Set<ConsentEvent>().CountAsync(e => e.SubjectKey == person.SubjectKey && e.Action == ConsentActions.Withdrawn)));
        var confirmation = Assert.Single(fake.Sent);
        Assert.Equal(("SMS_100004", person.Phone), (confirmation.TemplateCode, confirmation.PhoneNumbers));
        var progress = await MarketingSendTests.FinishedAsync(app, await MarketingSendTests.ScheduleAsync(app,
            new { name = "冬季新品", channel = "sms", text = MarketingSendTests.Sms, audience = new { campaign = "spring-coupon" } }));
        Assert.Equal(1, progress.GetProperty("skippedByReason").GetProperty(SkipReasons.OptedOut).GetInt32());
        Assert.Single(fake.Sent); // no marketing went to them
    }

    [Fact]
    public async Task A_tencent_reply_td_withdraws_marketing_with_exactly_one_confirmation_even_when_repeated()
    {
        var fake = SmsTestHost.TencentFake(Clock);
        var app = Start(SmsTestHost.Tencent(), fake);
        var person = (await MarketingSeed.LeadsAsync(app, 1))[0];
        var push = $$"""{"extend":"","mobile":"{{person.Phone}}","nationcode":"86","sign":"示例咖啡","text":"退订","time":1764640800}""";

        await PushAsync(app, $"/callbacks/sms/tencent/{SmsTestHost.Token}/reply", push);
        var again = await PushAsync(app, $"/callbacks/sms/tencent/{SmsTestHost.Token}/reply", push);

        Assert.Equal("""{"result":0,"errmsg":"OK"}""", await again.Content.ReadAsStringAsync());
        Assert.Equal(
            1,
            await app.QueryAsync(db => db.Set<ConsentEvent>().CountAsync(e => e.SubjectKey == person.SubjectKey && e.Action == ConsentActions.Withdrawn)));
        var confirmation = Assert.Single(fake.Sent);
        Assert.Equal("100004", confirmation.TemplateId);
    }
}

/// <summary>The callback limits that need a host of their own.</summary>
public sealed class SmsCallbackLimitTests
{
    private static readonly AdjustableClock Clock = new(AdjustableClock.ChinaTimeToday(10));

    [Fact]
    public async Task Callbacks_are_rate_limited_per_address()
    {
        var settings = SmsTestHost.Tencent();
        settings["Sms:CallbacksPerIpPerMinute"] = "2";
        await using var app = SmsTestHost.Start(Clock, settings, SmsTestHost.TencentFake(Clock));
        var client = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
            statuses.Add((await client.PostAsync(
                $"/callbacks/sms/tencent/{SmsTestHost.Token}/status",
                new StringContent("[]", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task A_callback_from_outside_the_allowed_addresses_is_404()
    {
        var settings = SmsTestHost.Tencent();
        settings["Sms:CallbackAllowedIps:0"] = "203.0.113.0/24";
        await using var app = SmsTestHost.Start(Clock, settings, SmsTestHost.TencentFake(Clock));
        var answer = await app.CreateClient()
            .PostAsync($"/callbacks/sms/tencent/{SmsTestHost.Token}/status", new StringContent("[]", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
    }

    [Fact]
    public async Task A_receipt_settles_a_marketing_sms_whose_answer_was_lost()
    {
        var fake = SmsTestHost.AliyunFake(Clock);
        var lost = new LostAnswer(fake);
        await using var app = SmsTestHost.Start(Clock, SmsTestHost.Aliyun(), lost);
        var person = (await MarketingSeed.LeadsAsync(app, 1))[0];
        var sendId = await MarketingSendTests.ScheduleAsync(
            app,
            new { name = "冬季新品", channel = "sms", text = MarketingSendTests.Sms, audience = new { campaign = "spring-coupon" } });
        Assert.Equal(1, (await MarketingSendTests.FinishedAsync(app, sendId)).GetProperty("unknown").GetInt32());
        var sent = Assert.Single(fake.Sent); // it did reach Aliyun; only the answer was lost

        await app.CreateClient().PostAsync($"/callbacks/sms/aliyun/{SmsTestHost.Token}/report", new StringContent(
            $$"""[{"phone_number":"{{person.Phone}}","send_time":"2026-12-02 10:00:00","report_time":"2026-12-02 """ +
            $$"""10:00:08","success":true,"err_code":"DELIVERED","err_msg":"用户接收成功","sms_size":"1","biz_id":"{{sent.BizId}}","out_id":"{{sent.OutId}}"}]""",
            Encoding.UTF8, "application/json"));

        var delivery = await app.QueryAsync(db => db.Set<MarketingDelivery>()
            .AsNoTracking()
            .SingleAsync(d => d.SendId == sendId && d.PersonId == person.PersonId));
        Assert.Equal(MarketingDeliveryStatus.Delivered, delivery.Status);
        var sms = await app.QueryAsync(db => db.Set<SmsDelivery>().AsNoTracking().SingleAsync(d => d.MessageId == sent.OutId));
        Assert.Equal((SmsDeliveryStatus.Delivered, sent.BizId), (sms.Status, sms.ProviderMessageId));
    }

    [Fact]
    public async Task A_marketing_sms_the_provider_could_not_take_goes_back_to_pending_and_the_send_pauses()
    {
        var fake = SmsTestHost.TencentFake(Clock);
        fake.ErrorCode = "RequestLimitExceeded"; // refused at the API gate: nothing was sent
        await using var app = SmsTestHost.Start(Clock, SmsTestHost.Tencent(), fake);
        var person = (await MarketingSeed.LeadsAsync(app, 1))[0];
        var sendId = await MarketingSendTests.ScheduleAsync(
            app,
            new { name = "冬季新品", channel = "sms", text = MarketingSendTests.Sms, audience = new { campaign = "spring-coupon" } });

        var send = await Eventually.ReturnsAsync(() => app.QueryAsync(db => db.Set<MarketingSend>().AsNoTracking().SingleAsync(s => s.Id == sendId)),
            s => s.NotBefore is not null, "the send pauses");

        Assert.Equal(2, fake.Received.Count); // tried once more at once (nothing had gone out), then left for later
        var delivery = await app.QueryAsync(db => db.Set<MarketingDelivery>()
            .AsNoTracking()
            .SingleAsync(d => d.SendId == sendId && d.PersonId == person.PersonId));
        Assert.Equal(MarketingDeliveryStatus.Pending, delivery.Status);
        Assert.True(send.NotBefore > Clock.GetUtcNow().UtcDateTime);
    }
}
