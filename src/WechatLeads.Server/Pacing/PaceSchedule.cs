using WechatLeads.Server.Platform;
namespace WechatLeads.Server.Pacing;

/// <summary>
/// A prize's release schedule made concrete for one campaign: which periods (Beijing days or hours inside the
/// window) have begun at a moment, counted from the period the campaign starts in, and how many prizes each
/// releases. Pure arithmetic on the clock — the database enforces what it computes (see <see cref="PaceSql"/>).
/// </summary>
internal sealed class PaceSchedule
{
    private readonly bool _hourly;
    private readonly int _from, _to;
    private readonly DateTime _start;

    private PaceSchedule(PrizePace pace, int perPeriod, DateTime campaignStart)
    {
        _hourly = pace.Per == PacePeriods.Hour;
        // Validated when the pace was set; a window that does not parse releases all day rather than never.
        if (!PrizePace.TryParseHours(pace.Hours, out _from, out _to)) (_from, _to) = (0, 24);
        _start = campaignStart;
        PerPeriod = perPeriod;
        CarryOver = pace.CarryOver;
        Pace = pace;
    }

    public PrizePace Pace { get; }
    public int PerPeriod { get; }
    public bool CarryOver { get; }

    /// <summary>The schedule of a prize of <paramref name="inventory"/> in a campaign running [start, end).</summary>
    public static PaceSchedule For(PrizePace pace, int inventory, DateTime campaignStartUtc, DateTime campaignEndUtc)
    {
        var periods = Math.Max(1, new PaceSchedule(pace, 1, campaignStartUtc).PeriodsBegun(campaignEndUtc.AddTicks(-1)));
        // "Evenly": the inventory over every period the campaign has, rounded up so nothing is left unreleased at the end.
        var perPeriod = pace.Quantity ?? (int)Math.Max(1, (inventory + periods - 1) / periods);
        return new PaceSchedule(pace, perPeriod, campaignStartUtc);
    }

    /// <summary>Prizes released from the start up to <paramref name="nowUtc"/> (the cap when leftovers carry over).</summary>
    public long ReleasedBy(DateTime nowUtc) => PeriodsBegun(nowUtc) * PerPeriod;

    /// <summary>The period <paramref name="nowUtc"/> is in (yyyyMMdd or yyyyMMddHH, Beijing), or null outside the window or before the start.</summary>
    public long? PeriodAt(DateTime nowUtc)
    {
        if (nowUtc < _start || !InWindow(nowUtc)) return null;
        var local = nowUtc + ChinaTime.Offset;
        var day = local.Year * 10000L + local.Month * 100 + local.Day;
        return _hourly ? day * 100 + local.Hour : day;
    }

    /// <summary>How many periods have begun by <paramref name="nowUtc"/>, the one the campaign starts in included.</summary>
    public long PeriodsBegun(DateTime nowUtc) =>
        nowUtc < _start ? 0 : ReleasesUpTo(nowUtc) - ReleasesUpTo(_start) + (InWindow(_start) ? 1 : 0);

    /// <summary>Releases since an arbitrary epoch up to and including the one at or before <paramref name="utc"/>.</summary>
    private long ReleasesUpTo(DateTime utc)
    {
        var local = utc + ChinaTime.Offset;
        var day = local.Date.Ticks / TimeSpan.TicksPerDay;
        if (!_hourly) return day + (local.Hour >= _from ? 1 : 0);
        var perDay = _to - _from;
        return day * perDay + Math.Clamp(local.Hour - _from + 1, 0, perDay);
    }

    private bool InWindow(DateTime utc)
    {
        var hour = (utc + ChinaTime.Offset).Hour;
        return hour >= _from && hour < _to;
    }
}
