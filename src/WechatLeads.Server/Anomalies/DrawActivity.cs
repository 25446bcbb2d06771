using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Data;
using WechatLeads.Server.Leads;
using WechatLeads.Server.Platform;

namespace WechatLeads.Server.Anomalies;

/// <summary>
/// What a campaign's traffic looked like lately: participations per minute, bursts against the day's normal
/// pace, the share of WeChat risk ranks, and the addresses and network segments most of it came from —
/// what an operator looks at when a draw empties faster than people could have played it.
/// </summary>
internal sealed class DrawActivity(LeadsDbContext db, TimeProvider time)
{
    /// <summary>The newest participations read for the day's figures: a bound on the work a dashboard view costs.</summary>
    private const int MaxRows = 200_000;

    public async Task<ActivityReport?> ReportAsync(string slug, CancellationToken ct)
    {
        var campaign = await db.Set<Campaign>().AsNoTracking().Where(c => c.Slug == slug).Select(c => new { c.Id, c.Slug }).SingleOrDefaultAsync(ct);
        if (campaign is null) return null;
        var now = time.GetUtcNow().UtcDateTime;
        var dayAgo = now.AddDays(-1);
        var rows = await db.Set<ParticipationRecord>().AsNoTracking().Where(p => p.CampaignId == campaign.Id && p.CreatedAt >= dayAgo)
            .OrderByDescending(p => p.CreatedAt).Select(p => new { p.CreatedAt, p.RiskRank }).Take(MaxRows).ToListAsync(ct);
        var times = rows.Select(r => r.CreatedAt).ToList();
        // WeChat's risk ranks of the day's draws; "-" for those not checked (coupon campaigns, errors, H5).
        var ranks = rows.GroupBy(r => r.RiskRank?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-")
            .Select(g => new KeyCount(g.Key, g.Count())).OrderBy(k => k.Key, StringComparer.Ordinal).ToList();
        var addresses = await db.Set<ConsentEvent>().AsNoTracking()
            .Where(e => e.Scope == slug && e.Purpose == ConsentPurposes.Service && e.Action == ConsentActions.Granted && e.OccurredAt >= dayAgo && e.Ip != null)
            .OrderByDescending(e => e.OccurredAt).Select(e => e.Ip!).Take(MaxRows).ToListAsync(ct);

        var minute = Truncate(now);
        var perMinute = Enumerable.Range(0, 60).Select(i => minute.AddMinutes(i - 59))
            .GroupJoin(times, m => m, Truncate, (m, hits) => new MinuteCount((m + ChinaTime.Offset).ToString("HH:mm"), hits.Count())).ToList();
        // The day's normal pace per minute, from the hours before the last one: bursts stand out against it.
        var earlier = times.Count(t => t < minute.AddMinutes(-59));
        var baseline = earlier / (24 * 60.0 - 60);
        var bursts = perMinute.Where(m => m.Count >= 10 && m.Count > 5 * Math.Max(baseline, 1)).ToList();
        return new ActivityReport(slug, times.Count, Math.Round(baseline, 2), perMinute, bursts,
            Top(addresses, a => a), Top(addresses, NetworkSegments.Of), times.Count == MaxRows, ranks);
    }

    private static IReadOnlyList<KeyCount> Top(List<string> addresses, Func<string, string> key) =>
        [.. addresses.GroupBy(key)
            .Select(g => new KeyCount(g.Key, g.Count()))
            .OrderByDescending(k => k.Count)
            .ThenBy(k => k.Key, StringComparer.Ordinal)
            .Take(10)];

    private static DateTime Truncate(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc);
}

/// <param name="Participations">In the last 24 hours.</param>
/// <param name="BaselinePerMinute">The 23 hours before the last one, per minute.</param>
/// <param name="Truncated">True when the day had more participations than were read (the newest were).</param>
/// <param name="RiskRanks">The day's draws by WeChat risk rank (0–4; "-" not checked).</param>
public sealed record ActivityReport(
    string Campaign, int Participations, double BaselinePerMinute, IReadOnlyList<MinuteCount> LastHour, IReadOnlyList<MinuteCount> Bursts,
    IReadOnlyList<KeyCount> TopAddresses, IReadOnlyList<KeyCount> TopSegments, bool Truncated, IReadOnlyList<KeyCount> RiskRanks);

public sealed record MinuteCount(string Minute, int Count);

public sealed record KeyCount(string Key, int Count);
