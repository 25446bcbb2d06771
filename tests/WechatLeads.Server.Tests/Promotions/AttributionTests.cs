using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WechatLeads.Server.Analytics;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Tests.Infrastructure;

namespace WechatLeads.Server.Tests.Promotions;

/// <summary>Sources and stores count only as the operator configured them: anything else is "other", whatever anyone sends.</summary>
public sealed class AttributionTests() : HostedTests(new Dictionary<string, string?>
{
    ["RateLimits:PagesPerIpPerMinute"] = "100000",
    ["RateLimits:ParticipationsPerIpPerMinute"] = "100000",
})
{
    private async Task<List<CampaignView>> ViewsOfAsync(string slug)
    {
        await App.Services.GetRequiredService<ViewCounter>().FlushAsync(CancellationToken.None);
        var id = await App.QueryAsync(db => db.Set<Campaign>().Where(c => c.Slug == slug).Select(c => c.Id).SingleAsync());
        return await App.QueryAsync(db => db.Set<CampaignView>().AsNoTracking().Where(v => v.CampaignId == id).ToListAsync());
    }

    [Fact]
    public async Task A_thousand_made_up_sources_make_one_other_row_not_a_thousand()
    {
        var anonymous = App.CreateClient();
        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            (await anonymous.GetAsync($"/api/campaigns/lucky-draw?source=made-up-{i}-{Guid.NewGuid():N}", ct)).EnsureSuccessStatusCode());

        var views = await ViewsOfAsync("lucky-draw");

        var row = Assert.Single(views);
        Assert.Equal((Attribution.Other, 1000L), (row.Source, row.Views));
    }

    [Fact]
    public async Task A_known_source_and_a_store_scene_are_kept_for_views_and_leads()
    {
        var admin = App.CreateAdminClient(WechatLeadsFactory.OperatorKey);
        var scene = (await (await admin.PostAsJsonAsync("/admin/api/campaigns/lucky-draw/qrcodes", new { storeName = "徐家汇店" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("scene").GetString()!;
        var anonymous = App.CreateClient();
        foreach (var source in new[] { "menu", "MENU", scene, "", "poster", "not-configured" })
            (await anonymous.GetAsync($"/api/campaigns/lucky-draw?source={Uri.EscapeDataString(source)}")).EnsureSuccessStatusCode();
        (await anonymous.GetAsync("/api/campaigns/lucky-draw")).EnsureSuccessStatusCode();

        var views = (await ViewsOfAsync("lucky-draw")).ToDictionary(v => v.Source, v => v.Views);

        Assert.Equal(new Dictionary<string, long> { ["menu"] = 2, [scene] = 1, [""] = 2, ["poster"] = 1, ["other"] = 1 }, views);

        var known = await MiniProgramClient.LoginAsync(App);
        Assert.Equal(HttpStatusCode.Created, (await known.ParticipateAsync("lucky-draw",
            new { consents = MiniProgramClient.Consents(), phoneCode = known.PhoneCode("13500000001"), source = "menu", store = scene })).StatusCode);
        var madeUp = await MiniProgramClient.LoginAsync(App);
        Assert.Equal(HttpStatusCode.Created, (await madeUp.ParticipateAsync("lucky-draw",
            new
            {
                consents = MiniProgramClient.Consents(),
                phoneCode = madeUp.PhoneCode("13500000002"),
                source = "<script>" + new string('x', 60),
                store = "st_made_up"
            })).StatusCode);
        var leads = await App.QueryAsync(db => db.Set<Lead>().AsNoTracking().ToDictionaryAsync(l => l.OpenId!, l => new { l.Source, l.Store }));
        Assert.Equal(("menu", "徐家汇店"), (leads[known.OpenId].Source, leads[known.OpenId].Store));
        Assert.Equal((Attribution.Other, (string?)null), (leads[madeUp.OpenId].Source, leads[madeUp.OpenId].Store));
    }

    [Fact]
    public async Task A_campaign_lists_its_own_sources_and_made_up_ones_are_refused_in_the_definition()
    {
        var admin = App.CreateAdminClient(WechatLeadsFactory.OperatorKey);
        var refused = await admin.PostAsJsonAsync("/admin/api/campaigns", Definition("bad-sources", ["menu", "other", "Has Space"]));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("来源最多", await refused.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/admin/api/campaigns", Definition("own-sources", ["wechat-moments"]))).StatusCode);
        var anonymous = App.CreateClient();
        foreach (var source in new[] { "wechat-moments", "menu" }) // "menu" is a default, but this campaign lists its own
            (await anonymous.GetAsync($"/api/campaigns/own-sources?source={source}")).EnsureSuccessStatusCode();

        var views = (await ViewsOfAsync("own-sources")).ToDictionary(v => v.Source, v => v.Views);
        Assert.Equal(new Dictionary<string, long> { ["wechat-moments"] = 1, ["other"] = 1 }, views);
        var settings = await admin.GetFromJsonAsync<JsonElement>("/admin/api/campaigns/own-sources");
        Assert.Equal(["wechat-moments"], settings.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task An_h5_landing_view_counts_through_the_same_rule()
    {
        var browser = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = true,
            HandleCookies = true
        });
        var sandboxPage = await (await browser.GetAsync("/h5/oauth/start?returnUrl=%2Fh5%2Fme")).Content.ReadAsStringAsync();
        var next = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(sandboxPage, "id=\"continue\" href=\"([^\"]+)\"").Groups[1].Value);
        (await browser.GetAsync(next)).EnsureSuccessStatusCode();

        foreach (var src in new[] { "article", "x1", "x2", "x3" })
            (await browser.GetAsync($"/h5/c/spring-coupon?src={src}")).EnsureSuccessStatusCode();

        var views = (await ViewsOfAsync("spring-coupon")).ToDictionary(v => v.Source, v => v.Views);
        Assert.Equal(new Dictionary<string, long> { ["article"] = 1, ["other"] = 3 }, views);
    }

    [Fact]
    public async Task A_flush_adds_every_counted_key_as_an_increment_however_many_there_are()
    {
        var counter = App.Services.GetRequiredService<ViewCounter>();
        var id = await App.QueryAsync(db => db.Set<Campaign>().Where(c => c.Slug == "spring-coupon").Select(c => c.Id).SingleAsync());
        var sources = Enumerable.Range(0, 37).Select(i => "s" + i).ToList(); // 37 rows: chunks of 16, 16, 4 and 1 in one transaction
        foreach (var source in sources) counter.Count(id, source);
        await counter.FlushAsync(CancellationToken.None);
        foreach (var source in sources.Take(20)) { counter.Count(id, source); counter.Count(id, source); }

        var views = (await ViewsOfAsync("spring-coupon")).ToDictionary(v => v.Source, v => v.Views);

        Assert.Equal(37, views.Count);
        Assert.All(sources.Take(20), s => Assert.Equal(3, views[s]));
        Assert.All(sources.Skip(20), s => Assert.Equal(1, views[s]));
    }

    [Fact]
    public async Task Made_up_store_scenes_add_no_cache_entries()
    {
        var cache = (Microsoft.Extensions.Caching.Memory.MemoryCache)App.Services.GetRequiredService<Microsoft.Extensions.Caching.Memory.IMemoryCache>();
        var stores = App.Services.GetRequiredService<StoreDirectory>();
        var id = await App.QueryAsync(db => db.Set<Campaign>().Where(c => c.Slug == "spring-coupon").Select(c => c.Id).SingleAsync());
        await stores.StoreNameAsync(id, "st_warm_up", CancellationToken.None);
        var before = cache.Count;

        for (var i = 0; i < 1000; i++) Assert.Null(await stores.StoreNameAsync(id, $"st_made_up_{i}", CancellationToken.None));

        Assert.InRange(cache.Count, 0, before + 5); // (other parts of the app may cache a thing or two meanwhile)
    }

    private static object Definition(string slug, string[] sources) => new
    {
        slug,
        type = "coupon",
        title = "来源测试",
        startsAt = "2026-01-01T00:00:00Z",
        endsAt = "2030-01-01T00:00:00Z",
        status = "active",
        policyVersion = "2026-11",
        sources,
        coupon = new { generate = new { prefix = "SRC-", count = 5 } },
    };
}
