using Microsoft.EntityFrameworkCore;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Consent;
using WechatLeads.Server.Data;
using WechatLeads.Server.Leads;

namespace WechatLeads.Server.Analytics;

public sealed record FunnelStep(string Step, long Count);

public sealed record Bucket(string Key, long Count);

public sealed record PrizeLeft(string Name, int Inventory, int Remaining);

/// <summary>What marketing ops watch for one campaign. Days are China time (UTC+8).</summary>
public sealed record CampaignReport(
    string Campaign, string Title, string Status, IReadOnlyList<FunnelStep> Funnel, IReadOnlyList<Bucket> DailyLeads,
    IReadOnlyList<Bucket> BySource, IReadOnlyList<Bucket> ByStore, IReadOnlyList<PrizeLeft> Prizes,
    long MarketingConsents, long MarketingWithdrawn, double OptOutRate, PhoneNumberReport PhoneNumbers, RedemptionReport Redemptions);

/// <summary>One China day's billable WeChat phone-number verifications (successes), by component.</summary>
public sealed record PhoneNumberDay(string Day, int Quick, int Realtime, int Unknown, int Billable, bool QuotaExhausted);

/// <summary>The campaign's daily budget (null = no limit), how pages verify phones today (wechat/sms), and the days so far.</summary>
public sealed record PhoneNumberReport(int? DailyBudget, string TodayMode, long Billable, IReadOnlyList<PhoneNumberDay> Days);

/// <summary>Aggregates computed in the database: counts and group-bys, never rows of personal data.</summary>
internal sealed class CampaignAnalytics(LeadsDbContext db, Participation.PhoneVerificationModes phoneModes, RedemptionAnalytics redemptions)
{
    private sealed record DayCount(string Key, long Count);

    public async Task<CampaignReport?> ReportAsync(string slug, CancellationToken ct)
    {
        var campaign = await db.Set<Campaign>().AsNoTracking().Include(c => c.Prizes).SingleOrDefaultAsync(c => c.Slug == slug, ct);
        if (campaign is null) return null;
        var leads = db.Set<Lead>().AsNoTracking().Where(l => l.CampaignId == campaign.Id);

        var views = await db.Set<CampaignView>().Where(v => v.CampaignId == campaign.Id).SumAsync(v => (long?)v.Views, ct) ?? 0;
        var consented = await db.Set<ConsentEvent>().Where(e => e.Scope == slug && e.Purpose == ConsentPurposes.Service && e.Action == ConsentActions.Granted)
            .Select(e => e.SubjectKey).Distinct().LongCountAsync(ct);
        var submitted = await leads.LongCountAsync(ct);
        var issued = await db.Set<ParticipationRecord>().LongCountAsync(p => p.CampaignId == campaign.Id
            && (p.Outcome == ParticipationOutcomes.Coupon || p.Outcome == ParticipationOutcomes.Prize), ct);

        var bySource = await leads.GroupBy(l => l.Source ?? "").Select(g => new Bucket(g.Key, g.LongCount())).ToListAsync(ct);
        var byStore = await leads.Where(l => l.Store != null).GroupBy(l => l.Store!).Select(g => new Bucket(g.Key, g.LongCount())).ToListAsync(ct);

        var everConsented = await leads.LongCountAsync(l => l.MarketingConsent, ct);
        var stillConsenting = await LeadQuery.Search(db, new LeadFilter(slug, null, null, null, null, null, LeadQuery.ConsentMarketing)).LongCountAsync(ct);
        var withdrawn = everConsented - stillConsenting;
        var coupons = await redemptions.ReportAsync(campaign.Id, ct);

        return new CampaignReport(campaign.Slug, campaign.Title, campaign.Status,
            [
                new("landing views", views),
                new("consent given", consented),
                new("phone submitted", submitted),
                new("prize issued", issued),
                new("coupon redeemed", coupons.Redeemed)],
            await DailyLeadsAsync(campaign.Id, ct),
            bySource.OrderByDescending(b => b.Count).ToList(), byStore.OrderByDescending(b => b.Count).ToList(),
            campaign.Prizes.OrderBy(p => p.Position).Select(p => new PrizeLeft(p.Name, p.Inventory, p.Remaining)).ToList(),
            everConsented, withdrawn, everConsented == 0 ? 0 : Math.Round((double)withdrawn / everConsented, 4),
            await PhoneNumbersAsync(campaign, ct), coupons);
    }

    private async Task<PhoneNumberReport> PhoneNumbersAsync(Campaign campaign, CancellationToken ct)
    {
        var rows = await db.Set<Participation.PhoneNumberUsage>().AsNoTracking().Where(u => u.CampaignId == campaign.Id).OrderBy(u => u.Day).ToListAsync(ct);
        var days = rows.Select(u => new PhoneNumberDay($"{u.Day / 10000:D4}-{u.Day / 100 % 100:D2}-{u.Day % 100:D2}",
            u.Quick, u.Realtime, u.Unknown, u.Billable, u.QuotaExhausted)).ToList();
        return new PhoneNumberReport(campaign.PhoneNumberDailyBudget, await phoneModes.ModeAsync(campaign, ct), days.Sum(d => (long)d.Billable), days);
    }

    /// <summary>One GROUP BY in the database; the day expression is the only provider-specific part.</summary>
    private async Task<List<Bucket>> DailyLeadsAsync(long campaignId, CancellationToken ct)
    {
        var day = db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true
            ? "to_char(\"CreatedAt\" AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')"
            : "substr(datetime(\"CreatedAt\", '+8 hours'), 1, 10)";
        // Only our two constant expressions go into the text; the campaign id is a parameter.
        var sql = "SELECT " + day + " AS \"Key\", COUNT(*) AS \"Count\" FROM \"Leads\" WHERE \"CampaignId\" = {0} GROUP BY " + day + " ORDER BY 1";
        var rows = await db.Database.SqlQueryRaw<DayCount>(sql, campaignId).ToListAsync(ct);
        return rows.Select(r => new Bucket(r.Key, r.Count)).ToList();
    }
}
