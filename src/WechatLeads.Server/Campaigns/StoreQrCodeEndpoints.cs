using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Data;
using WechatLeads.Server.WechatApi;
using WechatLeads.Wechat.Api;

namespace WechatLeads.Server.Campaigns;

internal static class StoreQrCodeEndpoints
{
    public sealed record CreateQrCode(string? StoreName);

    public sealed record QrCodeView(string StoreName, string Scene, string ImageUrl, string Url, DateTime CreatedAt);

    public static RouteGroupBuilder MapStoreQrCodes(this RouteGroupBuilder admin)
    {
        admin.MapPost("/campaigns/{slug}/qrcodes", CreateAsync).WithName("CreateStoreQrCode")
            .WithSummary("Create a permanent store QR code (scene_str) for a campaign; scanning it links to the campaign, attributed to the store.");
        admin.MapGet("/campaigns/{slug}/qrcodes", ListAsync).WithName("ListStoreQrCodes");
        return admin;
    }

    private static async Task<Results<Created<QrCodeView>, Ok<QrCodeView>, ProblemHttpResult>> CreateAsync(
        string slug, CreateQrCode body, LeadsDbContext db, TimeProvider time,
        [FromKeyedServices(WechatClientKeys.OfficialAccount)] WechatApiClient wechat, CancellationToken ct)
    {
        var store = body.StoreName?.Trim();
        if (string.IsNullOrEmpty(store) || store.Length > 100)
            return TypedResults.Problem(statusCode: 400, title: "storeName is required (at most 100 characters).");
        var campaign = await db.Set<Campaign>().AsNoTracking().SingleOrDefaultAsync(c => c.Slug == slug, ct);
        if (campaign is null) return TypedResults.Problem(statusCode: 404, title: "No such campaign.");
        var existing = await db.Set<StoreQrCode>().AsNoTracking().SingleOrDefaultAsync(q => q.CampaignId == campaign.Id && q.StoreName == store, ct);
        if (existing is not null) return TypedResults.Ok(View(existing, wechat)); // creating twice gives the same code

        var scene = "st_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var qr = await wechat.ExecuteCgibinQrcodeCreateAsync(CgibinQrcodeCreateRequest.PermanentString(scene), ct);
        var row = new StoreQrCode
        {
            CampaignId = campaign.Id, StoreName = store, Scene = scene, Ticket = qr.Ticket!, Url = qr.Url ?? "", CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Add(row);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/admin/api/campaigns/{slug}/qrcodes", View(row, wechat));
    }

    private static async Task<Results<Ok<List<QrCodeView>>, ProblemHttpResult>> ListAsync(
        string slug, LeadsDbContext db, [FromKeyedServices(WechatClientKeys.OfficialAccount)] WechatApiClient wechat, CancellationToken ct)
    {
        var campaign = await db.Set<Campaign>().AsNoTracking().SingleOrDefaultAsync(c => c.Slug == slug, ct);
        if (campaign is null) return TypedResults.Problem(statusCode: 404, title: "No such campaign.");
        var rows = await db.Set<StoreQrCode>().AsNoTracking().Where(q => q.CampaignId == campaign.Id).OrderBy(q => q.Id).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(r => View(r, wechat)).ToList());
    }

    private static QrCodeView View(StoreQrCode q, WechatApiClient wechat) => new(q.StoreName, q.Scene, wechat.BuildQrcodeImageUrl(q.Ticket), q.Url, q.CreatedAt);
}
