using System.Text.Json;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Coupons;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.CampaignConsole;

/// <summary>
/// Reading the coupon settings of a campaign or prize edit. Where null means something — a fixed validity
/// cleared (back to validDays), a prize's claim days back to the configured default — the field is a
/// JsonElement, which tells absent (keep) from null (clear).
/// </summary>
internal static class CouponSettings
{
    /// <summary>A moment: absent keeps <paramref name="current"/>, null clears it, an ISO 8601 string (offset honoured, none = UTC) sets it.</summary>
    public static (DateTime? Value, string? Problem) ReadTime(JsonElement value, DateTime? current, string name) => value.ValueKind switch
    {
        JsonValueKind.Undefined => (current, null),
        JsonValueKind.Null => (null, null),
        JsonValueKind.String when value.TryGetDateTimeOffset(out var at) && HasOffset(value.GetString()!) => (at.UtcDateTime, null),
        JsonValueKind.String when value.TryGetDateTime(out var at) => (DateTime.SpecifyKind(at, DateTimeKind.Utc), null),
        _ => (current, Ui.T("{0} must be a date and time (ISO 8601) or null.", Ui.T(name))),
    };

    /// <summary>A whole number: absent keeps <paramref name="current"/>, null clears it.</summary>
    public static (int? Value, string? Problem) ReadInt(JsonElement value, int? current, string name) => value.ValueKind switch
    {
        JsonValueKind.Undefined => (current, null),
        JsonValueKind.Null => (null, null),
        JsonValueKind.Number when value.TryGetInt32(out var n) => (n, null),
        _ => (current, Ui.T("{0} must be a whole number or null.", Ui.T(name))),
    };

    /// <summary>Trimmed and de-duplicated, in the order given; null when the edit does not mention the list.</summary>
    public static List<string>? Normalize(List<string>? stores) =>
        stores?.Select(s => s?.Trim() ?? "").Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>As stored: comma-separated, empty for every store.</summary>
    public static string Join(IEnumerable<string> stores) => string.Join(',', stores);

    private static bool HasOffset(string text) => text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
}
