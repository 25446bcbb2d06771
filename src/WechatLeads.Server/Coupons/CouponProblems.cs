using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Coupons;

/// <summary>Refusals of the coupon and store admin API (the till's are in <see cref="RedemptionProblem"/>).</summary>
internal static class CouponProblems
{
    public static readonly ApiProblem VoidReasonRequired = new(400, ProblemCodes.ReasonRequired, "请填写作废原因（2-200 字）。",
        "The reason is kept with the coupon and in the audit log.");
    public static readonly ApiProblem NotFound = new(404, ProblemCodes.CouponUnknown, "没有找到这张券。");
    public static readonly ApiProblem InvalidOrderId = new(400, ProblemCodes.InvalidOrderId, "orderId 最长 64 个字符。");
    public static readonly ApiProblem InvalidAmount = new(400, ProblemCodes.InvalidAmount, "amount 须为 0 到 10000000 之间、最多两位小数的金额（元）。");

    /// <summary>Only an issued coupon can be voided; the title says what it is instead.</summary>
    public static ApiProblem NotIssued(string state) => new(409, ProblemCodes.CouponNotIssued, state switch
    {
        CouponStates.Redeemed => "这张券已经核销，不能作废。",
        CouponStates.Expired => "这张券已过期，不能作废。",
        CouponStates.Voided => "这张券已经作废过了。",
        _ => "这张券现在不能作废。",
    }, "Only an issued (unused, unexpired) coupon can be voided.");
}
