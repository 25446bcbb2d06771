using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Stores;
using WechatLeads.Server.WechatApi;
using WechatLeads.Wechat.Api;

namespace WechatLeads.Server.Campaigns;

internal static class StoreQrCodeEndpoints
{
    public sealed record CreateQrCode(string? StoreName);

    /// <param name="PngUrl">A print-quality PNG drawn here from <paramref name="Url"/> (the content WeChat's own image encodes).</param>
    public sealed record QrCodeView(string StoreName, string Scene, string ImageUrl, string Url, string PngUrl, DateTime CreatedAt);

    public static RouteGroupBuilder MapStoreQrCodes(this RouteGroupBuilder admin)
    {
        admin.MapPost("/campaigns/{slug}/qrcodes", CreateAsync).WithName("CreateStoreQrCode")
            .WithSummary("Create a permanent store QR code (scene_str) for a campaign; scanning it links to the campaign, attributed to the store.");
        admin.MapGet("/campaigns/{slug}/qrcodes", ListAsync).WithName("ListStoreQrCodes");
        admin.MapGet("/campaigns/{slug}/qrcodes/{scene}.png", PngAsync).WithName("DownloadStoreQrCode")
            .WithSummary("The store's QR code as a PNG for print (about 8 cm at 300 dpi), named after the store.").Produces(200, contentType: "image/png");
        return admin;
    }

    private static async Task<Results<Created<QrCodeView>, Ok<QrCodeView>, ProblemHttpResult>> CreateAsync(
        string slug, CreateQrCode body, LeadsDbContext db, TimeProvider time, StoreDirectory stores,
        [FromKeyedServices(WechatClientKeys.OfficialAccount)] WechatApiClient wechat, CancellationToken ct)
    {
        var store = body.StoreName?.Trim();
        if (string.IsNullOrEmpty(store) || store.Length > 100)
            return CampaignProblems.StoreNameInvalid.ToResult();
        var campaign = await db.Set<Campaign>().AsNoTracking().SingleOrDefaultAsync(c => c.Slug == slug, ct);
        if (campaign is null) return CampaignProblems.NotFound.ToResult();
        var existing = await db.Set<StoreQrCode>().AsNoTracking().SingleOrDefaultAsync(q => q.CampaignId == campaign.Id && q.StoreName == store, ct);
        if (existing is not null) return TypedResults.Ok(View(existing, slug, wechat)); // creating twice gives the same code

        var scene = "st_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var qr = await wechat.ExecuteCgibinQrcodeCreateAsync(CgibinQrcodeCreateRequest.PermanentString(scene), ct);
        var row = new StoreQrCode
        {
            CampaignId = campaign.Id,
            StoreName = store,
            Scene = scene,
            Ticket = qr.Ticket!,
            Url = qr.Url ?? "",
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Add(row);
        await db.SaveChangesAsync(ct);
        stores.Invalidate(campaign.Id);
        return TypedResults.Created($"/admin/api/campaigns/{slug}/qrcodes", View(row, slug, wechat));
    }

    private static async Task<Results<Ok<List<QrCodeView>>, ProblemHttpResult>> ListAsync(
        string slug, LeadsDbContext db, [FromKeyedServices(WechatClientKeys.OfficialAccount)] WechatApiClient wechat, CancellationToken ct)
    {
        var campaign = await db.Set<Campaign>().AsNoTracking().SingleOrDefaultAsync(c => c.Slug == slug, ct);
        if (campaign is null) return CampaignProblems.NotFound.ToResult();
        var rows = await db.Set<StoreQrCode>().AsNoTracking().Where(q => q.CampaignId == campaign.Id).OrderBy(q => q.Id).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(r => View(r, slug, wechat)).ToList());
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PngAsync(string slug, string scene, LeadsDbContext db, CancellationToken ct)
    {
        var code = await db.Set<StoreQrCode>().AsNoTracking()
            .Where(q => q.Scene == scene && db.Set<Campaign>().Any(c => c.Id == q.CampaignId && c.Slug == slug)).SingleOrDefaultAsync(ct);
        if (code is null || code.Url.Length == 0) return CampaignProblems.StoreQrNotFound.ToResult();
        // Drawn locally from the code's URL: no call to WeChat per download, and a size fit for a counter poster.
        var png = QrCodes.Png(code.Url, pixelsPerModule: 20);
        return TypedResults.File(png, "image/png", $"{code.StoreName}-{slug}.png");
    }

    private static QrCodeView View(StoreQrCode q, string slug, WechatApiClient wechat) =>
        new(q.StoreName, q.Scene, wechat.BuildQrcodeImageUrl(q.Ticket), q.Url, $"/admin/api/campaigns/{slug}/qrcodes/{q.Scene}.png", q.CreatedAt);
}
