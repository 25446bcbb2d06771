using System.Globalization;
using System.Text.RegularExpressions;
using WechatLeads.Server.Coupons;
using WechatLeads.Server.Platform;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Campaigns;

/// <summary>
/// When and where a coupon may be used, as a campaign or prize defines it. Validity is either a fixed
/// end (<see cref="ValidUntil"/>, optionally from <see cref="ValidFrom"/>) or <see cref="ValidDays"/> days
/// from issue ending at 23:59 Beijing time of the last day — "30 天内有效" as a person reads it.
/// </summary>
internal sealed partial record CouponTerms(int ValidDays, DateTime? ValidFrom, DateTime? ValidUntil, IReadOnlyList<string> Stores, string RedeemHours)
{

    /// <summary>The coupon's validity when issued at <paramref name="issuedAt"/> (UTC), end exclusive.</summary>
    public (DateTime From, DateTime Until) ValidityAt(DateTime issuedAt)
    {
        if (ValidUntil is { } until) return (ValidFrom is { } from && from > issuedAt ? from : issuedAt, until);
        // Day 1 is the day of issue; the coupon ends at the following midnight of day N, Beijing time.
        var chinaDay = (issuedAt + ChinaTime.Offset).Date;
        return (issuedAt, chinaDay.AddDays(ValidDays) - ChinaTime.Offset);
    }

    /// <summary>"有效期至 12 月 31 日 23:59" (the last included minute), with the year when it is not this year's.</summary>
    public static string Describe(DateTime validUntil, DateTime now)
    {
        var last = validUntil + ChinaTime.Offset - TimeSpan.FromMinutes(1);
        var year = last.Year == (now + ChinaTime.Offset).Year ? "" : $"{last.Year} 年 ";
        return $"有效期至 {year}{last.Month} 月 {last.Day} 日 {last:HH:mm}";
    }

    public static string StoresText(IReadOnlyList<string> stores) => stores.Count == 0 ? "全部门店" : string.Join(',', stores);

    /// <summary>"30 天" or "2026-12-01 00:00 至 2026-12-31 23:59" (Beijing time).</summary>
    public string ValidityText() => ValidUntil is { } until
        ? $"{(ValidFrom is { } from ? ChinaTime.Format(from) : "发放时")} 至 {ChinaTime.Format(until)}"
        : $"发放后 {ValidDays} 天";

    /// <summary>"发放后 30 天 · 全部门店 · 10:00-22:00", for the console and the announced rules.</summary>
    public string Line() => $"{ValidityText()} · {StoresText(Stores)}{(RedeemHours.Length > 0 ? " · " + RedeemHours : "")}";

    /// <summary>The terms in one sentence for the campaign page, before anyone joins.</summary>
    public string Summary(DateTime now)
    {
        var validity = ValidUntil is { } until ? Describe(until, now) : $"领取当天起 {ValidDays} 天内有效";
        var stores = Stores.Count == 0 ? "全部门店可用" : $"限 {Stores.Count} 家指定门店使用";
        var hours = RedeemHours.Length == 0 ? "" : $"，每天 {RedeemHours} 可核销";
        return $"{validity}，{stores}{hours}。";
    }

    /// <summary>Whether <paramref name="now"/> (UTC) is inside the daily window <c>HH:mm-HH:mm</c> (Beijing time); empty = always.</summary>
    public static bool WithinHours(string hours, DateTime now)
    {
        if (!TryParseHours(hours, out var open, out var close)) return true;
        var time = (now + ChinaTime.Offset).TimeOfDay;
        return open <= close ? time >= open && time < close : time >= open || time < close; // a window may cross midnight
    }

    public static bool TryParseHours(string? hours, out TimeSpan open, out TimeSpan close)
    {
        open = close = TimeSpan.Zero;
        if (string.IsNullOrEmpty(hours)) return false;
        var m = HoursPattern().Match(hours);
        return m.Success
            && TimeSpan.TryParseExact(m.Groups[1].Value, @"hh\:mm", CultureInfo.InvariantCulture, out open)
            && TimeSpan.TryParseExact(m.Groups[2].Value, @"hh\:mm", CultureInfo.InvariantCulture, out close)
            && open != close;
    }

    /// <summary>What is wrong with these terms, for campaign validation; empty when they are fine.</summary>
    public IEnumerable<string> Problems(string where)
    {
        if (ValidUntil is null && ValidDays is < 1 or > 3650) yield return Ui.T("{0}validDays must be 1-3650 (or give validUntil).", where);
        if (ValidUntil is { } until && ValidFrom is { } from && from >= until) yield return Ui.T("{0}validFrom must be before validUntil.", where);
        if (ValidUntil is null && ValidFrom is not null)
            yield return Ui.T("{0}validFrom goes with validUntil (a fixed validity); without one, validDays counts from issue.", where);
        if (RedeemHours.Length > 0 && !TryParseHours(RedeemHours, out _, out _)) yield return Ui.T("{0}redeemHours must look like 10:00-22:00.", where);
        if (Stores.Count > 50) yield return Ui.T("{0}stores lists at most 50 store codes (leave it empty for every store).", where);
        if (Stores.Any(s => !IsStoreCode(s))) yield return Ui.T("{0}stores must be store codes (letters, digits, dashes; at most 32).", where);
    }

    public static bool IsStoreCode(string? code) => AdminRoles.IsStoreCode(code);

    [GeneratedRegex(@"^([0-2]\d:[0-5]\d)-([0-2]\d:[0-5]\d)$")]
    private static partial Regex HoursPattern();
}
