using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Stores;
using static WechatLeads.Server.Leads.LeadCsvExport;

namespace WechatLeads.Server.Coupons;

/// <summary>
/// A campaign's redemptions as CSV for finance and store managers: streamed in the order of the
/// (CampaignId, CreatedAt) index, so a million rows never sit in memory. No phone numbers: the coupon code
/// and order id are what a store reconciles against. Audited before the first row and again with the count
/// of rows actually sent (also when the download is cut off), as the lead export is.
/// </summary>
internal static class RedemptionCsvExport
{
    private const int FlushEvery = 1000;

    private sealed record Row(string Id, DateTime CreatedAt, string Store, string Code, long? PrizeId, string? OrderId, decimal? Amount,
        string Channel, string RedeemedBy, DateTime? ReversedAt);

    public static async Task<IResult> ExportAsync(string slug, HttpContext http, LeadsDbContext db, AuditLog audit, CancellationToken ct)
    {
        var campaign = await db.Set<Campaign>().AsNoTracking().Include(c => c.Prizes).SingleOrDefaultAsync(c => c.Slug == slug, ct);
        if (campaign is null) return Campaigns.CampaignProblems.NotFound.ToResult();
        // Both small: looked up in memory rather than joined per row.
        var prizes = campaign.Prizes.ToDictionary(p => p.Id, p => p.Name);
        var stores = await db.Set<Store>().AsNoTracking().ToDictionaryAsync(s => s.Code, s => s.Name, StringComparer.Ordinal, ct);

        var started = await audit.AppendAsync(http, new AuditRecord(AuditActions.RedemptionExport, $"redemptions?campaign={slug}"), ct);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"redemptions-{slug}-{started.At:yyyyMMdd-HHmmss}.csv\"";
        var rows = 0;
        var completed = false;
        try
        {
            await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024);
            await writer.WriteLineAsync("redemption_id,redeemed_at_beijing,store_code,store_name,coupon_code,prize,order_id,amount,channel,redeemed_by," +
                "reversed_at_beijing");
            var query = from r in db.Set<Redemption>().AsNoTracking()
                        where r.CampaignId == campaign.Id
                        join c in db.Set<Coupon>() on r.CouponId equals c.Id
                        orderby r.CreatedAt, r.Id
                        select new Row(r.Id, r.CreatedAt, r.Store, c.Code, c.PrizeId, r.OrderId, r.Amount, r.Channel, r.RedeemedBy, r.ReversedAt);
            await foreach (var r in query.AsAsyncEnumerable().WithCancellation(ct))
            {
                await writer.WriteLineAsync(string.Join(',', Cell(r.Id), Beijing(r.CreatedAt), Cell(r.Store), Cell(stores.GetValueOrDefault(r.Store)),
                    Cell(r.Code), Cell(r.PrizeId is { } p ? prizes.GetValueOrDefault(p) : null), Cell(r.OrderId),
                    r.Amount?.ToString(
                        "0.00",
                        CultureInfo.InvariantCulture) ?? "", Cell(r.Channel), Cell(r.RedeemedBy), r.ReversedAt is { } at ? Beijing(at) : ""));
                if (++rows % FlushEvery == 0) await writer.FlushAsync(ct);
            }
            await writer.FlushAsync(ct); // the last rows are out before the export counts as completed
            completed = true;
        }
        finally
        {
            await audit.AppendAsync(http, new AuditRecord(
                AuditActions.RedemptionExportFinished,
                $"export:{started.Sequence}",
                rows,
                completed ? "completed" : "aborted"),
                CancellationToken.None);
        }
        return Results.Empty;
    }

    private static string Beijing(DateTime utc) => ChinaTime.Format(utc, "yyyy-MM-dd HH:mm:ss");
}
