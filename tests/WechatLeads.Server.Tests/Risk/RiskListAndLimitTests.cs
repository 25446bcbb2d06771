using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Risk;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Risk;

/// <summary>Operators' block and allow lists, and a draw's limits per address, segment and device, counted in the database.</summary>
public sealed class RiskListAndLimitTests() : HostedTests(RiskRankTests.Settings(("ReverseProxy:TrustedNetworks:0", "127.0.0.1")))
{
    private HttpClient Operator => App.CreateAdminClient(WechatLeadsFactory.OperatorKey);

    private async Task<MiniProgramClient> PlayerAsync(string? address = null)
    {
        var mp = await MiniProgramClient.LoginAsync(App);
        if (address is not null) mp.Http.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return mp;
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage r) =>
        r.IsSuccessStatusCode ? null : (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();

    [Fact]
    public async Task A_blocked_number_is_refused_an_allowed_staff_account_skips_the_risk_check_and_every_change_is_audited()
    {
        await RiskRankTests.CreateDrawAsync(App, "listed-draw");
        var blocked = await Operator.PostAsJsonAsync("/admin/api/risk-lists", new { list = "block", kind = "phone", value = "13912340001", note = "羊毛党号码" });
        Assert.Equal(HttpStatusCode.Created, blocked.StatusCode);
        Assert.Equal("139****0001", (await blocked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("display").GetString());
        Assert.Equal(
            "already_listed",
            await CodeAsync(await Operator.PostAsJsonAsync("/admin/api/risk-lists", new { list = "allow", kind = "phone", value = "139 1234 0001" })));

        var refused = await (await PlayerAsync()).JoinAsync("listed-draw", "13912340001");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("participant_blocked", await CodeAsync(refused));

        var staff = await PlayerAsync();
        App.Sandbox.SetRiskRank(staff.OpenId, 4); // a test phone WeChat distrusts
        Assert.Equal(
            HttpStatusCode.Created,
            (await Operator.PostAsJsonAsync(
                "/admin/api/risk-lists",
                new { list = "allow", kind = "openid", value = staff.OpenId, note = "门店测试号" })).StatusCode);
        var calls = App.Sandbox.ApiCalls("wxa/getuserriskrank");
        var won = await staff.JoinAsync("listed-draw", "13912340002");
        Assert.Equal("prize", (await won.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        Assert.Equal(calls, App.Sandbox.ApiCalls("wxa/getuserriskrank"));

        var entries = await Operator.GetFromJsonAsync<JsonElement>("/admin/api/risk-lists");
        Assert.Equal(2, entries.GetArrayLength());
        Assert.DoesNotContain("13912340001", entries.GetRawText());
        Assert.Equal(HttpStatusCode.NoContent, (await Operator.DeleteAsync($"/admin/api/risk-lists/{entries[0].GetProperty("id").GetInt64()}")).StatusCode);
        Assert.Equal(3, await App.QueryAsync(db => db.Set<AuditEntry>().CountAsync(e => e.Action == AuditActions.RiskListChanged)));
        var page = await Operator.GetStringAsync("/admin/risk-lists");
        Assert.Contains("id=\"allow-list\"", page);
        Assert.Contains("139****0001", page); // the allow entry was removed above (the list orders allow first)
        Assert.Contains("羊毛党号码", page);
    }

    [Fact]
    public async Task Limits_per_address_per_segment_and_per_device_hold_and_say_which()
    {
        await using (var scope = App.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<CampaignFactory>().CreateAsync(new CampaignDefinition
            {
                Slug = "limited-draw",
                Type = CampaignTypes.LuckyDraw,
                Title = "限量抽奖",
                PolicyVersion = "2026-11",
                Status = CampaignStatus.Active,
                StartsAt = DateTime.UtcNow.AddDays(-1),
                EndsAt = DateTime.UtcNow.AddDays(10),
                Draw = new DrawDefinition
                {
                    NoWinWeight = 1,
                    PerDay = 1,
                    Total = 1,
                    Limits = new DrawLimits { PerAddressPerDay = 2, PerSegmentPerDay = 3, PerDevicePerDay = 1 },
                    Prizes = [new PrizeDefinition { Name = "咖啡", Weight = 1, Inventory = 100, Value = 30 }],
                },
            }, CancellationToken.None);

        async Task<string?> JoinAsync(string address, string phone, string? device = null)
        {
            var mp = await PlayerAsync(address);
            return await CodeAsync(await mp.ParticipateAsync("limited-draw",
                new { consents = MiniProgramClient.Consents(), phoneCode = mp.PhoneCode(phone), deviceId = device }));
        }

        Assert.Null(await JoinAsync("198.51.100.7", "13800000701"));
        Assert.Null(await JoinAsync("198.51.100.7", "13800000702"));
        Assert.Equal(LimitReasons.Address, await JoinAsync("198.51.100.7", "13800000703"));   // a third from one address
        Assert.Null(await JoinAsync("198.51.100.8", "13800000704"));
        Assert.Equal(LimitReasons.Segment, await JoinAsync("198.51.100.9", "13800000705"));   // a fourth from one /24
        Assert.Null(await JoinAsync("203.0.113.5", "13800000706", device: "device-abc"));
        Assert.Equal(LimitReasons.Device, await JoinAsync("192.0.2.5", "13800000707", device: "device-abc")); // same phone hardware, new network
        // A refused draw took nothing: the number can still play from elsewhere.
        Assert.Null(await JoinAsync("192.0.2.6", "13800000703"));
        Assert.Equal(3, await App.QueryAsync(db => db.Set<Server.DrawRules.DrawRefusal>().CountAsync()));
    }
}
