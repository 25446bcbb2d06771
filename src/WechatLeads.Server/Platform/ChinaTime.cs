using System.Globalization;

namespace WechatLeads.Server.Platform;

/// <summary>
/// Beijing time (China Standard Time, UTC+8, no daylight saving since 1991), the one clock people here read.
/// Everything is stored in UTC; this is where it becomes a China date or time — for display, for filters typed in
/// Beijing time, for quiet hours, and for the "per day" of draw limits, phone-number budgets and reports — so that
/// what a page shows and what a filter means always agree.
/// </summary>
internal static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>What pages write after a time, so nobody wonders which clock it is.</summary>
    public const string ZoneName = "北京时间";

    /// <summary>The wall-clock time in Beijing at <paramref name="utc"/> (Kind Unspecified: a local reading, not a moment).</summary>
    public static DateTime Local(DateTime utc) => DateTime.SpecifyKind(utc + Offset, DateTimeKind.Unspecified);

    /// <summary>The moment (UTC) a Beijing wall-clock reading stands for.</summary>
    public static DateTime ToUtc(DateTime local) => DateTime.SpecifyKind(local - Offset, DateTimeKind.Utc);

    /// <summary>The start (UTC) of the China day containing <paramref name="utc"/>.</summary>
    public static DateTime StartOfDay(DateTime utc) => ToUtc(Local(utc).Date);

    /// <summary>The moment (UTC) a China calendar day begins; null for null.</summary>
    public static DateTime? StartOf(DateOnly? day) => day is { } d ? ToUtc(d.ToDateTime(TimeOnly.MinValue)) : null;

    /// <summary>The China date of <paramref name="utc"/>.</summary>
    public static DateOnly Date(DateTime utc) => DateOnly.FromDateTime(Local(utc));

    /// <summary>The China date as a number, 20261203: the key of per-day counters (draw limits, phone-number budgets).</summary>
    public static int DayNumber(DateTime utc)
    {
        var local = Local(utc);
        return local.Year * 10000 + local.Month * 100 + local.Day;
    }

    /// <summary>The Beijing time of <paramref name="utc"/> in <paramref name="format"/> (invariant culture).</summary>
    public static string Format(DateTime utc, string format = "yyyy-MM-dd HH:mm") => Local(utc).ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The last minute before an exclusive end: a campaign or coupon ending at 00:00 ends "23:59" the day before.</summary>
    /// <summary>The value of a <c>datetime-local</c> input in Beijing time (console.js sends it back with +08:00); empty for none.</summary>
    public static string InputValue(DateTime? utc) => utc is { } u ? Format(u, "yyyy-MM-dd'T'HH:mm") : "";

    public static string LastMinute(DateTime exclusiveEndUtc, string format = "yyyy-MM-dd HH:mm") => Format(exclusiveEndUtc.AddMinutes(-1), format);
}
