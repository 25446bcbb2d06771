using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Data;
using WechatLeads.Server.Followers;
using WechatLeads.Server.Jobs;
using WechatLeads.Server.Marketing;
using WechatLeads.Server.Privacy;
using WechatLeads.Server.Tests.Infrastructure;
using WechatLeads.Server.Tests.Unsubscribe;
using WechatLeads.Server.Unsubscribe;

namespace WechatLeads.Server.Tests.Marketing;

/// <summary>
/// <c>POST /api/me/marketing/withdraw</c> and <c>…/consent</c>: a mini-program user withdraws as easily as they
/// consented, with the effects of the menu's opt-out (the next send skips them), once however often they tap;
/// and comes back only by an explicit grant under the notice in force, after which the gate sends again.
/// </summary>
public sealed partial class MarketingChoiceTests : IAsyncLifetime
{
    private const string Campaign = "spring-coupon";
    private const string CurrentNotice = "2026-11";

    private readonly AdjustableClock _clock = new(AdjustableClock.ChinaTimeToday(10)); // 10:00 Beijing: sends are not paused
    private WechatLeadsFactory _app = null!;

    public Task InitializeAsync()
    {
        _app = new WechatLeadsFactory(time: _clock);
        _app.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<MiniProgramClient> JoinedWithMarketingAsync(string phone)
    {
        var mp = await MiniProgramClient.LoginAsync(_app);
        Assert.Equal(HttpStatusCode.Created, (await mp.JoinAsync(Campaign, phone, marketing: true)).StatusCode);
        return mp;
    }

    private static async Task<JsonElement> MarketingAsync(MiniProgramClient mp) =>
        (await mp.Http.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("marketing");

    private static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();

    private Task<List<OptOut>> OptOutsAsync(string openId) =>
        _app.QueryAsync(db => db.Set<OptOut>().AsNoTracking().Where(o => o.OpenId == openId).ToListAsync());

    private Task<List<ConsentEvent>> MarketingEventsAsync(string openId, string action, string? scope = null) =>
        _app.QueryAsync(db => db.Set<ConsentEvent>().AsNoTracking()
            .Where(e => e.OpenId == openId
                && e.Purpose == ConsentPurposes.Marketing
                && e.Action == action
                && (scope == null || e.Scope == scope)).ToListAsync());

    private async Task<JsonElement> SmsSendAsync() =>
        await MarketingSendTests.FinishedAsync(_app, await MarketingSendTests.ScheduleAsync(_app,
            new { name = "冬季新品", channel = "sms", text = MarketingSendTests.Sms, audience = new { campaign = Campaign } }));

    [Fact]
    public async Task Withdrawing_through_the_api_is_committed_before_the_answer_shown_by_get_me_and_the_next_send_skips_the_person()
    {
        var mp = await JoinedWithMarketingAsync("13911112001");
        var before = await MarketingAsync(mp);
        Assert.True(before.GetProperty("consented").GetBoolean());
        Assert.Equal(CurrentNotice, before.GetProperty("policyVersion").GetString());
        Assert.False(before.GetProperty("optedOut").GetBoolean());

        var answer = await OkJsonAsync(await mp.Http.PostAsync("/api/me/marketing/withdraw", null));

        Assert.True(answer.GetProperty("optedOut").GetBoolean());
        Assert.False(answer.GetProperty("consented").GetBoolean());
        Assert.Equal(OptOutChannels.MiniProgram, answer.GetProperty("optOutChannel").GetString());
        // Durable before the answer: the withdrawal and the record are there the moment it arrives.
        Assert.Single(await MarketingEventsAsync(mp.OpenId, ConsentActions.Withdrawn, "*"));
        var optOut = Assert.Single(await OptOutsAsync(mp.OpenId));
        Assert.True(optOut.Withdrew);
        var shown = await MarketingAsync(mp);
        Assert.True(shown.GetProperty("optedOut").GetBoolean());
        Assert.Equal(answer.GetProperty("optedOutAt").GetDateTime(), shown.GetProperty("optedOutAt").GetDateTime());
        // A mini-program openid is no Official Account follower: never marked as one, and never sent a customer-service message.
        Assert.False((await OptOutSteps.FollowerAsync(_app, mp.OpenId))!.Subscribed);

        var send = await SmsSendAsync();
        Assert.Equal(0, send.GetProperty("sent").GetInt32());
        Assert.Equal(1, send.GetProperty("skippedByReason").GetProperty(SkipReasons.OptedOut).GetInt32());
        Assert.DoesNotContain(_app.Sandbox.SmsMessages, m => m.Phone == "13911112001");

        // The follow-up ran as for every opt-out (per-campaign withdrawals) and recorded why no message confirmed it.
        var followedUp = await Eventually.ReturnsAsync(async () => (await OptOutsAsync(mp.OpenId)).Single(),
            o => o.WithdrawalsAppliedAt is not null && o.ConfirmationSkipped is not null, "the opt-out is followed up", seconds: 150);
        Assert.Equal(ConfirmationSkipReasons.NoMessageChannel, followedUp.ConfirmationSkipped);
        Assert.Null(followedUp.ConfirmationSentAt);
        Assert.Single(await MarketingEventsAsync(mp.OpenId, ConsentActions.Withdrawn, Campaign));
        Assert.Empty(OptOutSteps.Confirmations(_app, mp.OpenId));
    }

    [Fact]
    public async Task Withdrawing_twice_answers_the_same_state_and_records_one_opt_out_and_one_withdrawal()
    {
        var mp = await JoinedWithMarketingAsync("13911112002");

        var first = await OkJsonAsync(await mp.Http.PostAsync("/api/me/marketing/withdraw", null));
        var second = await OkJsonAsync(await mp.Http.PostAsync("/api/me/marketing/withdraw", null));

        Assert.Equal(first.GetProperty("optedOutAt").GetDateTime(), second.GetProperty("optedOutAt").GetDateTime());
        Assert.Equal(first.GetProperty("optOutChannel").GetString(), second.GetProperty("optOutChannel").GetString());
        Assert.Single(await OptOutsAsync(mp.OpenId));
        Assert.Single(await MarketingEventsAsync(mp.OpenId, ConsentActions.Withdrawn, "*"));
    }

    [Fact]
    public async Task Ten_parallel_withdrawals_are_one_opt_out_and_the_person_is_then_rate_limited()
    {
        var mp = await JoinedWithMarketingAsync("13911112003");

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => mp.Http.PostAsync("/api/me/marketing/withdraw", null)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Single(await OptOutsAsync(mp.OpenId));
        Assert.Single(await MarketingEventsAsync(mp.OpenId, ConsentActions.Withdrawn, "*"));
        // RateLimits:MarketingChoicesPerPersonPerMinute (10) covers both endpoints, per person.
        var limited = await mp.Http.PostAsJsonAsync("/api/me/marketing/consent", new { policyVersion = CurrentNotice });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("rate_limited", await CodeAsync(limited));
        var someoneElse = await JoinedWithMarketingAsync("13911112004");
        Assert.Equal(HttpStatusCode.OK, (await someoneElse.Http.PostAsync("/api/me/marketing/withdraw", null)).StatusCode);
    }

    [Fact]
    public async Task Consent_is_refused_without_a_version_or_under_an_outdated_notice_and_records_nothing()
    {
        var mp = await JoinedWithMarketingAsync("13911112005");
        await OkJsonAsync(await mp.Http.PostAsync("/api/me/marketing/withdraw", null));
        var grantsBefore = (await MarketingEventsAsync(mp.OpenId, ConsentActions.Granted)).Count;

        var missing = await mp.Http.PostAsync("/api/me/marketing/consent", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
        Assert.Equal("consent_required", await CodeAsync(missing));
        Assert.Equal("consent_required", await CodeAsync(await mp.Http.PostAsJsonAsync("/api/me/marketing/consent", new { campaign = Campaign })));

        var outdated = await mp.Http.PostAsJsonAsync("/api/me/marketing/consent", new { policyVersion = "2025-01" });
        Assert.Equal(HttpStatusCode.Conflict, outdated.StatusCode);
        Assert.Equal("policy_outdated", await CodeAsync(outdated));
        Assert.Equal(
            "policy_outdated",
            await CodeAsync(await mp.Http.PostAsJsonAsync("/api/me/marketing/consent", new { policyVersion = "2025-01", campaign = Campaign })));

        var notJoined = await mp.Http.PostAsJsonAsync("/api/me/marketing/consent", new { policyVersion = CurrentNotice, campaign = "lucky-draw" });
        Assert.Equal(HttpStatusCode.NotFound, notJoined.StatusCode);
        Assert.Equal("campaign_not_joined", await CodeAsync(notJoined));

        Assert.Equal(grantsBefore, (await MarketingEventsAsync(mp.OpenId, ConsentActions.Granted)).Count);
        var state = await MarketingAsync(mp);
        Assert.True(state.GetProperty("optedOut").GetBoolean());
        Assert.False(state.GetProperty("consented").GetBoolean());
    }

    [Fact]
    public async Task A_new_consent_under_the_current_notice_ends_the_opt_out_and_the_gate_sends_again()
    {
        var mp = await JoinedWithMarketingAsync("13911112006");
        await OkJsonAsync(await mp.Http.PostAsync("/api/me/marketing/withdraw", null));
        Assert.Equal(1, (await SmsSendAsync()).GetProperty("skippedByReason").GetProperty(SkipReasons.OptedOut).GetInt32());

        var answer = await OkJsonAsync(await mp.Http.PostAsJsonAsync("/api/me/marketing/consent", new { policyVersion = CurrentNotice, campaign = Campaign }));

        Assert.True(answer.GetProperty("consented").GetBoolean());
        Assert.False(answer.GetProperty("optedOut").GetBoolean());
        Assert.Equal(CurrentNotice, answer.GetProperty("policyVersion").GetString());
        Assert.Equal([Campaign], answer.GetProperty("campaigns").EnumerateArray().Select(c => c.GetString()));
        var shown = await MarketingAsync(mp);
        Assert.True(shown.GetProperty("consented").GetBoolean());
        Assert.Equal(answer.GetProperty("since").GetDateTime(), shown.GetProperty("since").GetDateTime());
        var grant = (await MarketingEventsAsync(mp.OpenId, ConsentActions.Granted)).OrderBy(e => e.Id).Last();
        var notice = await _app.QueryAsync(db => db.Set<PrivacyPolicy>().AsNoTracking().SingleAsync(p => p.Version == CurrentNotice));
        Assert.Equal(
            (Campaign, CurrentNotice, notice.ContentHash, "miniprogram", "api/me"),
            (grant.Scope, grant.PolicyVersion, grant.PolicyHash, grant.Channel, grant.Source));
        Assert.False((await OptOutSteps.FollowerAsync(_app, mp.OpenId))!.MarketingOptOut); // as a participation's re-consent leaves it

        // The opt-out's follow-up running only now (a slow job) must not withdraw the newer grant.
        await RunOptOutFollowUpAgainAsync(mp.OpenId);
        Assert.True((await MarketingAsync(mp)).GetProperty("consented").GetBoolean());

        var send = await SmsSendAsync();
        Assert.Equal(1, send.GetProperty("sent").GetInt32());
        Assert.Contains(_app.Sandbox.SmsMessages, m => m.Phone == "13911112006");
    }

    [Fact]
    public async Task A_withdrawal_the_follow_up_stores_after_a_newer_consent_does_not_undo_it()
    {
        var mp = await JoinedWithMarketingAsync("13911112008");
        await OkJsonAsync(await mp.Http.PostAsync("/api/me/marketing/withdraw", null));
        var optOut = await Eventually.ReturnsAsync(
            async () => (await OptOutsAsync(mp.OpenId)).Single(),
            o => o.WithdrawalsAppliedAt is not null,
            "the follow-up ran",
            seconds: 150);
        _clock.Advance(TimeSpan.FromSeconds(5)); // the person changes their mind a few seconds later
        await OkJsonAsync(await mp.Http.PostAsJsonAsync("/api/me/marketing/consent", new { policyVersion = CurrentNotice, campaign = Campaign }));

        // What a follow-up that read the grants before the new consent and wrote after it leaves behind: a
        // withdrawal dated at the opt-out, stored after the newer grant.
        var grant = (await MarketingEventsAsync(mp.OpenId, ConsentActions.Granted)).OrderBy(e => e.Id).Last();
        await _app.QueryAsync(async db =>
        {
            db.Add(new ConsentEvent
            {
                SubjectKey = grant.SubjectKey,
                OpenId = mp.OpenId,
                Purpose = ConsentPurposes.Marketing,
                Action = ConsentActions.Withdrawn,
                Scope = Campaign,
                Channel = grant.Channel,
                OccurredAt = optOut.RequestedAt,
            });
            return await db.SaveChangesAsync();
        });

        Assert.True((await MarketingAsync(mp)).GetProperty("consented").GetBoolean());
        Assert.Equal(1, (await SmsSendAsync()).GetProperty("sent").GetInt32());
    }

    /// <summary>Waits for the opt-out's follow-up, then makes it pending again and runs it by hand.</summary>
    private async Task RunOptOutFollowUpAgainAsync(string openId)
    {
        var optOut = await Eventually.ReturnsAsync(
            async () => (await OptOutsAsync(openId)).Single(),
            o => o.WithdrawalsAppliedAt is not null,
            "the follow-up ran",
            seconds: 150);
        await _app.QueryAsync(db => db.Set<OptOut>()
            .Where(o => o.Id == optOut.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.WithdrawalsAppliedAt, (DateTime?)null)));
        await using var scope = _app.Services.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetServices<IOutboxHandler>().Single(h => h.Kind == ProcessOptOut.Kind);
        await handler.HandleAsync(JsonSerializer.Serialize(new ProcessOptOut.Payload(OptOutId: optOut.Id)), CancellationToken.None);
    }

    [Fact]
    public async Task Without_a_campaign_the_grant_covers_every_joined_campaign_under_that_notice()
    {
        var mp = await JoinedWithMarketingAsync("13911112007");
        await OkJsonAsync(await mp.Http.PostAsync("/api/me/marketing/withdraw", null));

        var answer = await OkJsonAsync(await mp.Http.PostAsJsonAsync("/api/me/marketing/consent", new { policyVersion = CurrentNotice }));

        Assert.Equal([Campaign], answer.GetProperty("campaigns").EnumerateArray().Select(c => c.GetString()));
        Assert.True(answer.GetProperty("consented").GetBoolean());
    }

    [Fact]
    public async Task Cookie_callers_need_the_antiforgery_token_and_withdraw_as_the_h5_page_does()
    {
        var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true });
        var html = await (await browser.GetAsync("/h5/oauth/start?returnUrl=%2Fh5%2Fme")).Content.ReadAsStringAsync();
        (await browser.GetAsync(WebUtility.HtmlDecode(Continue().Match(html).Groups[1].Value))).EnsureSuccessStatusCode();

        foreach (var path in new[] { "/api/me/marketing/withdraw", "/api/me/marketing/consent" })
        {
            var refused = await browser.PostAsJsonAsync(path, new { policyVersion = CurrentNotice });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("antiforgery_invalid", await CodeAsync(refused));
        }
        Assert.Equal(0, await _app.CountAsync<OptOut>());

        var page = await (await browser.GetAsync("/h5/me/delete")).Content.ReadAsStringAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/me/marketing/withdraw");
        request.Headers.Add("RequestVerificationToken", WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value));
        var answer = await OkJsonAsync(await browser.SendAsync(request));
        Assert.Equal(OptOutChannels.MyDataPage, answer.GetProperty("optOutChannel").GetString());
        Assert.Equal(OptOutChannels.MyDataPage, (await _app.QueryAsync(db => db.Set<OptOut>().AsNoTracking().SingleAsync())).Channel);
        Assert.Equal(1, await _app.QueryAsync(db => db.Set<Follower>().CountAsync(f => f.MarketingOptOut)));
    }

    [GeneratedRegex("id=\"continue\" href=\"([^\"]+)\"")]
    private static partial Regex Continue();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
