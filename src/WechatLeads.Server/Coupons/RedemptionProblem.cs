using WechatLeads.Server.Platform;
namespace WechatLeads.Server.Coupons;

/// <summary>
/// Why a coupon cannot be redeemed, precise and in Chinese for the person at the till; the <c>code</c> is
/// stable for POS software. Details (when and where it was used) travel beside it.
/// </summary>
internal sealed record RedemptionProblem(int Status, string Code, string Title)
{
    public static readonly RedemptionProblem Unknown = new(404, "coupon_unknown", "券码无效：没有找到这张券，请核对后重试。");
    public static readonly RedemptionProblem Ambiguous = new(409, "coupon_ambiguous", "这个券码对应多张券，请扫描顾客出示的二维码。");
    public static readonly RedemptionProblem AlreadyRedeemed = new(409, "coupon_redeemed", "这张券已经核销过了。");
    public static readonly RedemptionProblem Expired = new(409, "coupon_expired", "这张券已过期，不能核销。");
    public static readonly RedemptionProblem Voided = new(409, "coupon_voided", "这张券已作废，不能核销。");
    public static readonly RedemptionProblem NotYetValid = new(409, "coupon_not_yet_valid", "这张券还未到可用时间。");
    public static readonly RedemptionProblem WrongStore = new(422, "coupon_not_valid_here", "这张券不能在本门店使用。");
    public static readonly RedemptionProblem OutsideHours = new(422, "coupon_outside_hours", "现在不在这张券的可核销时段内。");
    public static readonly RedemptionProblem StoreNotYours = new(403, "store_not_allowed", "您的账号不能在这家门店核销。");
    public static readonly RedemptionProblem TokenStale = new(422, "token_expired", "二维码已过期，请让顾客刷新券页面后重新出示。");
    public static readonly RedemptionProblem KeyReused = new(422, "idempotency_key_reused", "Idempotency-Key 已用于另一笔不同的核销请求。");
    public static readonly RedemptionProblem KeyRequired = new(400, "idempotency_key_required", "请求头需要 Idempotency-Key（8-64 位字母、数字、- 或 _）。");
    public static readonly RedemptionProblem BadInput = new(400, "invalid_redemption", "请提供 token 或 code 之一，以及门店编码 store。");
    public static readonly RedemptionProblem RedemptionUnknown = new(404, "redemption_unknown", "没有找到这笔核销记录。");
    public static readonly RedemptionProblem ReversalTooLate = new(409, "reversal_window_passed", "已超过可撤销核销的时限。");

    /// <summary>The particulars staff need: for a used coupon when and where, for an expired one until when, else where it works.</summary>
    public string? Detail(CouponForStaff? coupon) => coupon is null ? null : Code switch
    {
        "coupon_redeemed" when coupon.RedeemedAt is { } at => $"已于 {ChinaTime.Format(at)}（北京时间）在{coupon.RedeemedStoreName}核销。",
        "coupon_expired" => $"{coupon.Validity}，现已过期。",
        "coupon_not_valid_here" => $"可用门店：{coupon.StoresText}。",
        "coupon_not_yet_valid" => $"自 {(coupon.ValidFrom is { } from ? ChinaTime.Format(from) : "")}（北京时间）起可用。",
        _ => null,
    };
}
