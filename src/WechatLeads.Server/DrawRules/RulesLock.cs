using Microsoft.AspNetCore.Http.HttpResults;
using WechatLeads.Server.Campaigns;

namespace WechatLeads.Server.DrawRules;

/// <summary>
/// Announced prize rules don't change (有奖销售: kinds, amounts, odds and terms stay as published). Once a
/// draw has left draft, an edit may add stock to an existing prize (the odds come from the weights, so they
/// stay) or change its release pacing; anything else needs the campaign ended and a new one published.
/// </summary>
internal static class RulesLock
{
    public const string Code = "rules_locked";

    public static bool Applies(Campaign c) => c.Type == CampaignTypes.LuckyDraw && c.Status != CampaignStatus.Draft;

    public static ProblemHttpResult Refused(string what) => TypedResults.Problem(statusCode: 409,
        title: "活动规则已公布，不能修改。",
        detail: $"{what}。进行中（或已暂停）的抽奖只能增加已有奖品的库存（中奖概率不变）或调整投放节奏；其他修改请先结束本活动，再以新规则发布新活动。",
        extensions: new Dictionary<string, object?> { ["code"] = Code });

    /// <summary>Why an announced draw may not be (re)published: values missing, top prize over the limit, no organiser.</summary>
    public static ProblemHttpResult NotPublishable(IReadOnlyList<string> problems) => TypedResults.Problem(statusCode: 409,
        title: "抽奖规则不完整，不能发布。", detail: string.Join(" ", problems),
        extensions: new Dictionary<string, object?> { ["code"] = "rules_not_publishable", ["problems"] = problems });
}
