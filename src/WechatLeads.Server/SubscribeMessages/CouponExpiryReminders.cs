using System.Globalization;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WechatLeads.Server.Campaigns;
using WechatLeads.Server.Coupons;
using WechatLeads.Server.Data;
using WechatLeads.Server.Jobs;
using WechatLeads.Server.Platform;

namespace WechatLeads.Server.SubscribeMessages;

/// <summary>
/// Hourly: a subscribe-message reminder for every usable coupon whose last day is within
/// <c>SubscribeMessages:CouponExpiryReminderDays</c>, once per coupon (the send's unique row). Coupons valid for
/// less than that from issue get none — they would be reminded the moment they were won. A holder without an
/// accepted subscription is skipped with <c>no_grant</c>, and WeChat is not called.
/// </summary>
internal sealed class CouponExpiryReminders(
    LeadsDbContext db, SubscribeMessenger messenger, IOptionsMonitor<SubscribeMessageOptions> options, TimeProvider time, ILogger<CouponExpiryReminders> logger)
{
    public const string RecurringJobId = "coupon-expiry-reminders";
    private const int Batch = 200;

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task RunAsync(CancellationToken ct)
    {
        if (options.CurrentValue.Templates.GetValueOrDefault(SubscribePurposes.CouponExpiry)?.TemplateId is null) return; // no template: nothing to send
        var now = time.GetUtcNow().UtcDateTime;
        var days = options.CurrentValue.CouponExpiryReminderDays;
        var horizon = now.AddDays(days);
        var (sent, skipped) = (0, 0);
        while (!ct.IsCancellationRequested)
        {
            var due = await db.Set<Coupon>().AsNoTracking()
                .Where(c => c.State == CouponStates.Issued && c.ValidUntil > now && c.ValidUntil <= horizon && c.IssuedAt.AddDays(days) < c.ValidUntil)
                .Where(c => !db.Set<SubscribeSend>().Any(s => s.Purpose == SubscribePurposes.CouponExpiry && s.Reference == c.Id))
                .OrderBy(c => c.ValidUntil).Take(Batch)
                .Select(c => new
                {
                    c.Id,
                    c.SubjectKey,
                    c.Code,
                    c.ValidUntil,
                    c.Stores,
                    Prize = db.Set<Prize>().Where(p => p.Id == c.PrizeId).Select(p => p.Name).FirstOrDefault()
                        ?? db.Set<Campaign>().Where(x => x.Id == c.CampaignId).Select(x => x.Title).FirstOrDefault() ?? "优惠券",
                })
                .ToListAsync(ct);
            if (due.Count == 0) break;
            foreach (var c in due)
            {
                var outcome = await messenger.SendAsync(SubscribePurposes.CouponExpiry, c.Id, c.SubjectKey, new Dictionary<string, string>
                {
                    ["prize"] = c.Prize,
                    ["code"] = c.Code,
                    ["expiresAt"] = LastMinute(c.ValidUntil),
                    ["stores"] = c.Stores.Length == 0 ? "全部门店" : c.Stores.Replace(",", "、"),
                    ["note"] = "您的券即将到期，请尽快使用",
                }, ct);
                if (outcome == SubscribeSendStatuses.Sent) sent++; else skipped++;
            }
            if (due.Count < Batch) break;
        }
        if (sent + skipped > 0) logger.LogInformation("Coupon expiry reminders: {Sent} sent, {Skipped} skipped", sent, skipped);
    }

    /// <summary>The last usable minute in Beijing time, as WeChat's time keyword expects it ("2026年12月31日 23:59").</summary>
    public static string LastMinute(DateTime validUntilUtc) =>
        ChinaTime.LastMinute(validUntilUtc, "yyyy年M月d日 HH:mm");
}
