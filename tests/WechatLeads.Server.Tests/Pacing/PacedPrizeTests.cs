using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Pacing;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Pacing;

/// <summary>
/// A rush of draws across an hour's turn, Beijing time, against prizes released 5 an hour. Every player draws
/// the prize (no 谢谢参与 weight), so what they win is exactly what the schedule lets out: never more, and —
/// while people keep drawing — never less.
/// </summary>
public sealed class PacedPrizeTests : IAsyncLifetime
{
    private const int PerHour = 5;
    // 09:59:50 Beijing: the first rush runs into 10:00.
    private readonly AdjustableClock _clock = new(AdjustableClock.ChinaTimeToday(9, 59).AddSeconds(50));
    private WechatLeadsFactory _app = null!;

    public async Task InitializeAsync()
    {
        _app = new WechatLeadsFactory(time: _clock, settings: new Dictionary<string, string?> { ["RateLimits:ParticipationsPerIpPerMinute"] = "100000" });
        _app.CreateClient();
        await using var scope = _app.Services.CreateAsyncScope();
        var factory = scope.ServiceProvider.GetRequiredService<CampaignFactory>();
        var startsAt = AdjustableClock.ChinaTimeToday(9).UtcDateTime; // 09:00 Beijing: by 09:59 one hour has been released
        foreach (var (slug, carryOver) in new[] { ("paced-lapse", false), ("paced-carry", true) })
            await factory.CreateAsync(new CampaignDefinition
            {
                Slug = slug,
                Type = CampaignTypes.LuckyDraw,
                Title = "整点福利",
                PolicyVersion = "2026-11",
                Status = CampaignStatus.Active,
                StartsAt = startsAt,
                EndsAt = startsAt.AddDays(30),
                Draw = new DrawDefinition
                {
                    NoWinWeight = 0,
                    PerDay = 1,
                    Total = 1,
                    Prizes = [new PrizeDefinition {
                        Name = "整点咖啡",
                        Weight = 1,
                        Inventory = 1000,
                        Pace = new PrizePace(PacePeriods.Hour, PerHour, CarryOver: carryOver) }],
                },
            }, CancellationToken.None);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Without_carry_over_each_hour_gives_exactly_its_five_however_the_rush_falls_across_the_turn()
    {
        await RushAsync("paced-lapse", 30, phoneBase: 13900000000);
        _clock.Advance(ToBeijing(10, 0, 30) - _clock.GetUtcNow()); // well inside 10:00 now, wherever the rush ended
        await RushAsync("paced-lapse", 20, phoneBase: 13900001000);

        var draws = await DrawsAsync("paced-lapse");
        foreach (var hour in draws.GroupBy(d => d.At.AddHours(8).Hour))
            Assert.Equal(Math.Min(PerHour, hour.Count()), hour.Count(d => d.Won)); // neither more nor less than the hour's five
        var counted = await _app.QueryAsync(db => db.Set<PrizeRelease>().ToListAsync());
        Assert.All(counted, c => Assert.True(c.Taken <= PerHour));
        Assert.Equal(draws.Count(d => d.Won), counted.Sum(c => c.Taken));
    }

    [Fact]
    public async Task With_carry_over_what_an_hour_did_not_give_is_won_later_and_never_more_than_released()
    {
        await RushAsync("paced-carry", 3, phoneBase: 13700000000); // 09:59: 3 of the hour's 5
        Assert.Equal(3, (await DrawsAsync("paced-carry")).Count(d => d.Won));
        _clock.Advance(ToBeijing(10, 0, 30) - _clock.GetUtcNow());
        await RushAsync("paced-carry", 30, phoneBase: 13700001000);

        var draws = await DrawsAsync("paced-carry");
        Assert.Equal(2 * PerHour, draws.Count(d => d.Won)); // 09:00 and 10:00 released: the 2 left over and 10:00's 5
        var prize = await _app.QueryAsync(db => db.Set<Prize>()
            .SingleAsync(p => p.Name == "整点咖啡" && db.Set<Campaign>().Any(c => c.Id == p.CampaignId && c.Slug == "paced-carry")));
        Assert.Equal(1000 - 2 * PerHour, prize.Remaining);
    }

    private static DateTimeOffset ToBeijing(int hour, int minute, int second) => AdjustableClock.ChinaTimeToday(hour, minute).AddSeconds(second);

    private async Task RushAsync(string slug, int players, long phoneBase)
    {
        var clients = await MiniProgramClient.LoginManyAsync(players, _ => _app);
        var answers = await Task.WhenAll(clients.Select((c, i) => c.JoinAsync(slug, (phoneBase + i).ToString())));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        foreach (var a in answers)
        {
            var outcome = (await a.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString();
            Assert.Contains(outcome, new[] { ParticipationOutcomes.Prize, ParticipationOutcomes.NoWin });
        }
    }

    private sealed record Draw(DateTime At, bool Won);

    private Task<List<Draw>> DrawsAsync(string slug) => _app.QueryAsync(db =>
        db.Set<ParticipationRecord>().Where(p => db.Set<Campaign>().Any(c => c.Id == p.CampaignId && c.Slug == slug))
            .Select(p => new Draw(p.CreatedAt, p.Outcome == ParticipationOutcomes.Prize)).ToListAsync());
}
