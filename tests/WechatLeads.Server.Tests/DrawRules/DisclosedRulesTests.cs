using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.DrawRules;

/// <summary>
/// What a draw discloses before anyone takes part (prize kinds, values, quantities and the odds per draw),
/// the rules page a person can keep with its SHA-256, the checks before a draw may start, and the audit that
/// works every outcome out again from what was recorded.
/// </summary>
public sealed partial class DisclosedRulesTests() : HostedTests(
    shareHost: true, settings: new Dictionary<string, string?> { ["RateLimits:ParticipationsPerIpPerMinute"] = "100000" })
{
    private HttpClient Operator => App.CreateAdminClient(WechatLeadsFactory.OperatorKey);

    [Fact]
    public async Task The_api_and_the_landing_page_show_each_prizes_kind_value_quantity_and_odds_and_the_rules_version()
    {
        // lucky-draw: weights 1, 9, 30 and 谢谢参与 80 → 1/120, 9/120, 30/120.
        var campaign = await App.CreateClient().GetFromJsonAsync<JsonElement>("/api/campaigns/lucky-draw");
        var prizes = campaign.GetProperty("prizes").EnumerateArray().ToList();
        Assert.Equal(
            ("全年咖啡卡", "physical", 3650m, 3, 0.008333m, "0.8333%"),
            (prizes[0].GetProperty("name").GetString(), prizes[0].GetProperty("kind").GetString(),
            prizes[0].GetProperty("valueYuan").GetDecimal(), prizes[0].GetProperty("quantity").GetInt32(), prizes[0].GetProperty("probability").GetDecimal(),
            prizes[0].GetProperty("probabilityText").GetString()));
        Assert.Equal(["0.8333%", "7.5%", "25%"], prizes.Select(p => p.GetProperty("probabilityText").GetString()));
        Assert.StartsWith("有效期", prizes[1].GetProperty("terms").GetString()!.Replace("发放后", "有效期"));
        Assert.Equal("示例咖啡（上海）有限公司（演示）", campaign.GetProperty("organiser").GetString());
        Assert.Contains("12315", campaign.GetProperty("complaintContact").GetString());
        var rules = campaign.GetProperty("rules");
        Assert.Equal((1, "/h5/c/lucky-draw/rules"), (rules.GetProperty("version").GetInt32(), rules.GetProperty("url").GetString()));

        var browser = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true });
        var start = await (await browser.GetAsync("/h5/oauth/start?returnUrl=%2Fh5%2Fc%2Flucky-draw")).Content.ReadAsStringAsync();
        var landing = await (await browser.GetAsync(WebUtility.HtmlDecode(Continue().Match(start).Groups[1].Value))).Content.ReadAsStringAsync();
        Assert.Contains("id=\"prize-table\"", landing);
        Assert.Contains("<td class=\"probability\">0.8333%</td>", landing);
        Assert.Contains("3650 元", landing);
        Assert.Contains("活动规则（第 1 版）", landing);
    }

    [Fact]
    public async Task The_rules_page_carries_the_sha256_of_the_stored_text_and_the_json_gives_that_text()
    {
        var json = await App.CreateClient().GetFromJsonAsync<JsonElement>("/api/campaigns/lucky-draw/rules");
        var sha = json.GetProperty("sha256").GetString()!;
        var content = json.GetProperty("content").GetString()!;
        Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content))));
        Assert.Equal(3650m, JsonDocument.Parse(content).RootElement.GetProperty("prizes")[0].GetProperty("valueYuan").GetDecimal());

        var page = await App.CreateClient().GetStringAsync("/h5/c/lucky-draw/rules");
        Assert.Contains($"<code id=\"rules-sha256\">{sha}</code>", page);
        Assert.Contains("示例咖啡（上海）有限公司（演示）", page);
        Assert.Contains("每人每天可抽 1 次", page);
        Assert.Equal(HttpStatusCode.NotFound, (await App.CreateClient().GetAsync("/api/campaigns/lucky-draw/rules?version=99")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.CreateClient().GetAsync("/api/campaigns/spring-coupon/rules")).StatusCode); // no draw, no prize rules
    }

    [Theory]
    [InlineData(60000, "50000 元的上限")]
    [InlineData(null, "没有填写价值")]
    public async Task A_draw_whose_top_prize_is_over_50000_yuan_or_lacks_a_value_cannot_start(int? value, string why)
    {
        var slug = value is null ? "no-value-draw" : "big-prize-draw";
        var created = await Operator.PostAsJsonAsync("/admin/api/campaigns", new
        {
            slug,
            type = "luckyDraw",
            title = "大奖",
            policyVersion = "2026-11",
            startsAt = DateTime.UtcNow.AddDays(-1),
            endsAt = DateTime.UtcNow.AddDays(9),
            organiser = "示例公司",
            draw = new { noWinWeight = 100, prizes = new object[] { new { name = "汽车", weight = 1, inventory = 1, value } } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode); // a draft may be incomplete
        var start = await Operator.PostAsJsonAsync($"/admin/api/campaigns/{slug}/status", new { status = "active" });
        Assert.Equal(HttpStatusCode.Conflict, start.StatusCode);
        var problem = await start.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("rules_not_publishable", problem.GetProperty("code").GetString());
        Assert.Contains(why, problem.GetProperty("detail").GetString());
        Assert.Equal("draft", await App.QueryAsync(db => db.Set<Server.Campaigns.Campaign>().Where(c => c.Slug == slug).Select(c => c.Status).SingleAsync()));
    }

    [Fact]
    public async Task Every_draw_is_worked_out_again_from_its_rules_version_and_random_value_and_a_changed_one_is_found()
    {
        var players = await MiniProgramClient.LoginManyAsync(25, _ => App);
        var answers = await Task.WhenAll(players.Select((p, i) => p.JoinAsync("lucky-draw", $"1360100{i:D4}")));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        var compliance = App.CreateAdminClient(WechatLeadsFactory.ComplianceKey);

        var report = await compliance.GetFromJsonAsync<JsonElement>("/admin/api/campaigns/lucky-draw/draws/verify");
        Assert.Equal((25, 25), (report.GetProperty("draws").GetInt32(), report.GetProperty("verified").GetInt32()));
        Assert.Empty(report.GetProperty("mismatches").EnumerateArray());
        Assert.Equal(25, report.GetProperty("rulesVersions")[0].GetProperty("draws").GetInt32());

        // Someone with database access makes a loser a winner of the top prize (内定): the recorded roll gives them away.
        var loser = await App.QueryAsync(db => db.Set<ParticipationRecord>()
            .Where(p => p.RulesVersion != null && p.CandidatePrizeId == null)
            .Select(p => p.Id)
            .FirstAsync());
        var top = await App.QueryAsync(db => db.Set<Server.Campaigns.Prize>().Where(p => p.Name == "全年咖啡卡").Select(p => p.Id).SingleAsync());
        await App.QueryAsync(db => db.Set<ParticipationRecord>()
            .Where(p => p.Id == loser)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.CandidatePrizeId, top)));
        var after = await compliance.GetFromJsonAsync<JsonElement>("/admin/api/campaigns/lucky-draw/draws/verify");
        Assert.Equal(loser, after.GetProperty("mismatches").EnumerateArray().Single().GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await Operator.GetAsync("/admin/api/campaigns/lucky-draw/draws/verify")).StatusCode);
    }

    [GeneratedRegex("id=\"continue\" href=\"([^\"]+)\"")]
    private static partial Regex Continue();
}
