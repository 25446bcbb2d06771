using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WechatLeads.Server.Campaigns;

namespace WechatLeads.Server.DrawRules;

/// <summary>
/// A lucky draw's announced rules (活动规则), as the law wants them disclosed and kept: each prize's kind,
/// value, quantity and odds per draw, the redemption terms, the limits, the dates, the organiser and where
/// to complain. Serialised canonically, so the same rules always hash the same: the SHA-256 a person can
/// keep is the version's, and any participation names the version it was drawn under.
/// </summary>
internal sealed record RulesDocument(
    string Campaign, string Title, string Organiser, string ComplaintContact, DateTime StartsAt, DateTime LastMinute,
    int DrawsPerDay, int DrawsTotal, int NoWinWeight, IReadOnlyList<RulesPrize> Prizes)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Draws may not promise more than this for the top prize (抽奖式有奖销售, 反不正当竞争法 Art. 10).</summary>
    public const decimal TopPrizeLimitYuan = 50_000m;

    public static RulesDocument From(Campaign c, string defaultOrganiser, string complaintContact)
    {
        var total = c.NoWinWeight + c.Prizes.Sum(p => p.Weight);
        return new RulesDocument(c.Slug, c.Title, c.Organiser ?? defaultOrganiser, complaintContact, c.StartsAt, c.EndsAt.AddMinutes(-1),
            c.DrawsPerDay, c.DrawsTotal, c.NoWinWeight,
            [.. c.Prizes.OrderBy(p => p.Position).Select(p => new RulesPrize(p.Id, p.Name, p.Kind, p.ValueYuan, p.Inventory, p.Weight,
                total <= 0 ? 0 : Math.Round((decimal)p.Weight / total, 6),
                p.Kind == PrizeKinds.Coupon ? p.CouponTerms().Line() : p.Kind == PrizeKinds.Physical ? "实物奖品：中奖后填写收货地址或到店自提" : "积分：中奖后计入账户",
                p.Pace() is { } pace ? pace.Describe(Pacing.PaceSchedule.For(pace, p.Inventory, c.StartsAt, c.EndsAt).PerPeriod) : null))]);
    }

    public string Canonical() => JsonSerializer.Serialize(this, Json);

    public static string Sha256Of(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    public static RulesDocument? Parse(string content) => JsonSerializer.Deserialize<RulesDocument>(content, Json);

    /// <summary>What stops a draw from being announced: prizes without a value, a top prize over the limit, no organiser.</summary>
    public IEnumerable<string> PublishProblems() => PublishProblems(Prizes.Select(p => (p.Name, p.ValueYuan)), Organiser);

    public static IEnumerable<string> PublishProblems(IEnumerable<(string Name, decimal? Value)> prizes, string? organiser)
    {
        var list = prizes.ToList();
        foreach (var p in list.Where(p => p.Value is null)) yield return $"奖品「{p.Name}」没有填写价值（元）：有奖销售须公示奖品金额。";
        if (list.Max(p => p.Value) is { } top && top > TopPrizeLimitYuan)
            yield return $"最高奖价值 {top:0.##} 元，超过抽奖式有奖销售 {TopPrizeLimitYuan:0} 元的上限。";
        if (string.IsNullOrWhiteSpace(organiser)) yield return "没有填写活动主办方（organiser 或 Campaigns:Organiser）。";
    }

    /// <summary>"0.50%": the chance per draw, as shown to people.</summary>
    public static string Percent(decimal probability) =>
        (probability * 100).ToString(probability >= 0.01m ? "0.##" : "0.####", CultureInfo.InvariantCulture) + "%";

    public static string KindText(string kind) => kind switch
    {
        PrizeKinds.Coupon => "优惠券",
        PrizeKinds.Physical => "实物",
        PrizeKinds.Points => "积分",
        _ => kind,
    };
}

/// <param name="Probability">Weight over (all weights + 谢谢参与), per draw, to 6 decimals.</param>
/// <param name="Pace">The release schedule in words, when the prize is paced.</param>
internal sealed record RulesPrize(
    long Id,
    string Name,
    string Kind,
    decimal? ValueYuan,
    int Quantity,
    int Weight,
    decimal Probability,
    string Terms,
    string? Pace);
