using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Admin;

/// <summary>Marketing ops run a promotion from the API alone: create, activate, pause, resume, end.</summary>
public sealed class CampaignAdminTests() : HostedTests(
    shareHost: true, settings: new Dictionary<string, string?> { ["RateLimits:ParticipationsPerIpPerMinute"] = "100000" })
{
    private HttpClient Operator => App.CreateAdminClient(WechatLeadsFactory.OperatorKey);

    private static object Definition(string slug, string policy = "2026-11") => new
    {
        slug,
        type = "coupon",
        title = "周末双人套餐券",
        startsAt = DateTime.UtcNow.AddHours(-1),
        endsAt = DateTime.UtcNow.AddDays(30),
        policyVersion = policy,
        retentionDays = 90,
        coupon = new { validDays = 14, generate = new { prefix = "DUO-", count = 50 } },
    };

    private async Task<HttpStatusCode> JoinAsync(string slug) =>
        (await (await MiniProgramClient.LoginAsync(App)).JoinAsync(slug, "13700001111")).StatusCode;

    private async Task<HttpStatusCode> SetStatusAsync(string slug, string status) =>
        (await Operator.PostAsJsonAsync($"/admin/api/campaigns/{slug}/status", new { status })).StatusCode;

    [Fact]
    public async Task A_campaign_created_through_the_api_runs_only_while_active()
    {
        var created = await Operator.PostAsJsonAsync("/admin/api/campaigns", Definition("weekend-duo"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("draft", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, await JoinAsync("weekend-duo")); // campaign_not_active: a draft takes nobody

        Assert.Equal(HttpStatusCode.NoContent, await SetStatusAsync("weekend-duo", "active"));
        Assert.Equal(HttpStatusCode.Created, await JoinAsync("weekend-duo"));

        Assert.Equal(HttpStatusCode.NoContent, await SetStatusAsync("weekend-duo", "paused"));
        Assert.Equal(HttpStatusCode.Conflict, await JoinAsync("weekend-duo")); // campaign_not_active

        Assert.Equal(HttpStatusCode.NoContent, await SetStatusAsync("weekend-duo", "ended"));
        Assert.Equal(HttpStatusCode.Conflict, await SetStatusAsync("weekend-duo", "active")); // ended is final
        var listed = await Operator.GetFromJsonAsync<JsonElement>("/admin/api/campaigns");
        var row = listed.EnumerateArray().Single(c => c.GetProperty("slug").GetString() == "weekend-duo");
        Assert.Equal(("ended", 1), (row.GetProperty("status").GetString(), row.GetProperty("leads").GetInt64()));
    }

    [Fact]
    public async Task A_bad_definition_gets_every_problem_named_and_a_taken_slug_a_conflict()
    {
        var bad = await Operator.PostAsJsonAsync("/admin/api/campaigns", new
        {
            slug = "Bad Slug",
            type = "raffle",
            title = "",
            startsAt = DateTime.UtcNow,
            endsAt = DateTime.UtcNow.AddDays(-1),
            policyVersion = "1999-01",
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var text = await bad.Content.ReadAsStringAsync();
        foreach (var expected in new[] { "链接名（slug）须为", "活动类型须为", "请填写标题", "结束时间必须晚于开始时间", "1999-01" }) Assert.Contains(expected, text);

        Assert.Equal(HttpStatusCode.Conflict, (await Operator.PostAsJsonAsync("/admin/api/campaigns", Definition("spring-coupon"))).StatusCode);
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await Operator.PostAsJsonAsync("/admin/api/campaigns/spring-coupon/status", new { status = "archived" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, await SetStatusAsync("no-such-campaign", "active"));
    }
}
