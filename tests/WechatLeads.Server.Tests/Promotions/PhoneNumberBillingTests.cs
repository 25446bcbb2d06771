using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Participation;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Promotions;

/// <summary>
/// The mini-program's getPhoneNumber codes: checked against the session's openid, counted per campaign, China day and
/// component (WeChat bills each success), held to the campaign's daily budget, and answered with the SMS fallback —
/// without calling WeChat — once the budget is spent or WeChat says the quota is gone (1400001).
/// </summary>
public sealed class PhoneNumberBillingTests() : HostedTests(shareHost: true, settings: new Dictionary<string, string?>
{
    ["RateLimits:ParticipationsPerIpPerMinute"] = "100000",
    ["RateLimits:ParticipationsPerFollowerPerMinute"] = "100000",
})
{
    private const string PhoneApi = "wxa/business/getuserphonenumber";

    internal static async Task CreateAsync(WechatLeadsFactory app, string slug, int? budget)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CampaignFactory>().CreateAsync(new CampaignDefinition
        {
            Slug = slug,
            Type = CampaignTypes.LuckyDraw,
            Title = "手机号预算",
            PolicyVersion = "2026-11",
            Status = CampaignStatus.Active,
            StartsAt = DateTime.UtcNow.AddDays(-1),
            EndsAt = DateTime.UtcNow.AddDays(1),
            PhoneNumberDailyBudget = budget,
            Draw = new DrawDefinition { NoWinWeight = 1, PerDay = 1, Total = 1, Prizes = [new PrizeDefinition { Name = "谢谢", Weight = 0, Inventory = 0 }] },
        }, CancellationToken.None);
    }

    private string PhoneCode(MiniProgramClient owner, string phone) => App.Sandbox.IssueCode("phone", phone, TimeSpan.FromMinutes(5), owner.OpenId);

    private static Task<HttpResponseMessage> JoinWithCodeAsync(MiniProgramClient mp, string slug, string code, string? component = "quick") =>
        mp.ParticipateAsync(slug, new { consents = MiniProgramClient.Consents(), phoneCode = code, phoneComponent = component });

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    private async Task<string> ModeAsync(string slug) =>
        (await App.CreateClient().GetFromJsonAsync<JsonElement>($"/api/campaigns/{slug}")).GetProperty("phoneVerification").GetString()!;

    private Task<PhoneNumberUsage?> UsageAsync(string slug) => App.QueryAsync(db =>
        db.Set<PhoneNumberUsage>().AsNoTracking().Where(u => db.Set<Campaign>().Any(c => c.Slug == slug && c.Id == u.CampaignId)).SingleOrDefaultAsync());

    [Fact]
    public async Task The_session_openid_goes_with_the_code_so_a_code_of_another_user_is_refused_and_not_counted()
    {
        await CreateAsync(App, "phone-owner", budget: null);
        var mp = await MiniProgramClient.LoginAsync(App);
        var someoneElse = await MiniProgramClient.LoginAsync(App);

        // The simulator's button, as a demo uses it: a code bound to the user who tapped.
        var issued = await App.CreateClient().PostAsync($"/sandbox/simulator/mp/phone-code?phone=13911110001&openId={someoneElse.OpenId}", null);
        var theirs = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        await AssertProblem(await JoinWithCodeAsync(mp, "phone-owner", theirs), HttpStatusCode.UnprocessableEntity, "phone_code_invalid");
        Assert.Equal(HttpStatusCode.Created, (await JoinWithCodeAsync(someoneElse, "phone-owner", theirs)).StatusCode); // still good for its owner
        Assert.Equal(HttpStatusCode.Created, (await JoinWithCodeAsync(mp, "phone-owner", PhoneCode(mp, "13911110002"))).StatusCode);

        var usage = await UsageAsync("phone-owner");
        Assert.Equal((2, 2, 2), (usage!.Reserved, usage.Quick, usage.Billable)); // the refused attempt's place came back
    }

    [Fact]
    public async Task Billable_verifications_are_counted_per_day_and_component_and_shown_in_the_analytics()
    {
        await CreateAsync(App, "phone-count", budget: 50);
        foreach (var (component, phone) in new[] { ("quick", "13922220001"), ("quick", "13922220002"), ("realtime", "13922220003"), (null, "13922220004") })
        {
            var mp = await MiniProgramClient.LoginAsync(App);
            Assert.Equal(HttpStatusCode.Created, (await JoinWithCodeAsync(mp, "phone-count", PhoneCode(mp, phone), component)).StatusCode);
        }
        var refused = await MiniProgramClient.LoginAsync(App);
        await AssertProblem(
            await JoinWithCodeAsync(refused, "phone-count", "phone_not-a-code-wechat-issued"),
            HttpStatusCode.UnprocessableEntity,
            "phone_code_invalid");
        var calls = App.Sandbox.ApiCalls(PhoneApi);
        await AssertProblem(
            await JoinWithCodeAsync(refused, "phone-count", PhoneCode(refused, "13922220005"), "instant"),
            HttpStatusCode.UnprocessableEntity,
            "phone_component_invalid");
        Assert.Equal(calls, App.Sandbox.ApiCalls(PhoneApi)); // a malformed request costs nothing

        var staff = App.CreateAdminClient(WechatLeadsFactory.OperatorKey);
        var phones = (await staff.GetFromJsonAsync<JsonElement>("/admin/api/campaigns/phone-count/analytics")).GetProperty("phoneNumbers");
        Assert.Equal(50, phones.GetProperty("dailyBudget").GetInt32());
        Assert.Equal("wechat", phones.GetProperty("todayMode").GetString());
        Assert.Equal(4, phones.GetProperty("billable").GetInt64());
        var today = Assert.Single(phones.GetProperty("days").EnumerateArray());
        Assert.Equal((DateTimeOffset.UtcNow + TimeSpan.FromHours(8)).ToString("yyyy-MM-dd"), today.GetProperty("day").GetString());
        Assert.Equal((2, 1, 1, 4), (today.GetProperty("quick").GetInt32(), today.GetProperty("realtime").GetInt32(),
            today.GetProperty("unknown").GetInt32(), today.GetProperty("billable").GetInt32()));

        var page = await (await staff.GetAsync("/admin/campaigns/phone-count")).Content.ReadAsStringAsync();
        Assert.Contains("id=\"phone-billing\"", page);
        Assert.Contains("每日预算 50 次", page);
    }

    [Fact]
    public async Task A_spent_budget_sends_the_page_to_sms_and_answers_the_fallback_without_calling_wechat()
    {
        await CreateAsync(App, "phone-budget", budget: 2);
        Assert.Equal("wechat", await ModeAsync("phone-budget"));
        for (var i = 0; i < 2; i++)
        {
            var mp = await MiniProgramClient.LoginAsync(App);
            Assert.Equal(HttpStatusCode.Created, (await JoinWithCodeAsync(mp, "phone-budget", PhoneCode(mp, $"1393333000{i}"))).StatusCode);
        }
        Assert.Equal("sms", await ModeAsync("phone-budget"));

        var late = await MiniProgramClient.LoginAsync(App);
        var calls = App.Sandbox.ApiCalls(PhoneApi);
        var code = PhoneCode(late, "13933330009");
        var fallback = await JoinWithCodeAsync(late, "phone-budget", code);
        await AssertProblem(fallback, HttpStatusCode.Conflict, "sms_verification_required");
        Assert.Equal(calls, App.Sandbox.ApiCalls(PhoneApi));
        Assert.Equal(2, (await UsageAsync("phone-budget"))!.Billable);

        // The operator raises the budget: WeChat verification is back today, on this instance at once.
        var staff = App.CreateAdminClient(WechatLeadsFactory.OperatorKey);
        Assert.Equal(HttpStatusCode.OK, (await staff.PatchAsJsonAsync("/admin/api/campaigns/phone-budget", new { phoneNumberDailyBudget = 3 })).StatusCode);
        Assert.Equal("wechat", await ModeAsync("phone-budget"));
        Assert.Equal(HttpStatusCode.Created, (await JoinWithCodeAsync(late, "phone-budget", code)).StatusCode);
    }

    [Fact]
    public async Task A_budget_of_zero_is_sms_only_and_null_is_no_limit()
    {
        await CreateAsync(App, "phone-zero", budget: 0);
        Assert.Equal("sms", await ModeAsync("phone-zero"));
        var mp = await MiniProgramClient.LoginAsync(App);
        var calls = App.Sandbox.ApiCalls(PhoneApi);
        await AssertProblem(await JoinWithCodeAsync(mp, "phone-zero", PhoneCode(mp, "13944440001")), HttpStatusCode.Conflict, "sms_verification_required");
        Assert.Equal(calls, App.Sandbox.ApiCalls(PhoneApi));
        Assert.Null(await UsageAsync("phone-zero")); // not even a counter row

        var staff = App.CreateAdminClient(WechatLeadsFactory.OperatorKey);
        var lifted = await staff.PatchAsJsonAsync("/admin/api/campaigns/phone-zero", new { phoneNumberDailyBudget = (int?)null });
        Assert.Equal(JsonValueKind.Null, (await lifted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("phoneNumberDailyBudget").ValueKind);
        Assert.Equal("wechat", await ModeAsync("phone-zero"));
    }

    [Fact]
    public async Task Wechat_quota_exhausted_falls_back_to_sms_for_the_rest_of_the_day()
    {
        await CreateAsync(App, "phone-quota", budget: null);
        var mp = await MiniProgramClient.LoginAsync(App);
        var sandbox = App.CreateClient();
        Assert.Equal(HttpStatusCode.NoContent, (await sandbox.PostAsync("/sandbox/_phone-quota?exhausted=true", null)).StatusCode);
        try
        {
            await AssertProblem(await JoinWithCodeAsync(mp, "phone-quota", PhoneCode(mp, "13955550001")), HttpStatusCode.Conflict, "sms_verification_required");
        }
        finally
        {
            await sandbox.PostAsync("/sandbox/_phone-quota?exhausted=false", null);
        }
        Assert.False(App.Sandbox.PhoneNumberQuotaExhausted);
        Assert.Equal("sms", await ModeAsync("phone-quota"));

        var next = await MiniProgramClient.LoginAsync(App);
        var calls = App.Sandbox.ApiCalls(PhoneApi);
        await AssertProblem(await JoinWithCodeAsync(next, "phone-quota", PhoneCode(next, "13955550002")), HttpStatusCode.Conflict, "sms_verification_required");
        Assert.Equal(calls, App.Sandbox.ApiCalls(PhoneApi)); // the rest of the day: WeChat is not asked again
        var usage = await UsageAsync("phone-quota");
        Assert.True(usage!.QuotaExhausted);
        Assert.Equal((0, 0), (usage.Reserved, usage.Billable)); // nothing billed, the place given back
    }

    [Fact]
    public async Task The_buttons_own_1400001_gets_the_sms_answer_without_moving_the_campaign_to_sms()
    {
        await CreateAsync(App, "phone-errno", budget: null);
        var mp = await MiniProgramClient.LoginAsync(App);
        var calls = App.Sandbox.ApiCalls(PhoneApi);
        await AssertProblem(await mp.ParticipateAsync("phone-errno", new { consents = MiniProgramClient.Consents(), phoneErrno = 1400001 }),
            HttpStatusCode.Conflict, "sms_verification_required");
        Assert.Equal(calls, App.Sandbox.ApiCalls(PhoneApi));
        // Any signed-in user can send that number; it must not switch everyone else to (paid) SMS.
        Assert.Equal("wechat", await ModeAsync("phone-errno"));
        await AssertProblem(await mp.ParticipateAsync("phone-errno", new { consents = MiniProgramClient.Consents(), phoneErrno = 1400002 }),
            HttpStatusCode.UnprocessableEntity, "phone_required");
    }

    [Fact]
    public async Task The_budget_is_validated_on_edit()
    {
        await CreateAsync(App, "phone-valid", budget: 5);
        var staff = App.CreateAdminClient(WechatLeadsFactory.OperatorKey);
        foreach (var bad in new object[] { new { phoneNumberDailyBudget = -1 }, new { phoneNumberDailyBudget = 10_000_001 } })
        {
            var refused = await staff.PatchAsJsonAsync("/admin/api/campaigns/phone-valid", bad);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("每日手机号验证预算须为", await refused.Content.ReadAsStringAsync());
        }
        var text = await staff.PatchAsync("/admin/api/campaigns/phone-valid",
            new StringContent("{\"phoneNumberDailyBudget\":\"many\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, text.StatusCode);
        // Absent keeps it; other edits leave it alone.
        var kept = await staff.PatchAsJsonAsync("/admin/api/campaigns/phone-valid", new { title = "手机号预算（改）" });
        Assert.Equal(5, (await kept.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("phoneNumberDailyBudget").GetInt32());
        // The console's settings form shows it, and sends an emptied field as null (no limit).
        var manage = await (await staff.GetAsync("/admin/campaigns/phone-valid/manage")).Content.ReadAsStringAsync();
        Assert.Matches("name=\"phoneNumberDailyBudget\"[^>]*value=\"5\"|value=\"5\"[^>]*name=\"phoneNumberDailyBudget\"", manage);
        Assert.Contains("data-type=\"number-or-null\"", manage);
        Assert.Contains("每日手机号验证预算须为", string.Join(' ', CampaignFactory.Validate(new CampaignDefinition
        {
            Slug = "x-new",
            Type = CampaignTypes.LuckyDraw,
            Title = "t",
            PolicyVersion = "2026-11",
            StartsAt = DateTime.UtcNow,
            EndsAt = DateTime.UtcNow.AddDays(1),
            PhoneNumberDailyBudget = -3,
            Draw = new DrawDefinition { NoWinWeight = 1, Prizes = [new PrizeDefinition { Name = "p" }] },
        })));
    }
}
