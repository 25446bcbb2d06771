using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Pacing;

/// <summary>Operators pace a prize through the admin API (as the console's prize form does), and take the pacing off again.</summary>
public sealed class PrizePaceEditTests : HostedTests
{
    [Fact]
    public async Task An_operator_paces_a_prize_sees_it_in_the_campaign_and_its_definition_and_removes_it()
    {
        var admin = App.CreateAdminClient(WechatLeadsFactory.OperatorKey);
        var id = await App.QueryAsync(db => db.Set<Prize>().Where(p => p.Name == "任意饮品免单券").Select(p => p.Id).SingleAsync());
        var paced = await admin.PatchAsJsonAsync($"/admin/api/campaigns/lucky-draw/prizes/{id}",
            new { pace = new { per = "day", quantity = 10, hours = "08:00-22:00", carryOver = false } });
        Assert.Equal(HttpStatusCode.OK, paced.StatusCode);
        var view = await paced.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(
            ("day", 10, "08:00-22:00", false),
            (view.GetProperty("pace").GetProperty("per").GetString(), view.GetProperty("pace").GetProperty("quantity").GetInt32(),
            view.GetProperty("pace").GetProperty("hours").GetString(), view.GetProperty("pace").GetProperty("carryOver").GetBoolean()));
        var saved = await App.QueryAsync(db => db.Set<Prize>().AsNoTracking().SingleAsync(p => p.Id == id));
        Assert.Equal(("day", 10, "08:00-22:00", false), (saved.PacePer, saved.PaceQuantity, saved.PaceHours, saved.PaceCarryOver));
        var exported = (await admin.GetFromJsonAsync<JsonElement>("/admin/api/campaigns/lucky-draw/definition"))
            .GetProperty("draw").GetProperty("prizes").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "任意饮品免单券");
        Assert.Equal("day", exported.GetProperty("pace").GetProperty("per").GetString());

        // Other edits leave the pacing alone; "none" from the console's select (or null) takes it off.
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/admin/api/campaigns/lucky-draw/prizes/{id}", new { name = "任意饮品免单券" })).StatusCode);
        Assert.Equal("day", await App.QueryAsync(db => db.Set<Prize>().Where(p => p.Id == id).Select(p => p.PacePer).SingleAsync()));
        Assert.Equal(
            HttpStatusCode.OK,
            (await admin.PatchAsJsonAsync($"/admin/api/campaigns/lucky-draw/prizes/{id}", new { pace = new { per = "none" } })).StatusCode);
        Assert.Null(await App.QueryAsync(db => db.Set<Prize>().Where(p => p.Id == id).Select(p => p.PacePer).SingleAsync()));
    }

    [Fact]
    public async Task A_pace_that_makes_no_sense_is_refused_field_by_field()
    {
        var admin = App.CreateAdminClient(WechatLeadsFactory.OperatorKey);
        var id = await App.QueryAsync(db => db.Set<Prize>().Where(p => p.Name == "第二杯半价券").Select(p => p.Id).SingleAsync());
        var bad = await admin.PatchAsJsonAsync(
            $"/admin/api/campaigns/lucky-draw/prizes/{id}",
            new { pace = new { per = "week", quantity = 0, hours = "08:30-22:00" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = string.Join(
            '\n',
            (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("prize").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("发放节奏须按天（day）或按小时（hour）。", errors);
        Assert.Contains("每期发放数量须为 1–10,000,000", errors);
        Assert.Contains("发放时段须为整点", errors);
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await admin.PatchAsJsonAsync($"/admin/api/campaigns/lucky-draw/prizes/{id}", new { pace = "daily" })).StatusCode);
        Assert.Null(await App.QueryAsync(db => db.Set<Prize>().Where(p => p.Id == id).Select(p => p.PacePer).SingleAsync()));
    }
}
