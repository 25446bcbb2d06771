using Microsoft.AspNetCore.Http.HttpResults;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.DrawRules;

/// <summary>
/// Announced prize rules don't change (有奖销售: kinds, amounts, odds and terms stay as published). Once a
/// draw has left draft, an edit may add stock to an existing prize (the odds come from the weights, so they
/// stay) or change its release pacing; anything else needs the campaign ended and a new one published.
/// </summary>
internal static class RulesLock
{
    public static bool Applies(Campaign c) => c.Type == CampaignTypes.LuckyDraw && c.Status != CampaignStatus.Draft;

    public static ProblemHttpResult Refused(string what) => new ApiProblem(409, ProblemCodes.RulesLocked, "活动规则已公布，不能修改。",
        $"{what}。进行中（或已暂停）的抽奖只能增加已有奖品的库存（中奖概率不变）或调整投放节奏；其他修改请先结束本活动，再以新规则发布新活动。").ToResult();

    /// <summary>Why an announced draw may not be (re)published: values missing, top prize over the limit, no organiser.</summary>
    public static ProblemHttpResult NotPublishable(IReadOnlyList<string> problems) =>
        new ApiProblem(409, ProblemCodes.RulesNotPublishable, "抽奖规则不完整，不能发布。", string.Join(" ", problems))
        .ToResult(new Dictionary<string, object?> { ["problems"] = problems });
}
