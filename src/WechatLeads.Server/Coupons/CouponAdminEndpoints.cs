using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Data;

namespace WechatLeads.Server.Coupons;

/// <summary>
/// Staff actions on coupons in people's wallets: voiding an issued one (sent by mistake, abuse), and the
/// campaign's redemptions as CSV. A void is a conditional update on the state, so it cannot undo a redemption
/// that a till made a moment before: of the two, exactly one wins.
/// </summary>
internal static class CouponAdminEndpoints
{
    public sealed record VoidRequest(string? Reason);

    public sealed record VoidedCoupon(string Id, string Code, string State, DateTime VoidedAt, string VoidReason);

    public static RouteGroupBuilder MapCouponAdmin(this RouteGroupBuilder admin)
    {
        admin.MapPost("/coupons/{id}/void", VoidAsync).WithName("VoidCoupon")
            .WithSummary("Voids an issued coupon (reason required, audited). 409 with code coupon_not_issued when it was redeemed, expired or voided already.");
        admin.MapGet("/campaigns/{slug}/redemptions.csv", RedemptionCsvExport.ExportAsync).WithName("ExportRedemptions")
            .WithSummary("The campaign's redemptions as CSV, oldest first, times in Beijing time; no phone numbers. Audited with the number of rows sent.")
            .Produces(200, contentType: "text/csv");
        return admin;
    }

    private static async Task<Results<Ok<VoidedCoupon>, ProblemHttpResult>> VoidAsync(
        string id, VoidRequest body, LeadsDbContext db, TimeProvider time, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var reason = body.Reason?.Trim() ?? "";
        if (reason.Length is < 2 or > 200)
            return CouponProblems.VoidReasonRequired.ToResult();
        var now = time.GetUtcNow().UtcDateTime;
        var changed = await db.Set<Coupon>().Where(c => c.Id == id && c.State == CouponStates.Issued).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.State, CouponStates.Voided).SetProperty(c => c.VoidedAt, now).SetProperty(c => c.VoidReason, reason), ct);
        var coupon = await db.Set<Coupon>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (coupon is null)
            return CouponProblems.NotFound.ToResult();
        if (changed == 0)
            return CouponProblems.NotIssued(coupon.State).ToResult(new Dictionary<string, object?> { ["state"] = coupon.State });
        await audit.AppendAsync(http, new AuditRecord(AuditActions.CouponVoided, $"coupon:{id} campaign:{coupon.CampaignId}", 1, reason), ct);
        return TypedResults.Ok(new VoidedCoupon(coupon.Id, coupon.Code, coupon.State, coupon.VoidedAt ?? now, coupon.VoidReason ?? reason));
    }
}
