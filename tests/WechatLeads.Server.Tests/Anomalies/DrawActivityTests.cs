using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Anomalies;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Anomalies;

/// <summary>
/// A farm of 36 accounts on three addresses of one /24 plays a quiet draw within a minute: the dashboard shows
/// the burst and where it came from, the health endpoint turns Degraded and the watch job raises it once.
/// </summary>
public sealed class DrawActivityTests : IAsyncLifetime
{
    private const string Slug = "farm-watch";
    private WechatLeadsFactory _app = null!;

    public async Task InitializeAsync()
    {
        // No job server: the test runs the watch itself, and nothing computes the alerts before the rush.
        _app = new WechatLeadsFactory(runJobs: false, settings: new Dictionary<string, string?>
        {
            ["RateLimits:ParticipationsPerIpPerMinute"] = "100000",
            ["ReverseProxy:TrustedNetworks:0"] = "127.0.0.1",
            ["Anomalies:MinimumPerMinute"] = "5",
        });
        _app.CreateClient();
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CampaignFactory>().CreateAsync(new CampaignDefinition
        {
            Slug = Slug,
            Type = CampaignTypes.LuckyDraw,
            Title = "羊毛党测试",
            PolicyVersion = "2026-11",
            Status = CampaignStatus.Active,
            StartsAt = DateTime.UtcNow.AddDays(-1),
            EndsAt = DateTime.UtcNow.AddDays(10),
            Draw = new DrawDefinition { NoWinWeight = 9, PerDay = 1, Total = 1, Prizes = [new PrizeDefinition { Name = "咖啡", Weight = 1, Inventory = 100 }] },
        }, CancellationToken.None);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_burst_from_one_segment_shows_on_the_dashboard_degrades_health_and_is_raised_once()
    {
        var players = await MiniProgramClient.LoginManyAsync(36, _ => _app);
        for (var i = 0; i < players.Length; i++) players[i].Http.DefaultRequestHeaders.Add("X-Forwarded-For", $"203.0.113.{i % 3 + 7}");
        var answers = await Task.WhenAll(players.Select((p, i) => p.JoinAsync(Slug, $"1360000{i:D4}")));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));

        var admin = _app.CreateAdminClient(WechatLeadsFactory.OperatorKey);
        var answer = await admin.GetFromJsonAsync<JsonElement>($"/admin/api/campaigns/{Slug}/activity");
        var activity = answer.GetProperty("activity");
        Assert.Equal(36, activity.GetProperty("participations").GetInt32());
        Assert.Equal(36, activity.GetProperty("lastHour").EnumerateArray().Sum(m => m.GetProperty("count").GetInt32()));
        var segment = activity.GetProperty("topSegments").EnumerateArray().Single();
        Assert.Equal(("203.0.113.0/24", 36), (segment.GetProperty("key").GetString(), segment.GetProperty("count").GetInt32()));
        Assert.Equal([12, 12, 12], activity.GetProperty("topAddresses").EnumerateArray().Select(a => a.GetProperty("count").GetInt32()));
        Assert.Equal(AnomalyKinds.RateJump, answer.GetProperty("alerts").EnumerateArray().Single().GetProperty("kind").GetString());

        var health = await _app.CreateClient().GetAsync("/healthz");
        var text = await health.Content.ReadAsStringAsync();
        Assert.StartsWith("Degraded", text);
        Assert.Contains("draw-anomalies", text);
        Assert.Contains(Slug, text);

        var page = await admin.GetStringAsync($"/admin/campaigns/{Slug}");
        Assert.Contains("id=\"activity\"", page);
        Assert.Contains("参与速度突增", page);
        Assert.Contains("203.0.113.0/24", page);

        await using var scope = _app.Services.CreateAsyncScope();
        var watch = scope.ServiceProvider.GetRequiredService<WatchAnomalies>();
        Assert.Equal(1, await watch.RunAsync(CancellationToken.None)); // raised when it starts…
        Assert.Equal(0, await watch.RunAsync(CancellationToken.None)); // …not again every minute it lasts
    }

    [Theory]
    [InlineData("203.0.113.77", "203.0.113.0/24")]
    [InlineData("::ffff:198.51.100.9", "198.51.100.0/24")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    public void Addresses_group_into_their_segment(string address, string segment) => Assert.Equal(segment, NetworkSegments.Of(address));
}
