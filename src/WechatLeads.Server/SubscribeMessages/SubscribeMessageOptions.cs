using System.Text.RegularExpressions;
using WechatLeads.Wechat.Api;

namespace WechatLeads.Server.SubscribeMessages;

/// <summary>
/// The <c>SubscribeMessages</c> section: which mini-program template carries each transactional notice, and
/// which of the notice's values fills each of the template's keywords.
/// </summary>
internal sealed partial class SubscribeMessageOptions
{
    public const string Section = "SubscribeMessages";

    /// <summary>Per purpose (<see cref="SubscribePurposes"/>); a purpose without a template sends nothing (recorded as not configured).</summary>
    public Dictionary<string, SubscribeTemplate> Templates { get; set; } = [];

    /// <summary>Days before a coupon's last day that its reminder goes out.</summary>
    public int CouponExpiryReminderDays { get; set; } = 3;

    /// <summary><c>formal</c> (released), <c>trial</c> or <c>developer</c>: which mini-program version a card opens.</summary>
    public string MiniProgramState { get; set; } = "formal";

    /// <summary>Open (unspent) accepts kept per person and template; more are not recorded (WeChat's own count is what counts).</summary>
    public int MaxOpenGrants { get; set; } = 50;

    public IEnumerable<string> Problems()
    {
        if (CouponExpiryReminderDays is < 1 or > 30) yield return "SubscribeMessages:CouponExpiryReminderDays must be 1-30.";
        if (MiniProgramState is not ("formal" or "trial" or "developer")) yield return "SubscribeMessages:MiniProgramState must be formal, trial or developer.";
        if (MaxOpenGrants is < 1 or > 1000) yield return "SubscribeMessages:MaxOpenGrants must be 1-1000.";
        foreach (var (purpose, template) in Templates)
        {
            var key = $"SubscribeMessages:Templates:{purpose}";
            if (!SubscribePurposes.Values.TryGetValue(purpose, out var values))
            {
                yield return $"{key}: unknown purpose; use {string.Join(", ", SubscribePurposes.Values.Keys)}.";
                continue;
            }
            if (template.TemplateId is not { Length: > 0 and <= 64 }) yield return $"{key}:TemplateId is required (at most 64 characters).";
            if (template.Page is { Length: > 256 }) yield return $"{key}:Page is at most 256 characters.";
            if (template.Fields.Count == 0) yield return $"{key}:Fields maps the template's keywords (thing1, time2…) to the notice's values.";
            foreach (var (keyword, value) in template.Fields)
            {
                if (!Keyword().IsMatch(keyword)) yield return $"{key}:Fields:{keyword} is not a template keyword (a type and a number, e.g. thing1).";
                if (!values.Contains(value)) yield return $"{key}:Fields:{keyword} = '{value}': {purpose} has {string.Join(", ", values)}.";
            }
        }
    }

    [GeneratedRegex("^[a-z_]+[0-9]{1,3}$")]
    private static partial Regex Keyword();
}

internal sealed class SubscribeTemplate
{
    public string? TemplateId { get; set; }
    /// <summary>The mini-program page the card opens (<c>pages/coupons/index</c>); none when empty.</summary>
    public string? Page { get; set; }
    /// <summary>Template keyword → the notice's value (<c>{"thing1": "prize", "time2": "expiresAt"}</c>).</summary>
    public Dictionary<string, string> Fields { get; set; } = [];

    /// <summary>The keyword values for a notice: each mapped value, a <c>thing</c> shortened to WeChat's 20 characters.</summary>
    public Dictionary<string, CgibinMessageSubscribeSendRequest.SubscribeValue> DataFor(IReadOnlyDictionary<string, string> values) =>
        Fields.ToDictionary(f => f.Key, f =>
        {
            var value = values.GetValueOrDefault(f.Value) ?? "";
            if (SubscribeKeywordRules.TypeOf(f.Key) == "thing" && value.Length > 20) value = value[..19] + "…";
            return new CgibinMessageSubscribeSendRequest.SubscribeValue(value);
        });
}

/// <summary>
/// The transactional notices subscribe messages carry, and the values each offers. Never marketing: the
/// console's marketing sends cannot use them.
/// </summary>
internal static class SubscribePurposes
{
    public const string CouponExpiry = "CouponExpiry";
    public const string Shipping = "Shipping";
    public const string PhoneChanged = "PhoneChanged";
    public const string DrawResult = "DrawResult";

    public static readonly IReadOnlyDictionary<string, string[]> Values = new Dictionary<string, string[]>
    {
        [CouponExpiry] = ["prize", "code", "expiresAt", "stores", "note"],
        [Shipping] = ["prize", "carrier", "trackingNumber", "shippedAt", "note"],
        [PhoneChanged] = ["phone", "changedAt", "note"],
        [DrawResult] = ["campaign", "result", "prize", "drawnAt", "note"],
    };
}
