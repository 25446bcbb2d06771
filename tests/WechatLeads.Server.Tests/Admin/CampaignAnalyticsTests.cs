using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Analytics;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Admin;

public sealed class CampaignAnalyticsTests() : HostedTests(
    shareHost: true, settings: new Dictionary<string, string?> { ["RateLimits:ParticipationsPerIpPerMinute"] = "100000" })
{
    [Fact]
    public async Task The_report_counts_the_funnel_sources_prizes_and_opt_outs_and_the_dashboard_draws_them()
    {
        var anonymous = App.CreateClient();
        foreach (var source in new[] { "poster", "poster", "poster", "ad" })
            (await anonymous.GetAsync($"/api/campaigns/lucky-draw?source={source}")).EnsureSuccessStatusCode();
        var players = new List<MiniProgramClient>();
        var prizes = 0;
        for (var i = 0; i < 2; i++)
        {
            var player = await MiniProgramClient.LoginAsync(App);
            var response = await player.JoinAsync("lucky-draw", $"1370000000{i}", marketing: true);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            if ((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString() == "prize") prizes++;
            players.Add(player);
        }
        var subject = await App.QueryAsync(db => db.Set<Lead>().Where(l => l.OpenId == players[0].OpenId).Select(l => l.SubjectKey).FirstAsync());
        await Unsubscribe.OptOutSteps.WithdrawInLedgerAsync(App, subject);
        await App.Services.GetRequiredService<ViewCounter>().FlushAsync(CancellationToken.None);
        var staff = App.CreateAdminClient(WechatLeadsFactory.OperatorKey);

        var report = await staff.GetFromJsonAsync<JsonElement>("/admin/api/campaigns/lucky-draw/analytics");

        var funnel = report.GetProperty("funnel").EnumerateArray().Select(s => s.GetProperty("count").GetInt64()).ToArray();
        Assert.Equal([4, 2, 2, prizes, 0], funnel); // nothing redeemed yet
        var today = (DateTimeOffset.UtcNow + TimeSpan.FromHours(8)).ToString("yyyy-MM-dd");
        var daily = Assert.Single(report.GetProperty("dailyLeads").EnumerateArray());
        Assert.Equal((today, 2), (daily.GetProperty("key").GetString(), daily.GetProperty("count").GetInt64()));
        Assert.Equal(
            2,
            report.GetProperty("bySource").EnumerateArray().Single(b => b.GetProperty("key").GetString() == "menu").GetProperty("count").GetInt64());
        Assert.Equal(0.5, report.GetProperty("optOutRate").GetDouble());
        Assert.NotEmpty(report.GetProperty("prizes").EnumerateArray());

        var page = await staff.GetStringAsync("/admin/campaigns/lucky-draw");
        var funnelSvg = Regex.Match(page, "<svg id=\"funnel-chart\".*?</svg>", RegexOptions.Singleline).Value;
        Assert.Equal(5, Regex.Count(funnelSvg, "class=\"bar\""));
        Assert.Contains("访问落地页: 4", funnelSvg);
        Assert.Contains("退订率 50.0 %", page.Replace("50.0%", "50.0 %"));
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync("/admin/api/campaigns/nope/analytics")).StatusCode);
    }
}
