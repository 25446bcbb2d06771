using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Participation;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Promotions;

/// <summary>A rush on a campaign whose phone-number budget is nearly gone: real sockets, real parallel requests.</summary>
public sealed class PhoneNumberBudgetConcurrencyTests
{
    [Fact]
    public async Task Forty_parallel_participations_at_a_budget_of_five_use_exactly_five_verifications()
    {
        await using var app = new WechatLeadsFactory(kestrel: true, settings: new Dictionary<string, string?>
        {
            ["RateLimits:ParticipationsPerIpPerMinute"] = "100000",
            ["RateLimits:ParticipationsPerFollowerPerMinute"] = "100000",
        });
        app.CreateClient();
        await PhoneNumberBillingTests.CreateAsync(app, "phone-rush", budget: 5);
        var players = new List<(HttpClient Http, string OpenId)>();
        for (var i = 0; i < 40; i++) players.Add(await LoginAsync(app));
        var before = app.Sandbox.ApiCalls("wxa/business/getuserphonenumber");

        var responses = await Task.WhenAll(players.Select((p, i) => p.Http.PostAsJsonAsync("/api/campaigns/phone-rush/participations", new
        {
            consents = MiniProgramClient.Consents(),
            phoneCode = app.Sandbox.IssueCode("phone", $"1386666{i:D4}", TimeSpan.FromMinutes(5), p.OpenId),
            phoneComponent = "quick",
        })));

        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.Created).ToList();
        Assert.Equal(35, refused.Count);
        foreach (var r in refused)
        {
            Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
            Assert.Equal("sms_verification_required", (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }
        Assert.Equal(5, app.Sandbox.ApiCalls("wxa/business/getuserphonenumber") - before); // WeChat asked exactly as often as budgeted
        var usage = await app.QueryAsync(db => db.Set<PhoneNumberUsage>().AsNoTracking().SingleAsync());
        Assert.Equal((5, 5), (usage.Reserved, usage.Quick));
        foreach (var (http, _) in players) http.Dispose();
    }

    private static async Task<(HttpClient, string)> LoginAsync(WechatLeadsFactory app)
    {
        var openId = WechatPush.NewOpenId();
        var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var response = await http.PostAsJsonAsync("/api/mp/login", new { code = app.Sandbox.IssueCode("jscode", openId, TimeSpan.FromMinutes(5)) });
        response.EnsureSuccessStatusCode();
        http.DefaultRequestHeaders.Authorization = new("Bearer", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
        return (http, openId);
    }
}
