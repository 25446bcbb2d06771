using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Data;
using WechatLeads.Server.Leads;

namespace WechatLeads.Server.Anomalies;

/// <summary>
/// Watches every open draw for the two signs of a farm at work: a participation rate that jumps far above the
/// hour before, and a high share of WeChat risk ranks 3–4. Read from the database, so every instance sees
/// the same; computed at most every 30 seconds per instance (health probes call it often).
/// </summary>
internal sealed class AnomalyMonitor(IServiceScopeFactory scopes, IOptions<AnomalyOptions> options, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _computing = new(1, 1);
    private readonly HashSet<(string Campaign, string Kind)> _raised = [];
    private (DateTime At, IReadOnlyList<AnomalyAlert> Alerts)? _last;

    public async Task<IReadOnlyList<AnomalyAlert>> CurrentAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (_last is { } cached && now - cached.At < Fresh) return cached.Alerts;
        await _computing.WaitAsync(ct);
        try
        {
            if (_last is { } again && now - again.At < Fresh) return again.Alerts;
            var alerts = await ComputeAsync(now, ct);
            _last = (now, alerts);
            return alerts;
        }
        finally
        {
            _computing.Release();
        }
    }

    /// <summary>The alerts not open at the previous call: what the watch job raises (once per episode).</summary>
    public IReadOnlyList<AnomalyAlert> NewSinceLastWatch(IReadOnlyList<AnomalyAlert> current)
    {
        lock (_raised)
        {
            var started = current.Where(a => !_raised.Contains((a.Campaign, a.Kind))).ToList();
            _raised.Clear();
            _raised.UnionWith(current.Select(a => (a.Campaign, a.Kind)));
            return started;
        }
    }

    public void Dispose() => _computing.Dispose();

    private async Task<IReadOnlyList<AnomalyAlert>> ComputeAsync(DateTime now, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LeadsDbContext>();
        var o = options.Value;
        var hourAgo = now.AddMinutes(-65);
        var open = await db.Set<Campaign>().AsNoTracking().Where(c => c.Status == CampaignStatus.Active && c.StartsAt <= now && c.EndsAt > now)
            .Select(c => new { c.Id, c.Slug }).ToListAsync(ct);
        var alerts = new List<AnomalyAlert>();
        foreach (var c in open)
        {
            var recent = await db.Set<ParticipationRecord>().AsNoTracking().Where(p => p.CampaignId == c.Id && p.CreatedAt >= hourAgo)
                .Select(p => p.CreatedAt).ToListAsync(ct);
            var lastFive = recent.Count(t => t >= now.AddMinutes(-5)) / 5.0;
            var before = recent.Count(t => t < now.AddMinutes(-5)) / 60.0;
            if (lastFive >= o.MinimumPerMinute && lastFive >= o.RateJumpFactor * Math.Max(before, 1))
                alerts.Add(new AnomalyAlert(c.Slug, AnomalyKinds.RateJump,
                    $"{lastFive:0.#} participations a minute in the last 5 minutes against {before:0.#} in the hour before", lastFive, before));
            foreach (var alert in await RiskAlertsAsync(db, c.Id, c.Slug, now, ct)) alerts.Add(alert);
        }
        return alerts;
    }

    /// <summary>The high-risk share (WeChat risk rank 3–4) of the last 15 minutes' risk-checked draws.</summary>
    private async Task<IEnumerable<AnomalyAlert>> RiskAlertsAsync(LeadsDbContext db, long campaignId, string slug, DateTime now, CancellationToken ct)
    {
        var o = options.Value;
        var since = now.AddMinutes(-15);
        var ranks = await db.Set<ParticipationRecord>().AsNoTracking().Where(p => p.CampaignId == campaignId && p.CreatedAt >= since && p.RiskRank != null)
            .Select(p => p.RiskRank!.Value).ToListAsync(ct);
        if (ranks.Count < o.MinimumChecked) return [];
        var share = ranks.Count(r => r >= 3) / (double)ranks.Count;
        return share >= o.HighRiskShare
            ? [new AnomalyAlert(
                slug,
                AnomalyKinds.HighRisk,
                $"{share:P0} of {ranks.Count} risk-checked draws in the last 15 minutes were rank 3-4",
                share,
                o.HighRiskShare)]
            : [];
    }
}

internal static class AnomalyKinds
{
    public const string RateJump = "rate-jump";
    public const string HighRisk = "high-risk-share";
}

/// <summary>One sign of abuse on one campaign; <see cref="Detail"/> is numbers only (no person in it).</summary>
public sealed record AnomalyAlert(string Campaign, string Kind, string Detail, double Value, double Baseline);
