using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Tests.Infrastructure;
using WechatLeads.Server.Tests.Promotions;

namespace WechatLeads.Server.Tests.Admin;

/// <summary>Changing a running promotion: its settings, its prize table, and never what was already won.</summary>
public sealed class CampaignEditingTests() : HostedTests(new Dictionary<string, string?> { ["RateLimits:ParticipationsPerIpPerMinute"] = "100000" })
{
    private HttpClient Operator => App.CreateAdminClient(WechatLeadsFactory.OperatorKey);

    private async Task<JsonElement> DetailsAsync(string slug) => await Operator.GetFromJsonAsync<JsonElement>($"/admin/api/campaigns/{slug}");

    [Fact]
    public async Task Edits_change_what_followers_see_and_are_audited()
    {
        var endsAt = new DateTimeOffset(2027, 6, 30, 23, 59, 0, TimeSpan.FromHours(8));
        var edited = await Operator.PatchAsJsonAsync(
            "/admin/api/campaigns/spring-coupon",
            new { title = "春季拿铁券（加量）", endsAt, retentionDays = 120, couponValidDays = 10 });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var details = await edited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("春季拿铁券（加量）", details.GetProperty("title").GetString());
        Assert.Equal(endsAt.UtcDateTime, details.GetProperty("endsAt").GetDateTime().ToUniversalTime());
        Assert.Equal((120, 10), (details.GetProperty("retentionDays").GetInt32(), details.GetProperty("couponValidDays").GetInt32()));
        Assert.Equal(2000, details.GetProperty("codes").GetProperty("free").GetInt32());

        // The public campaign API shows the new title at once on this instance (the catalog entry was dropped).
        var shown = await App.CreateClient().GetFromJsonAsync<JsonElement>("/api/campaigns/spring-coupon");
        Assert.Equal("春季拿铁券（加量）", shown.GetProperty("title").GetString());

        var entries = await App.QueryAsync(db => db.Set<AuditEntry>().Where(e => e.Action == AuditActions.CampaignEdited).ToListAsync());
        Assert.Equal("campaign:spring-coupon", Assert.Single(entries).Target);
    }

    [Fact]
    public async Task A_bad_edit_is_refused_with_every_problem_and_an_ended_campaign_cannot_change()
    {
        var bad = await Operator.PatchAsJsonAsync("/admin/api/campaigns/spring-coupon",
            new { title = "", endsAt = new DateTime(2020, 1, 1), policyVersion = "1999-01", purposes = new[] { "marketing" }, channels = new[] { "sms" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var text = await bad.Content.ReadAsStringAsync();
        foreach (var expected in new[] { "请填写标题", "结束时间必须晚于开始时间", "1999-01", "用途必须包含服务", "参与渠道只能是" }) Assert.Contains(expected, text);
        Assert.Equal("新客专享：中杯拿铁 5 元券", (await DetailsAsync("spring-coupon")).GetProperty("title").GetString()); // nothing half-applied

        Assert.Equal(HttpStatusCode.NotFound, (await Operator.PatchAsJsonAsync("/admin/api/campaigns/nope", new { title = "x" })).StatusCode);
        await Operator.PostAsJsonAsync("/admin/api/campaigns/spring-coupon/status", new { status = "ended" });
        Assert.Equal(HttpStatusCode.Conflict, (await Operator.PatchAsJsonAsync("/admin/api/campaigns/spring-coupon", new { title = "重开" })).StatusCode);
    }

    /// <summary>A draw not yet announced: its rules can still change.</summary>
    private async Task CreateDraftDrawAsync(string slug)
    {
        await using var scope = App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CampaignFactory>().CreateAsync(new CampaignDefinition
        {
            Slug = slug,
            Type = CampaignTypes.LuckyDraw,
            Title = "筹备中的抽奖",
            PolicyVersion = "2026-11",
            Status = CampaignStatus.Draft,
            StartsAt = DateTime.UtcNow.AddDays(1),
            EndsAt = DateTime.UtcNow.AddDays(30),
            Draw = new DrawDefinition { NoWinWeight = 80, Prizes = [new PrizeDefinition { Name = "全年咖啡卡", Weight = 1, Inventory = 3, Value = 3650 }] },
        }, CancellationToken.None);
    }

    [Fact]
    public async Task A_draft_draws_prizes_can_be_added_renamed_reweighted_and_restocked_but_never_below_zero()
    {
        await CreateDraftDrawAsync("draft-draw");
        var coffee = (await DetailsAsync("draft-draw")).GetProperty("prizes")[0].GetProperty("id").GetInt64();

        var added = await Operator.PostAsJsonAsync("/admin/api/campaigns/draft-draw/prizes", new { name = "限定马克杯", weight = 5, inventory = 20, value = 68 });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(20, (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("remaining").GetInt32());

        var renamed = await Operator.PatchAsJsonAsync(
            $"/admin/api/campaigns/draft-draw/prizes/{coffee}",
            new { name = "全年咖啡卡（升级）", weight = 2, inventory = 5 });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var view = await renamed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(
            ("全年咖啡卡（升级）", 2, 5, 5),
            (
                view.GetProperty("name").GetString(),
                view.GetProperty("weight").GetInt32(),
                view.GetProperty("inventory").GetInt32(),
                view.GetProperty("remaining").GetInt32()));

        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await Operator.PatchAsJsonAsync($"/admin/api/campaigns/draft-draw/prizes/{coffee}", new { inventory = -1 })).StatusCode);
        Assert.Equal(
            HttpStatusCode.NotFound,
            (await Operator.PatchAsJsonAsync("/admin/api/campaigns/draft-draw/prizes/999999", new { weight = 1 })).StatusCode);
        Assert.Equal(
            HttpStatusCode.Conflict,
            (await Operator.PostAsJsonAsync("/admin/api/campaigns/spring-coupon/prizes", new { name = "x", weight = 1, inventory = 1 })).StatusCode);
    }

    [Fact]
    public async Task An_announced_draw_only_takes_more_stock_or_new_pacing_and_says_why_anything_else_is_refused()
    {
        var coffee = (await DetailsAsync("lucky-draw")).GetProperty("prizes")[0].GetProperty("id").GetInt64();
        async Task<string> RefusedAsync(HttpResponseMessage r)
        {
            Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
            var problem = await r.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("rules_locked", problem.GetProperty("code").GetString());
            return problem.GetProperty("detail").GetString()!;
        }

        Assert.Contains(
            "新增奖品",
            await RefusedAsync(await Operator.PostAsJsonAsync("/admin/api/campaigns/lucky-draw/prizes", new { name = "限定马克杯", weight = 5, inventory = 20 })));
        Assert.Contains("中奖权重", await RefusedAsync(await Operator.PatchAsJsonAsync($"/admin/api/campaigns/lucky-draw/prizes/{coffee}", new { weight = 2 })));
        Assert.Contains("价值", await RefusedAsync(await Operator.PatchAsJsonAsync($"/admin/api/campaigns/lucky-draw/prizes/{coffee}", new { value = 99 })));
        Assert.Contains("只能增加", await RefusedAsync(await Operator.PatchAsJsonAsync($"/admin/api/campaigns/lucky-draw/prizes/{coffee}", new { inventory = 1 })));
        Assert.Contains("中奖概率", await RefusedAsync(await Operator.PatchAsJsonAsync("/admin/api/campaigns/lucky-draw", new { noWinWeight = 0 })));
        Assert.Contains(
            "活动时间",
            await RefusedAsync(await Operator.PatchAsJsonAsync("/admin/api/campaigns/lucky-draw", new { endsAt = new DateTime(2028, 6, 30) })));

        var before = await App.CreateClient().GetFromJsonAsync<JsonElement>("/api/campaigns/lucky-draw");
        Assert.Equal(
            HttpStatusCode.OK,
            (await Operator.PatchAsJsonAsync($"/admin/api/campaigns/lucky-draw/prizes/{coffee}", new { inventory = 10 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Operator.PatchAsJsonAsync("/admin/api/campaigns/lucky-draw", new { title = "幸运大转盘（加码）" })).StatusCode);
        var after = await App.CreateClient().GetFromJsonAsync<JsonElement>("/api/campaigns/lucky-draw");
        // More stock is a new version of the rules; the odds stay what they were.
        Assert.Equal(before.GetProperty("rules").GetProperty("version").GetInt32() + 1, after.GetProperty("rules").GetProperty("version").GetInt32());
        Assert.Equal(
            before.GetProperty("prizes")[0].GetProperty("probability").GetDecimal(),
            after.GetProperty("prizes")[0].GetProperty("probability").GetDecimal());
        Assert.Equal(10, after.GetProperty("prizes")[0].GetProperty("quantity").GetInt32());
    }

    [Fact]
    public async Task Restocking_during_a_rush_of_draws_never_over_issues()
    {
        await ConcurrencyTests.CreateDrawAsync(App, "restock-rush", inventory: 5);
        var prizeId = (await DetailsAsync("restock-rush")).GetProperty("prizes")[0].GetProperty("id").GetInt64();
        await Operator.PostAsync($"/admin/api/campaigns/restock-rush/codes?prize={prizeId}",
            new StringContent(string.Join('\n', Enumerable.Range(0, 30).Select(i => $"EXTRA-{i:D4}")), System.Text.Encoding.UTF8, "text/csv"));
        var players = await MiniProgramClient.LoginManyAsync(60, _ => App);

        // 60 people draw while staff raise the inventory from 5 to 25 and then try to cut it to 1.
        var draws = players.Select((p, i) => p.JoinAsync("restock-rush", $"137{i:D8}")).ToList();
        var raise = Operator.PatchAsJsonAsync($"/admin/api/campaigns/restock-rush/prizes/{prizeId}", new { inventory = 25 });
        await Task.WhenAll(draws);
        Assert.Equal(HttpStatusCode.OK, (await raise).StatusCode);
        var cut = await Operator.PatchAsJsonAsync($"/admin/api/campaigns/restock-rush/prizes/{prizeId}", new { inventory = 1 });
        Assert.Equal(HttpStatusCode.Conflict, cut.StatusCode);

        var prize = await App.QueryAsync(db => db.Set<Prize>().AsNoTracking().SingleAsync(p => p.Id == prizeId));
        var won = await App.QueryAsync(db => db.Set<ParticipationRecord>().CountAsync(r => r.PrizeId == prizeId));
        Assert.Equal(25, prize.Inventory);
        Assert.Equal(prize.Inventory - prize.Remaining, won); // every unit is either won once or still there
        Assert.True(won >= 5, $"only {won} won");
        Assert.Equal(
            won,
            await App.QueryAsync(db => db.Set<CouponCode>()
                .CountAsync(c => c.ParticipationId != null && (c.Code.StartsWith("RUSH-") || c.Code.StartsWith("EXTRA-")))));
    }
}
