using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Privacy;
using WechatLeads.Server.Stores;
using WechatLeads.Server.WechatApi;
using WechatLeads.Wechat.Api;

namespace WechatLeads.Server.CampaignConsole;

/// <summary>
/// The console's campaign pages: the list, "new campaign", and one page to run a campaign — status,
/// settings, prize table, coupon-code import, store QR codes. Every form posts to the admin API through
/// console.js, so the console can do nothing the API does not check.
/// </summary>
internal static class CampaignPages
{
    public static IEndpointRouteBuilder MapCampaignPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/admin/campaigns").ExcludeFromDescription().RequireAuthorization(AdminPolicies.Staff);
        pages.MapGet("/", ListAsync);
        pages.MapGet("/new", NewAsync);
        pages.MapGet("/{slug}/manage", ManageAsync);
        pages.MapGet("/{slug}/preview", PreviewAsync);
        return app;
    }

    /// <summary>
    /// The landing page as a follower would see it once the campaign is open — drafts included, before anyone can
    /// reach it — with a banner saying it is a preview and its buttons disabled, so nothing can be submitted from it.
    /// </summary>
    private static async Task<IResult> PreviewAsync(string slug, HttpContext http, Participation.CampaignCatalog catalog, CancellationToken ct)
    {
        if (await catalog.GetAsync(slug, ct) is not { } entry) return CampaignProblems.NotFoundPage(http);
        var form = new H5.LandingForm("preview", "", "__preview", null, null, null, null);
        var view = H5.LandingView.From(entry.Campaign, entry.Policy, form, entry.Rules, CampaignAvailability.Open) with { Preview = true };
        return PageResult.Render<H5.LandingPage>(view);
    }

    private static async Task<IResult> ListAsync(HttpContext http, LeadsDbContext db, CancellationToken ct)
    {
        var campaigns = await db.Set<Campaign>().AsNoTracking().OrderByDescending(c => c.CreatedAt)
            .Select(c => new CampaignListRow(c.Slug, c.Title, c.Type, c.Status, c.StartsAt, c.EndsAt, db.Set<Lead>().Count(l => l.CampaignId == c.Id)))
            .ToListAsync(ct);
        return ConsoleLayout.Render<CampaignListPage>(http, new CampaignListView(campaigns));
    }

    private static async Task<IResult> NewAsync(HttpContext http, LeadsDbContext db, TimeProvider time, CancellationToken ct)
    {
        var today = ChinaTime.StartOfDay(time.GetUtcNow().UtcDateTime);
        return ConsoleLayout.Render<NewCampaignPage>(http, new NewCampaignView(await PolicyOptionsAsync(db, ct), today, today.AddDays(30)));
    }

    private static async Task<IResult> ManageAsync(
        string slug, HttpContext http, LeadsDbContext db, [FromKeyedServices(WechatClientKeys.OfficialAccount)] WechatApiClient wechat, CancellationToken ct)
    {
        if (await CampaignEditEndpoints.DetailsAsync(db, slug, ct) is not { } campaign) return CampaignProblems.NotFoundPage(http);
        var stores = await db.Set<Store>().AsNoTracking().OrderBy(s => s.Code).Select(s => new StoreRow(s.Code, s.Name, s.Address)).ToListAsync(ct);
        var qrCodes = (await db.Set<StoreQrCode>().AsNoTracking()
                .Where(q => db.Set<Campaign>().Any(x => x.Id == q.CampaignId && x.Slug == slug)).OrderBy(q => q.Id).ToListAsync(ct))
            .Select(q => new StoreQrCodeRow(q.StoreName, q.Scene, wechat.BuildQrcodeImageUrl(q.Ticket))).ToList();
        return ConsoleLayout.Render<CampaignManagePage>(http, new CampaignManageView(campaign, await PolicyOptionsAsync(db, ct), stores, qrCodes));
    }

    private static async Task<IReadOnlyList<SelectOption>> PolicyOptionsAsync(LeadsDbContext db, CancellationToken ct) =>
        [.. (await db.Set<PrivacyPolicy>().AsNoTracking().OrderByDescending(p => p.PublishedAt).Select(p => new { p.Version, p.Title }).ToListAsync(ct))
            .Select(p => new SelectOption(p.Version, $"{p.Version} · {p.Title}"))];
}
