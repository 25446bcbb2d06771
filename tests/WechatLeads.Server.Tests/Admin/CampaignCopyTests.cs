using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Admin;

/// <summary>Marketing copies a campaign into a new draft and previews its landing page as followers will see it.</summary>
public sealed class CampaignCopyTests() : HostedTests(shareHost: true)
{
    private HttpClient Operator => App.CreateAdminClient(WechatLeadsFactory.OperatorKey);

    [Fact]
    public async Task A_copied_draw_is_a_draft_with_the_same_prizes_full_stock_and_empty_pools_that_must_be_filled_to_start()
    {
        var copied = await Operator.PostAsJsonAsync("/admin/api/campaigns/lucky-draw/copy", new { slug = "lucky-draw-winter" });

        Assert.Equal(HttpStatusCode.Created, copied.StatusCode);
        var summary = await copied.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("draft", "幸运大转盘：赢全年咖啡（副本）"), (summary.GetProperty("status").GetString(), summary.GetProperty("title").GetString()));
        var (original, copy) = await App.QueryAsync(async db => (
            await db.Set<Campaign>().AsNoTracking().Include(c => c.Prizes).SingleAsync(c => c.Slug == "lucky-draw"),
            await db.Set<Campaign>().AsNoTracking().Include(c => c.Prizes).SingleAsync(c => c.Slug == "lucky-draw-winter")));
        Assert.Equal(
            original.Prizes.OrderBy(p => p.Position).Select(p => (p.Name, p.Weight, p.Inventory, p.Kind, p.ValueYuan)),
            copy.Prizes.OrderBy(p => p.Position).Select(p => (p.Name, p.Weight, p.Inventory, p.Kind, p.ValueYuan)));
        Assert.All(copy.Prizes, p => Assert.Equal(p.Inventory, p.Remaining));
        Assert.Equal((original.PolicyVersion, original.RetentionDays, original.DrawsPerDay), (copy.PolicyVersion, copy.RetentionDays, copy.DrawsPerDay));
        var pools = copy.Prizes.Where(p => p.CouponPoolId != null).Select(p => p.CouponPoolId).ToList();
        Assert.NotEmpty(pools);
        Assert.Equal(0, await App.QueryAsync(db => db.Set<CouponCode>().CountAsync(c => pools.Contains(c.PoolId))));

        var start = await Operator.PostAsJsonAsync("/admin/api/campaigns/lucky-draw-winter/status", new { status = "active" });
        Assert.Equal(HttpStatusCode.Conflict, start.StatusCode);
        Assert.Contains("可发券码只有 0 个", (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        Assert.Equal(HttpStatusCode.Conflict, (await Operator.PostAsJsonAsync("/admin/api/campaigns/lucky-draw/copy", new { slug = "lucky-draw-winter" }))
            .StatusCode); // the slug is taken
        Assert.Equal(HttpStatusCode.BadRequest, (await Operator.PostAsJsonAsync("/admin/api/campaigns/lucky-draw/copy", new { slug = "Bad Slug" }))
            .StatusCode);
    }

    [Fact]
    public async Task A_draft_is_previewed_as_followers_will_see_it_and_nothing_can_be_submitted()
    {
        Assert.Equal(HttpStatusCode.Created, (await Operator.PostAsJsonAsync("/admin/api/campaigns/spring-coupon/copy",
            new { slug = "spring-preview", title = "春季新品预告" })).StatusCode);

        var preview = await Operator.GetAsync("/admin/campaigns/spring-preview/preview");
        var html = await preview.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("id=\"preview-banner\"", html);
        Assert.Contains("春季新品预告", html);
        Assert.Contains("name=\"consentService\"", html); // the form as it will be, consent boxes included
        Assert.Matches("id=\"submit\" disabled", html);
        Assert.Equal(HttpStatusCode.NotFound, (await Operator.GetAsync("/admin/campaigns/no-such/preview")).StatusCode);
    }
}
