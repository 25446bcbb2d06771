using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using WechatLeads.Server.Admin;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Platform.Web;
using WechatLeads.Server.Security;

namespace WechatLeads.Server.Coupons;

/// <summary>
/// The POS API for tills, with a per-store API key (<c>Role=Store</c>): check a scanned coupon, redeem it
/// once (<c>Idempotency-Key</c> required), undo a mistaken redemption, list the store's own.
/// </summary>
internal static partial class RedemptionEndpoints
{
    private const int BodyBytes = 2048;

    public sealed record RedeemBody(string? Token, string? Code, string? Store, string? OrderId, decimal? Amount);

    public static void MapRedemptionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/redemptions").WithTags("Redemptions").RequireAuthorization(AdminPolicies.StoreApi);
        api.MapPost("", RedeemAsync).LimitBody(BodyBytes).WithName("Redeem").WithSummary("Redeems a coupon by scanned token or typed code, once.");
        api.MapPost("/check", CheckAsync).LimitBody(BodyBytes).WithName("CheckCoupon").WithSummary("What a coupon is and whether it can be redeemed here now.");
        api.MapPost("/{id}/reverse", ReverseAsync).WithName("ReverseRedemption").WithSummary("Undoes a redemption within the reversal window.");
        api.MapGet("", ListAsync).WithName("ListRedemptions").WithSummary("The store's own redemptions since a moment (default: the last 24 hours).");
    }

    private static async Task<IResult> RedeemAsync(
        RedeemBody body, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, HttpContext http, RedemptionService redemptions)
    {
        if (idempotencyKey is null || !IdempotencyKeyPattern().IsMatch(idempotencyKey)) return Problem(RedemptionProblem.KeyRequired);
        if (Validate(body) is { } bad) return bad;
        var caller = StoreCaller.From(http, StoreCaller.PosChannel);
        var outcome = await redemptions.RedeemAsync(caller, Input(body), idempotencyKey, http.RequestAborted);
        if (outcome is RedeemOutcome.Refused refused) return Problem(refused.Problem, refused.Coupon);
        var (view, replayed) = (RedeemOutcome.Redeemed)outcome;
        if (replayed) http.Response.Headers["Idempotent-Replayed"] = "true"; // the audit entry follows from the row (AuditRedemptions)
        // A replay answers exactly as the first time did, status included.
        return TypedResults.Created($"/api/redemptions/{view.Id}", view);
    }

    private static async Task<IResult> CheckAsync(RedeemBody body, HttpContext http, RedemptionService redemptions)
    {
        if (Validate(body) is { } bad) return bad;
        var outcome = await redemptions.CheckAsync(StoreCaller.From(http, StoreCaller.PosChannel), Input(body), http.RequestAborted);
        return outcome is CheckOutcome.Usable usable
            ? TypedResults.Ok(usable.Coupon)
            : Problem(((CheckOutcome.Refused)outcome).Problem, ((CheckOutcome.Refused)outcome).Coupon);
    }

    private static async Task<IResult> ReverseAsync(string id, HttpContext http, RedemptionService redemptions)
    {
        if (id.Length > 32) return Problem(RedemptionProblem.RedemptionUnknown);
        var (reversed, problem, _) = await redemptions.ReverseAsync(StoreCaller.From(http, StoreCaller.PosChannel), id, http.RequestAborted);
        return problem is null ? TypedResults.Ok(reversed) : Problem(problem);
    }

    private static async Task<IResult> ListAsync(string? store, DateTime? since, HttpContext http, RedemptionService redemptions, TimeProvider time)
    {
        var caller = StoreCaller.From(http, StoreCaller.PosChannel);
        store ??= caller.Stores.Count == 1 ? caller.Stores[0] : null;
        if (store is null || !caller.MayUse(store)) return Problem(RedemptionProblem.StoreNotYours);
        var from = Platform.UtcTime.From(since) ?? time.GetUtcNow().UtcDateTime.AddDays(-1);
        return TypedResults.Ok(await redemptions.ListAsync(caller, store, from, http.RequestAborted));
    }

    private static RedeemInput Input(RedeemBody body) => new(body.Token, body.Code, body.Store!.Trim(), body.OrderId, body.Amount);

    private static IResult? Validate(RedeemBody body)
    {
        var given = (body.Token is null ? 0 : 1) + (body.Code is null ? 0 : 1);
        if (given != 1 || (body.Token ?? body.Code)!.Length is 0 or > 64 || !CouponTerms.IsStoreCode(body.Store?.Trim()))
            return Problem(RedemptionProblem.BadInput);
        if (body.OrderId is { } order && (order.Length > 64 || order.Any(char.IsControl)))
            return CouponProblems.InvalidOrderId.ToResult();
        if (body.Amount is { } amount && (amount < 0 || amount > 10_000_000 || decimal.Round(amount, 2) != amount))
            return CouponProblems.InvalidAmount.ToResult();
        return null;
    }

    /// <summary>A refusal with what the till needs to explain it: for an already used coupon, when and where.</summary>
    private static IResult Problem(ApiProblem problem, CouponForStaff? coupon = null)
    {
        var extensions = new Dictionary<string, object?>();
        if (coupon is not null)
        {
            extensions["coupon"] = coupon;
            if (problem == RedemptionProblem.AlreadyRedeemed)
            {
                extensions["redeemedAt"] = coupon.RedeemedAt;
                extensions["redeemedStore"] = coupon.RedeemedStore;
            }
        }
        return problem.Explained(RedemptionProblem.Detail(problem, coupon)).ToResult(extensions);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{8,64}$")]
    private static partial Regex IdempotencyKeyPattern();
}
