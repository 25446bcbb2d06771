using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Admin;

/// <summary>Importing a supplier's coupon codes: every line is either in the pool or in the report with its reason.</summary>
public sealed class CouponCodeImportTests() : HostedTests(shareHost: true)
{
    private HttpClient Operator => App.CreateAdminClient(WechatLeadsFactory.OperatorKey);

    private Task<HttpResponseMessage> ImportAsync(string path, string csv) =>
        Operator.PostAsync(path, new StringContent(csv, Encoding.UTF8, "text/csv"));

    [Fact]
    public async Task Every_line_is_imported_or_rejected_with_its_reason()
    {
        var csv = string.Join("\r\n",
            "\uFEFFcode,面值",      // 1: header (with Excel's BOM)
            "SUPPLIER-0001,5",      // 2
            "\"SUPPLIER-0002\",5",  // 3: quoted
            "SUPPLIER-0001,5",      // 4: repeats line 2
            "",                     // 5: blank
            "=HYPERLINK(\"x\")",    // 6: a formula
            "AB",                   // 7: too short
            "含中文的券码",           // 8: not letters/digits
            "SUPPLIER-0003");       // 9
        var response = await ImportAsync("/admin/api/campaigns/spring-coupon/codes", csv);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, report.GetProperty("imported").GetInt32());
        var rejected = report.GetProperty("rejected")
            .EnumerateArray()
            .Select(r => (r.GetProperty("line").GetInt32(), r.GetProperty("reason").GetString()!))
            .ToList();
        Assert.Equal([4, 6, 7, 8], rejected.Select(r => r.Item1));
        Assert.Equal("与第 2 行重复", rejected[0].Item2);
        Assert.Equal(4, report.GetProperty("rejectedCount").GetInt32());
        Assert.Equal((2003, 2003), (report.GetProperty("pool").GetProperty("total").GetInt32(), report.GetProperty("pool").GetProperty("free").GetInt32()));

        // The same file again: nothing new, each code named as already there.
        var again = await (await ImportAsync("/admin/api/campaigns/spring-coupon/codes", csv)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, again.GetProperty("imported").GetInt32());
        Assert.Equal(3, again.GetProperty("rejected").EnumerateArray().Count(r => r.GetProperty("reason").GetString() == "券码池里已有这个券码"));
    }

    [Fact]
    public async Task A_prize_without_codes_gets_a_pool_with_its_first_import_and_its_winners_get_those_codes()
    {
        // A draw whose only outcome is the coffee card (no 谢谢参与), so the winner is certain.
        await using (var scope = App.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<CampaignFactory>().CreateAsync(new CampaignDefinition
            {
                Slug = "code-draw",
                Type = CampaignTypes.LuckyDraw,
                Title = "券码抽奖",
                PolicyVersion = "2026-11",
                Status = CampaignStatus.Active,
                StartsAt = DateTime.UtcNow.AddDays(-1),
                EndsAt = DateTime.UtcNow.AddDays(10),
                Draw = new DrawDefinition { NoWinWeight = 0, Prizes = [new PrizeDefinition { Name = "全年咖啡卡", Weight = 1, Inventory = 3, Value = 3650 }] },
            }, CancellationToken.None);
        var details = await Operator.GetFromJsonAsync<JsonElement>("/admin/api/campaigns/code-draw");
        var coffee = details.GetProperty("prizes")[0];
        Assert.Equal(JsonValueKind.Null, coffee.GetProperty("codes").ValueKind);
        var id = coffee.GetProperty("id").GetInt64();

        var report = await (await ImportAsync(
            $"/admin/api/campaigns/code-draw/codes?prize={id}",
            "COFFEE-YEAR-1\nCOFFEE-YEAR-2\nCOFFEE-YEAR-3")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, report.GetProperty("imported").GetInt32());
        var after = await Operator.GetFromJsonAsync<JsonElement>("/admin/api/campaigns/code-draw");
        Assert.Equal(3, after.GetProperty("prizes")[0].GetProperty("codes").GetProperty("free").GetInt32());

        var player = await MiniProgramClient.LoginAsync(App);
        var result = await (await player.JoinAsync("code-draw")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("COFFEE-YEAR-", result.GetProperty("couponCode").GetString());
    }

    [Fact]
    public async Task Imports_name_their_target_precisely()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await ImportAsync("/admin/api/campaigns/lucky-draw/codes", "ABCD-1234")).StatusCode); // a draw: which prize?
        Assert.Equal(HttpStatusCode.NotFound, (await ImportAsync("/admin/api/campaigns/lucky-draw/codes?prize=999999", "ABCD-1234")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ImportAsync("/admin/api/campaigns/nope/codes", "ABCD-1234")).StatusCode);
        var tooMany = string.Join('\n', Enumerable.Range(0, 100_001).Select(i => $"C{i:D7}"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await ImportAsync("/admin/api/campaigns/spring-coupon/codes", tooMany)).StatusCode);
    }
}
