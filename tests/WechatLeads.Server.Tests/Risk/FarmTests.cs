using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Risk;

/// <summary>
/// The sandbox's scripted farm — 500 mini-program accounts on 20 phone numbers and 3 addresses, rated 4 by
/// WeChat's risk control — against a draw where every honest draw wins: one draw per number stops most of
/// the farm, the risk rank makes the rest win nothing, and the honest players all win.
/// </summary>
public sealed class FarmTests() : HostedTests(RiskRankTests.Settings())
{
    [Fact]
    public async Task A_farm_of_500_accounts_wins_nothing_while_honest_players_win_and_the_dashboard_shows_its_segment()
    {
        await RiskRankTests.CreateDrawAsync(App, "farm-draw");
        var run = await App.CreateClient()
            .PostAsJsonAsync("/sandbox/simulator/farm", new { slug = "farm-draw", accounts = 500, numbers = 20, addresses = 3, honest = 10 });
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        var result = await run.Content.ReadFromJsonAsync<JsonElement>();

        var farm = result.GetProperty("farm");
        Assert.Equal(500, farm.GetProperty("attempts").GetInt32());
        Assert.Equal(0, farm.GetProperty("won").GetInt32());
        Assert.Equal(20, farm.GetProperty("noWin").GetInt32()); // one draw per number, each rated 4: 谢谢参与
        Assert.Equal(480, farm.GetProperty("refused").GetProperty("limit_reached").GetInt32());
        var honest = result.GetProperty("honest");
        Assert.Equal((10, 10), (honest.GetProperty("attempts").GetInt32(), honest.GetProperty("won").GetInt32()));

        var activity = await App.CreateAdminClient(WechatLeadsFactory.OperatorKey).GetFromJsonAsync<JsonElement>("/admin/api/campaigns/farm-draw/activity");
        var top = activity.GetProperty("activity").GetProperty("topSegments")[0];
        Assert.Equal(("198.51.100.0/24", 20), (top.GetProperty("key").GetString(), top.GetProperty("count").GetInt32()));
        Assert.Equal([("0", 10), ("4", 20)], activity.GetProperty("activity").GetProperty("riskRanks").EnumerateArray()
            .Select(k => (k.GetProperty("key").GetString(), k.GetProperty("count").GetInt32())));
        // The evidence report's draws section: the farm's blocked attempts and the risk ranks, the rules version drawn under.
        var report = await App.CreateAdminClient(WechatLeadsFactory.ComplianceKey).GetFromJsonAsync<JsonElement>("/admin/api/compliance/report?format=json");
        var draws = report.GetProperty("draws").EnumerateArray().Single(d => d.GetProperty("slug").GetString() == "farm-draw");
        Assert.Equal(30, draws.GetProperty("draws").GetInt32());
        Assert.Equal(480, draws.GetProperty("blocked").GetProperty("limit_reached").GetInt32());
        Assert.Equal((10, 20), (draws.GetProperty("riskRanks").GetProperty("0").GetInt32(), draws.GetProperty("riskRanks").GetProperty("4").GetInt32()));
        Assert.Equal(1, draws.GetProperty("rulesVersions").GetArrayLength());
        var prizes = draws.GetProperty("prizes").EnumerateArray().ToList();
        Assert.Equal(10, prizes.Sum(p => p.GetProperty("given").GetInt32())); // the honest ten; rank 4 never draws
        Assert.Equal(10.0, prizes.Sum(p => p.GetProperty("expected").GetDouble()), 1); // 10 draws, no 谢谢参与 weight

        // Two thirds of the last quarter hour's checked draws were rank 4: the alert (the monitor recomputes within 30 s).
        await Eventually.ReturnsAsync(
            () => App.CreateAdminClient(WechatLeadsFactory.OperatorKey).GetFromJsonAsync<JsonElement>("/admin/api/campaigns/farm-draw/activity"),
            a => a.GetProperty("alerts").EnumerateArray().Any(x => x.GetProperty("kind").GetString() == "high-risk-share"), "the high-risk alert", seconds: 60);
    }

    [Fact]
    public async Task A_farm_request_out_of_bounds_is_refused_before_anything_runs() =>
        Assert.Equal(HttpStatusCode.BadRequest,
            (await App.CreateClient().PostAsJsonAsync("/sandbox/simulator/farm", new { slug = "lucky-draw", accounts = 100000, riskRank = 9 })).StatusCode);
}
