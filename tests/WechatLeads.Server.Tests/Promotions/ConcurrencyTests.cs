using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Promotions;

public sealed class ConcurrencyTests
{
    internal static async Task CreateDrawAsync(WechatLeadsFactory app, string slug, int inventory, int perDay = 1)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CampaignFactory>().CreateAsync(new CampaignDefinition
        {
            Slug = slug,
            Type = CampaignTypes.LuckyDraw,
            Title = "并发抽奖",
            PolicyVersion = "2026-11",
            Status = CampaignStatus.Active,
            StartsAt = DateTime.UtcNow.AddDays(-1),
            EndsAt = DateTime.UtcNow.AddDays(1),
            Draw = new DrawDefinition
            {
                NoWinWeight = 0,
                PerDay = perDay,
                Total = perDay,
                Prizes = [new PrizeDefinition {
                    Name = "限量奖品",
                    Weight = 1,
                    Inventory = inventory,
                    Coupon = new CodeSource { Prefix = "RUSH-", Count = inventory } }],
            },
        }, CancellationToken.None);
    }

    [Fact]
    public async Task Five_hundred_parallel_draws_at_a_prize_of_ten_give_exactly_ten_winners_and_ten_distinct_codes()
    {
        await using var app = new WechatLeadsFactory(settings: new Dictionary<string, string?>
        {
            ["RateLimits:ParticipationsPerIpPerMinute"] = "100000",
        });
        app.CreateClient();
        await CreateDrawAsync(app, "rush", inventory: 10);
        var players = await MiniProgramClient.LoginManyAsync(500, _ => app);

        var responses = await Task.WhenAll(players.Select((p, i) => p.JoinAsync("rush", $"139{i:D8}")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var outcomes = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<JsonElement>()));
        var winners = outcomes.Where(o => o.GetProperty("outcome").GetString() == "prize").ToList();
        Assert.Equal(10, winners.Count);
        Assert.Equal(10, winners.Select(w => w.GetProperty("couponCode").GetString()).Distinct().Count());
        Assert.Equal(490, outcomes.Count(o => o.GetProperty("outcome").GetString() == "noWin"));

        Assert.Equal(0, await app.QueryAsync(db => db.Set<Prize>().Where(p => p.Name == "限量奖品").Select(p => p.Remaining).SingleAsync()));
        Assert.Equal(10, await app.QueryAsync(db => db.Set<CouponCode>().CountAsync(c => c.ParticipationId != null && c.Code.StartsWith("RUSH-"))));
    }

    [Fact]
    public async Task A_burst_of_double_taps_from_one_person_gives_one_result()
    {
        await using var app = new WechatLeadsFactory(settings: new Dictionary<string, string?>
        {
            ["RateLimits:ParticipationsPerIpPerMinute"] = "100000",
            ["RateLimits:ParticipationsPerFollowerPerMinute"] = "100000",
        });
        app.CreateClient();
        var mp = await MiniProgramClient.LoginAsync(app);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => mp.JoinAsync("spring-coupon", "13811112222", idempotencyKey: "double-tap-key")));

        var codes = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("couponCode").GetString()));
        Assert.Single(codes.Distinct());
        Assert.Equal(1, await app.QueryAsync(db => db.Set<ParticipationRecord>().CountAsync()));
    }

    [Fact]
    public async Task Twenty_parallel_coupon_requests_from_one_person_with_different_keys_give_one_coupon()
    {
        await using var app = new WechatLeadsFactory(settings: new Dictionary<string, string?>
        {
            ["RateLimits:ParticipationsPerIpPerMinute"] = "100000",
            ["RateLimits:ParticipationsPerFollowerPerMinute"] = "100000",
        });
        app.CreateClient();
        var mp = await MiniProgramClient.LoginAsync(app);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => mp.JoinAsync("spring-coupon", "13811113333", idempotencyKey: $"key-{i:D6}-x")));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task Participation_is_rate_limited_per_follower()
    {
        await using var app = new WechatLeadsFactory(settings: new Dictionary<string, string?> { ["RateLimits:ParticipationsPerFollowerPerMinute"] = "3" });
        app.CreateClient();
        var mp = await MiniProgramClient.LoginAsync(app);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++) statuses.Add((await mp.JoinAsync("spring-coupon", "13811114444")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        var last = await mp.JoinAsync("spring-coupon", "13811114444");
        Assert.Equal("rate_limited", (await last.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }
}
