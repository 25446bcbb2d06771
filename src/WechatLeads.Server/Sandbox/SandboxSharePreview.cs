using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.H5;
using WechatLeads.Server.Platform;
using WechatLeads.Server.WechatApi;
using WechatLeads.Wechat.Crypto;

namespace WechatLeads.Server.Sandbox;

/// <summary>
/// The simulator's 分享卡片 panel: a campaign page's share card as a chat would show it, and the <c>wx.config</c>
/// the page hands WeChat's SDK inside WeChat, checked the way WeChat checks it — the published SHA-1 over the
/// ticket this sandbox issued, the nonce, the timestamp and the page URL.
/// </summary>
internal static class SandboxSharePreview
{
    public static void MapSharePreview(this RouteGroupBuilder sandbox)
    {
        sandbox.MapGet("/simulator/share", async (LeadsDbContext db, CancellationToken ct) => Results.Json(
            (await db.Set<Campaign>().AsNoTracking().Where(c => c.Status != CampaignStatus.Ended).OrderBy(c => c.Id)
                .Select(c => new { c.Slug, c.Title, c.Channels }).ToListAsync(ct))
            .Where(c => c.Channels.Contains(CampaignChannels.H5, StringComparison.Ordinal)).Select(c => new { c.Slug, c.Title })));
        sandbox.MapGet("/simulator/share/{slug}", PreviewAsync);
    }

    private static async Task<IResult> PreviewAsync(
        string slug, LeadsDbContext db, PublicUrls urls, JsapiTickets tickets, SandboxState state, CancellationToken ct)
    {
        var campaign = await db.Set<Campaign>().AsNoTracking().SingleOrDefaultAsync(c => c.Slug == slug, ct);
        if (campaign is null) return SandboxProblems.CampaignNotFound.ToResult();
        var card = ShareCard.For(campaign, urls);
        // The page a friend lands on is the card's link; inside WeChat it signs its own URL exactly like this.
        var config = await tickets.SignAsync(card.Link, ct);
        var issued = state.JsapiTickets.ToArray();
        var timestamp = config.Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var verified = issued.Any(t => JsSdkSignature.Compute(t, config.NonceStr, timestamp, card.Link) == config.Signature);
        return Results.Json(new
        {
            card = new { card.Title, card.Description, card.Link, card.ImageUrl },
            configured = campaign.Share() is not null,
            wxConfig = new { config.AppId, config.Timestamp, config.NonceStr, config.Signature, url = card.Link },
            signatureVerified = verified,
        });
    }
}
