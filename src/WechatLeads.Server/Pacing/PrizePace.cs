using System.Globalization;
using WechatLeads.Server.Platform.Web;

namespace WechatLeads.Server.Pacing;

/// <summary>
/// How a prize's inventory is released (均匀投奖): <see cref="Quantity"/> per day or per hour, Beijing time,
/// within <see cref="Hours"/>; <c>null</c> quantity spreads the inventory evenly over the campaign's periods.
/// Stock not yet released can't be won, so a farm that scripts the first minutes finds little there.
/// </summary>
/// <param name="Per"><see cref="PacePeriods.Day"/> or <see cref="PacePeriods.Hour"/>.</param>
/// <param name="Hours">Whole hours, <c>08:00-22:00</c>; empty = the whole day.</param>
/// <param name="CarryOver">Whether what a period did not give away stays winnable later (else it lapses with the period).</param>
public sealed record PrizePace(string Per, int? Quantity = null, string? Hours = null, bool CarryOver = true)
{
    public IEnumerable<string> Problems(string where)
    {
        if (Per is not (PacePeriods.Day or PacePeriods.Hour)) yield return Ui.T("{0}pace.per must be day or hour.", where);
        if (Quantity is < 1 or > 10_000_000) yield return Ui.T("{0}pace.quantity must be 1-10,000,000 (or absent to spread the inventory evenly).", where);
        if (!TryParseHours(Hours, out _, out _)) yield return Ui.T("{0}pace.hours must be whole hours, e.g. 08:00-22:00.", where);
    }

    /// <summary>Reads <c>HH:00-HH:00</c> (end up to 24:00, after the start); empty means 00:00-24:00.</summary>
    public static bool TryParseHours(string? hours, out int from, out int to)
    {
        (from, to) = (0, 24);
        if (string.IsNullOrWhiteSpace(hours)) return true;
        var parts = hours.Trim().Split('-');
        return parts.Length == 2 && TryHour(parts[0], out from) && TryHour(parts[1], out to) && from < to && from < 24;

        static bool TryHour(string text, out int hour)
        {
            hour = -1;
            var hm = text.Trim().Split(':');
            return hm.Length == 2 && hm[1] == "00" && int.TryParse(hm[0], NumberStyles.None, CultureInfo.InvariantCulture, out hour) && hour is >= 0 and <= 24;
        }
    }

    /// <summary>In words for the console and the rules: "每天 100 份（08:00-22:00 释放，未发完的顺延）".</summary>
    public string Describe(int perPeriod)
    {
        var unit = Per == PacePeriods.Hour ? "每小时" : "每天";
        var window = string.IsNullOrWhiteSpace(Hours) ? "" : $"，{Hours!.Trim()} 之间释放";
        return $"{unit} {perPeriod} 份{window}，{(CarryOver ? "未发完的顺延" : "未发完的不顺延")}";
    }
}

internal static class PacePeriods
{
    public const string Day = "day";
    public const string Hour = "hour";
}
