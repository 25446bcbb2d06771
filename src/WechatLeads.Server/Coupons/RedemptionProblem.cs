using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Coupons;

/// <summary>
/// Why a coupon cannot be redeemed, precise and in Chinese for the person at the till; the <c>code</c> is
/// stable for POS software. Details (when and where it was used) travel beside it.
/// </summary>
internal static class RedemptionProblem
{
    public static readonly ApiProblem Unknown = new(404, ProblemCodes.CouponUnknown, "券码无效：没有找到这张券，请核对后重试。");
    public static readonly ApiProblem Ambiguous = new(409, ProblemCodes.CouponAmbiguous, "这个券码对应多张券，请扫描顾客出示的二维码。");
    public static readonly ApiProblem AlreadyRedeemed = new(409, ProblemCodes.CouponRedeemed, "这张券已经核销过了。");
    public static readonly ApiProblem Expired = new(409, ProblemCodes.CouponExpired, "这张券已过期，不能核销。");
    public static readonly ApiProblem Voided = new(409, ProblemCodes.CouponVoided, "这张券已作废，不能核销。");
    public static readonly ApiProblem NotYetValid = new(409, ProblemCodes.CouponNotYetValid, "这张券还未到可用时间。");
    public static readonly ApiProblem WrongStore = new(422, ProblemCodes.CouponNotValidHere, "这张券不能在本门店使用。");
    public static readonly ApiProblem OutsideHours = new(422, ProblemCodes.CouponOutsideHours, "现在不在这张券的可核销时段内。");
    public static readonly ApiProblem StoreNotYours = new(403, ProblemCodes.StoreNotAllowed, "您的账号不能在这家门店核销。");
    public static readonly ApiProblem TokenStale = new(422, ProblemCodes.TokenExpired, "二维码已过期，请让顾客刷新券页面后重新出示。");
    public static readonly ApiProblem KeyReused = new(422, ProblemCodes.IdempotencyKeyReused, "Idempotency-Key 已用于另一笔不同的核销请求。");
    public static readonly ApiProblem KeyRequired = new(400, ProblemCodes.IdempotencyKeyRequired, "请求头需要 Idempotency-Key（8-64 位字母、数字、- 或 _）。");
    public static readonly ApiProblem BadInput = new(400, ProblemCodes.InvalidRedemption, "请提供 token 或 code 之一，以及门店编码 store。");
    public static readonly ApiProblem RedemptionUnknown = new(404, ProblemCodes.RedemptionUnknown, "没有找到这笔核销记录。");
    public static readonly ApiProblem ReversalTooLate = new(409, ProblemCodes.ReversalWindowPassed, "已超过可撤销核销的时限。");

    /// <summary>The particulars staff need: for a used coupon when and where, for an expired one until when, else where it works.</summary>
    public static string? Detail(ApiProblem problem, CouponForStaff? coupon) => coupon is null ? null : problem.Code switch
    {
        ProblemCodes.CouponRedeemed when coupon.RedeemedAt is { } at => $"已于 {ChinaTime.Format(at)}（北京时间）在{coupon.RedeemedStoreName}核销。",
        ProblemCodes.CouponExpired => $"{coupon.Validity}，现已过期。",
        ProblemCodes.CouponNotValidHere => $"可用门店：{coupon.StoresText}。",
        ProblemCodes.CouponNotYetValid => $"自 {(coupon.ValidFrom is { } from ? ChinaTime.Format(from) : "")}（北京时间）起可用。",
        _ => null,
    };
}
