using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Audit;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Data;
using WechatLeads.Server.DataRights;
using WechatLeads.Server.Marketing;
using WechatLeads.Server.Privacy;
using WechatLeads.Server.Retention;
using WechatLeads.Server.Unsubscribe;

namespace WechatLeads.Server.Compliance;

/// <summary>
/// What a third-party assessor asks for, for a period: notices in force, consents given and withdrawn,
/// opt-outs and how fast they took effect, marketing sends and why people were skipped, retention runs,
/// data-subject requests and how fast they were answered, and every staff reveal and export. Figures are
/// computed from the ledgers themselves, never from counters that could drift.
/// </summary>
internal sealed class EvidenceReport(LeadsDbContext db)
{
    public sealed record Report(
        DateTime From, DateTime To, IReadOnlyList<NoticeInForce> Notices, IReadOnlyList<ConsentCount> Consents, IReadOnlyList<OptOutFigures> OptOuts,
        IReadOnlyList<SendFigures> Sends,
        IReadOnlyList<RetentionRun> RetentionRuns,
        IReadOnlyList<RequestFigures> Requests,
        IReadOnlyList<StaffAccess> StaffAccess,
        CouponFigures Coupons, IReadOnlyList<DrawFigures.Campaign> Draws, IReadOnlyList<AuthorizationFigures> AuthorizationChanges);

    /// <summary>WeChat's 授权用户信息变更 by kind and push URL: how many arrived, were applied, and how long erasure took.</summary>
    public sealed record AuthorizationFigures(string Kind, string Source, int Received, int Applied, double? MedianSecondsToApply, double? MaxSecondsToApply);

    /// <summary>Coupons in the period: issued, redeemed (net of reversals), reversed, expired by the nightly job, voided by staff.</summary>
    public sealed record CouponFigures(int Issued, int Redeemed, int Reversed, int Expired, int Voided);

    public sealed record NoticeInForce(string Version, string Title, string Sha256, DateTime PublishedAt, IReadOnlyList<string> Campaigns);

    /// <summary>Consent acts: one person's grant or withdrawal at one moment, whatever number of campaigns it covered.</summary>
    public sealed record ConsentCount(string Purpose, string Action, string Channel, int Count);

    /// <summary>An opt-out takes effect in the transaction that acknowledges it; the confirmation follows.</summary>
    public sealed record OptOutFigures(
        string Channel,
        int Count,
        int Withdrew,
        int Confirmed,
        double? MedianSecondsToConfirmation,
        double? MaxSecondsToConfirmation);

    public sealed record SendFigures(
        long Id,
        string Name,
        string Channel,
        string Status,
        DateTime ScheduledAt,
        int Audience,
        int Sent,
        IReadOnlyDictionary<string, int> SkippedByReason);

    public sealed record RequestFigures(string Type, int Received, int Completed, int Overdue, double? MedianHoursToComplete, double? MaxHoursToComplete);

    public sealed record StaffAccess(DateTime At, string Actor, string Role, string Action, string Target, int Records, string? Reason, string? Ip);

    public async Task<Report> BuildAsync(DateTime from, DateTime to, DateTime now, CancellationToken ct)
    {
        var policies = await db.Set<PrivacyPolicy>().AsNoTracking().Where(p => p.PublishedAt < to).OrderBy(p => p.PublishedAt)
            .Select(p => new { p.Version, p.Title, p.ContentHash, p.PublishedAt }).ToListAsync(ct);
        var usedBy = (await db.Set<Campaign>().AsNoTracking().Select(c => new { c.PolicyVersion, c.Slug }).ToListAsync(ct))
            .ToLookup(c => c.PolicyVersion, c => c.Slug);
        var notices = policies.Select(p => new NoticeInForce(p.Version, p.Title, p.ContentHash, p.PublishedAt, [.. usedBy[p.Version]])).ToList();

        // Acts, not rows: an opt-out is one "*" row plus one row per campaign it withdrew from, all at the same instant.
        var consents = await db.Set<ConsentEvent>().AsNoTracking().Where(e => e.OccurredAt >= from && e.OccurredAt < to)
            .GroupBy(e => new { e.Purpose, e.Action, e.Channel, e.SubjectKey, e.OccurredAt }).Select(g => g.Key)
            .GroupBy(k => new { k.Purpose, k.Action, k.Channel }).Select(g => new ConsentCount(g.Key.Purpose, g.Key.Action, g.Key.Channel, g.Count()))
            .ToListAsync(ct);

        var optOutRows = await db.Set<OptOut>().AsNoTracking().Where(o => o.RequestedAt >= from && o.RequestedAt < to)
            .Select(o => new { o.Channel, o.Withdrew, o.RequestedAt, o.ConfirmationSentAt }).ToListAsync(ct);
        var optOuts = optOutRows.GroupBy(o => o.Channel).Select(g =>
        {
            var delays = g.Where(o => o.ConfirmationSentAt != null).Select(o => (o.ConfirmationSentAt!.Value - o.RequestedAt).TotalSeconds).Order().ToList();
            return new OptOutFigures(g.Key, g.Count(), g.Count(o => o.Withdrew), delays.Count, Median(delays), delays.Count == 0 ? null : delays[^1]);
        }).ToList();
        // SMS replies (回复TD退订) are ledger withdrawals of their own channel.
        var smsOptOuts = consents.Where(c => c.Channel == SmsOptOut.Channel && c.Action == ConsentActions.Withdrawn).Sum(c => c.Count);
        if (smsOptOuts > 0) optOuts.Add(new OptOutFigures(SmsOptOut.Channel, smsOptOuts, smsOptOuts, 0, null, null));

        var sendIds = await db.Set<MarketingSend>()
            .AsNoTracking()
            .Where(s => s.ScheduledAt >= from && s.ScheduledAt < to)
            .OrderBy(s => s.Id)
            .Select(s => s.Id)
            .ToListAsync(ct);
        var sends = new List<SendFigures>();
        foreach (var id in sendIds)
        {
            var p = (await MarketingAdminEndpoints.ProgressAsync(db, id, ct))!;
            sends.Add(new SendFigures(p.Id, p.Name, p.Channel, p.Status, p.ScheduledAt, p.AudienceSize, p.Sent, p.SkippedByReason));
        }

        var runs = await db.Set<RetentionRun>().AsNoTracking().Where(r => r.StartedAt >= from && r.StartedAt < to).OrderBy(r => r.Id).ToListAsync(ct);

        var requestRows = await db.Set<DataSubjectRequest>().AsNoTracking().Where(r => r.ReceivedAt >= from && r.ReceivedAt < to).ToListAsync(ct);
        var requests = requestRows.GroupBy(r => r.Type).Select(g =>
        {
            var hours = g.Where(r => r.CompletedAt != null).Select(r => (r.CompletedAt!.Value - r.ReceivedAt).TotalHours).Order().ToList();
            return new RequestFigures(
                g.Key,
                g.Count(),
                hours.Count,
                g.Count(r => (r.CompletedAt ?? now) > r.DueAt),
                Median(hours),
                hours.Count == 0 ? null : hours[^1]);
        }).OrderBy(r => r.Type).ToList();

        string[] accessActions = [AuditActions.Reveal, AuditActions.PhoneSearch, AuditActions.ExportMasked, AuditActions.ExportUnmasked];
        var accessEntries = await db.Set<AuditEntry>()
            .AsNoTracking()
            .Where(e => e.At >= from && e.At < to && accessActions.Contains(e.Action))
            .OrderBy(e => e.Sequence)
            .Select(e => new { e.Sequence, Access = new StaffAccess(e.At, e.Actor, e.Role, e.Action, e.Target, e.RecordCount, e.Reason, e.Ip) })
            .ToListAsync(ct);
        // An export is audited before its first row (count 0) and again when it ends, with the rows that left:
        // the report counts what was exported, from the second entry (which may fall just after the period).
        var exportTargets = accessEntries.Where(e => e.Access.Action is AuditActions.ExportMasked or AuditActions.ExportUnmasked)
            .Select(e => $"export:{e.Sequence}")
            .ToList();
        var exported = exportTargets.Count == 0
            ? new Dictionary<string, int>()
            : await db.Set<AuditEntry>().AsNoTracking()
                .Where(e => e.Action == AuditActions.ExportFinished && exportTargets.Contains(e.Target))
                .ToDictionaryAsync(e => e.Target, e => e.RecordCount, ct);
        var access = accessEntries.Select(e => exported.TryGetValue($"export:{e.Sequence}", out var rows) ? e.Access with { Records = rows } : e.Access)
            .ToList();

        var coupons = db.Set<Coupons.Coupon>().AsNoTracking();
        var redemptions = db.Set<Coupons.Redemption>().AsNoTracking().Where(r => r.CreatedAt >= from && r.CreatedAt < to);
        var couponFigures = new CouponFigures(
            await coupons.CountAsync(c => c.IssuedAt >= from && c.IssuedAt < to, ct),
            await redemptions.CountAsync(r => r.ReversedAt == null, ct),
            await db.Set<Coupons.Redemption>().AsNoTracking().CountAsync(r => r.ReversedAt >= from && r.ReversedAt < to, ct),
            await coupons.CountAsync(c => c.ExpiredAt >= from && c.ExpiredAt < to, ct),
            await coupons.CountAsync(c => c.VoidedAt >= from && c.VoidedAt < to, ct));
        var changes = (await db.Set<AuthorizationChanges.AuthorizationChange>().AsNoTracking().Where(c => c.ReceivedAt >= from && c.ReceivedAt < to)
                .Select(c => new { c.Kind, c.Source, c.ReceivedAt, c.AppliedAt }).ToListAsync(ct))
            .GroupBy(c => (c.Kind, c.Source)).OrderBy(g => g.Key).Select(g =>
            {
                var delays = g.Where(c => c.AppliedAt != null).Select(c => (c.AppliedAt!.Value - c.ReceivedAt).TotalSeconds).Order().ToList();
                return new AuthorizationFigures(g.Key.Kind, g.Key.Source, g.Count(), delays.Count, Median(delays), delays.Count == 0 ? null : delays[^1]);
            }).ToList();
        return new Report(
            from,
            to,
            notices,
            consents,
            optOuts,
            sends,
            runs,
            requests,
            access,
            couponFigures,
            await DrawFigures.BuildAsync(db, from, to, ct),
            changes);
    }

    private static double? Median(List<double> sorted) =>
        sorted.Count == 0 ? null : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
