using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Promotions;

/// <summary>
/// A follower learns that a campaign is closed before typing anything (未开始 with its start, 已暂停, 已结束, 已领完);
/// a campaign can't go live with nothing to give; a draw's limit says which limit and when to come back; the end
/// date shown is the last minute that counts.
/// </summary>
public sealed partial class CampaignClosedTests() : HostedTests(
    shareHost: true, settings: new Dictionary<string, string?> { ["RateLimits:ParticipationsPerIpPerMinute"] = "100000" })
{
    private HttpClient Operator => App.CreateAdminClient(WechatLeadsFactory.OperatorKey);

    private async Task<HttpClient> SignedInAsync() => (await App.SignedInFollowerAsync()).Browser;

    private async Task CreateAsync(string slug, DateTime startsAt, DateTime endsAt, int codes = 5, string status = "active")
    {
        var created = await Operator.PostAsJsonAsync("/admin/api/campaigns", new
        {
            slug,
            type = "coupon",
            title = "周末双人套餐券",
            startsAt,
            endsAt,
            status,
            channels = new[] { "h5", "miniprogram" },
            policyVersion = "2026-11",
            retentionDays = 180,
            coupon = new { validDays = 14, generate = new { prefix = Prefix(slug), count = codes } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    private static string Prefix(string slug) => slug.ToUpperInvariant() + "-";

    private Task TakeEveryCodeAsync(string slug) => App.QueryAsync(db => db.Set<CouponCode>().Where(c => c.Code.StartsWith(Prefix(slug)))
        .ExecuteUpdateAsync(s => s.SetProperty(c => c.ParticipationId, c => c.Code)));

    private async Task<string> LandingAsync(string slug) => await (await (await SignedInAsync()).GetAsync($"/h5/c/{slug}")).Content.ReadAsStringAsync();

    [Fact]
    public async Task A_paused_campaign_says_so_and_shows_no_form()
    {
        await CreateAsync("paused-duo", DateTime.UtcNow.AddHours(-1), DateTime.UtcNow.AddDays(30));
        Assert.Equal(
            HttpStatusCode.NoContent,
            (await Operator.PostAsJsonAsync("/admin/api/campaigns/paused-duo/status", new { status = "paused" })).StatusCode);

        var page = await LandingAsync("paused-duo");

        Assert.Contains("data-state=\"paused\"", page);
        Assert.Contains("活动已暂停", page);
        Assert.DoesNotContain("name=\"phone\"", page);
        Assert.DoesNotContain("未开始或已结束", page);
    }

    [Fact]
    public async Task A_campaign_not_yet_started_names_its_start_in_beijing_time()
    {
        var start = new DateTime(2030, 3, 1, 2, 0, 0, DateTimeKind.Utc); // 10:00 in Beijing
        await CreateAsync("later-duo", start, start.AddDays(30));

        var page = await LandingAsync("later-duo");

        Assert.Contains("data-state=\"not_started\"", page);
        Assert.Contains("2030-03-01 10:00", page);
        Assert.DoesNotContain("name=\"phone\"", page);
        var api = await (await MiniProgramClient.LoginAsync(App)).Http.GetFromJsonAsync<JsonElement>("/api/campaigns/later-duo");
        Assert.Equal("not_started", api.GetProperty("availability").GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_campaign_ended_by_the_organiser_says_it_has_ended()
    {
        await CreateAsync("ended-duo", DateTime.UtcNow.AddHours(-1), DateTime.UtcNow.AddDays(30));
        Assert.Equal(HttpStatusCode.NoContent, (await Operator.PostAsJsonAsync("/admin/api/campaigns/ended-duo/status", new { status = "ended" })).StatusCode);

        var page = await LandingAsync("ended-duo");

        Assert.Contains("data-state=\"ended\"", page);
        Assert.Contains("活动已结束", page);
        Assert.DoesNotContain("name=\"phone\"", page);
    }

    [Fact]
    public async Task A_coupon_campaign_with_no_code_left_says_so_before_any_input()
    {
        await CreateAsync("gone-duo", DateTime.UtcNow.AddHours(-1), DateTime.UtcNow.AddDays(30), codes: 2);
        await TakeEveryCodeAsync("gone-duo");

        var page = await LandingAsync("gone-duo");

        Assert.Contains("data-state=\"sold_out\"", page);
        Assert.Contains("优惠券已领完", page);
        Assert.DoesNotContain("name=\"phone\"", page);
    }

    [Fact]
    public async Task The_end_date_shown_is_the_last_minute_that_counts()
    {
        // Ends at 00:00 on 1 January 2031, Beijing time: the last minute is 23:59 on 31 December.
        await CreateAsync("new-year-duo", DateTime.UtcNow.AddHours(-1), new DateTime(2030, 12, 31, 16, 0, 0, DateTimeKind.Utc));

        var page = await LandingAsync("new-year-duo");

        Assert.Contains("至 2030-12-31 23:59", page);
        Assert.DoesNotContain("2031-01-01", page);
    }

    [Fact]
    public async Task Starting_a_campaign_with_an_empty_code_pool_is_refused_naming_what_is_missing()
    {
        await CreateAsync("empty-duo", DateTime.UtcNow.AddHours(-1), DateTime.UtcNow.AddDays(30), codes: 1, status: "draft");
        await TakeEveryCodeAsync("empty-duo");

        var refused = await Operator.PostAsJsonAsync("/admin/api/campaigns/empty-duo/status", new { status = "active" });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("prizes_not_issuable", problem.GetProperty("code").GetString());
        Assert.Contains("券码池里没有可发的券码", problem.GetProperty("detail").GetString());
        var status = await App.QueryAsync(db => db.Set<Campaign>().Where(c => c.Slug == "empty-duo").Select(c => c.Status).SingleAsync());
        Assert.Equal(CampaignStatus.Draft, status);
    }

    [Fact]
    public async Task A_second_draw_on_the_same_day_names_the_daily_limit_and_when_to_come_back()
    {
        var person = await MiniProgramClient.LoginAsync(App);
        Assert.Equal(HttpStatusCode.Created, (await person.JoinAsync("lucky-draw", "13900002222")).StatusCode);

        var again = await person.JoinAsync("lucky-draw", "13900002222", idempotencyKey: "second-draw-1");

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var problem = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("limit_reached", problem.GetProperty("code").GetString());
        var title = problem.GetProperty("title").GetString()!;
        Assert.Contains("今天的 1 次抽奖机会已用完", title);
        Assert.Contains("00:00（北京时间）起可以再抽", title);
        Assert.DoesNotContain("全部", title);
    }
}
