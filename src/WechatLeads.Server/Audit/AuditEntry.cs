using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.Audit;

/// <summary>
/// One line of the append-only staff audit log: who did what to which records, why, when, from where.
/// Each line carries a keyed hash over its fields and its predecessor's hash. <see cref="Sequence"/> is the
/// primary key and always the predecessor's plus one, so two staff acting at once can't both extend the
/// same line: the database refuses the second, which re-reads the head and appends after it.
/// </summary>
internal sealed class AuditEntry
{
    public long Sequence { get; set; }
    public DateTime At { get; set; }
    public required string Actor { get; set; }
    public required string Role { get; set; }
    /// <summary>How the actor authenticated: <c>api-key</c>, <c>password</c>.</summary>
    public required string Method { get; set; }
    public required string Action { get; set; }
    /// <summary>Which records: a lead id, or an export's filter.</summary>
    public required string Target { get; set; }
    public int RecordCount { get; set; }
    public string? Reason { get; set; }
    public string? Ip { get; set; }
    public required string PreviousHash { get; set; }
    public required string Hash { get; set; }
}

internal static class AuditActions
{
    public const string Reveal = "lead.reveal";
    /// <summary>A staff member searched leads by a full phone number they typed: audited like a reveal, the result stays masked.</summary>
    public const string PhoneSearch = "lead.search.phone";
    /// <summary>A WeChat authorisation change (phone revoked, account deleted) applied: what was erased, when.</summary>
    public const string AuthorizationChangeApplied = "wechat.authorization";
    public const string KeywordReplyChanged = "replies.edit";
    public const string ExportMasked = "lead.export";
    public const string ExportUnmasked = "lead.export.unmasked";
    public const string ExportFinished = "lead.export.finished";
    public const string SignIn = "staff.sign-in";
    public const string SignInFailed = "staff.sign-in.failed";
    public const string StaffAccountCreated = "staff.account.create";
    public const string StaffAccountChanged = "staff.account.edit";
    public const string StaffPasswordReset = "staff.password.reset";
    public const string StaffPasswordChanged = "staff.password.change";
    public const string StaffTotpEnrolled = "staff.totp.enroll";
    public const string StaffTotpRemoved = "staff.totp.remove";
    public const string TestTargetSet = "staff.test-target";
    public const string MarketingTestSend = "marketing.test-send";
    // Configuration staff change: what followers are shown and asked is evidence too.
    public const string CampaignCreated = "campaign.create";
    public const string CampaignEdited = "campaign.edit";
    public const string CampaignStatus = "campaign.status";
    public const string PrizeChanged = "campaign.prize";
    public const string CodesImported = "campaign.codes.import";
    public const string PrivacyPublished = "privacy.publish";
    public const string MenuPublished = "menu.publish";
    public const string MarketingScheduled = "marketing.schedule";
    public const string MarketingCancelled = "marketing.cancel";
    /// <summary>A command in the jobs dashboard: trigger, delete, requeue… (Compliance only).</summary>
    public const string JobsCommand = "jobs.command";
    // Coupons at the till: who redeemed or undid which coupon, where (written by Coupons.AuditRedemptions).
    public const string CouponRedeemed = "coupon.redeem";
    public const string RedemptionReversed = "coupon.redeem.reverse";
    /// <summary>A store's name or address set in the console (the stores coupons are redeemed at).</summary>
    public const string StoreChanged = "store.edit";
    /// <summary>Staff voided an issued coupon; the reason is kept.</summary>
    public const string CouponVoided = "coupon.void";
    /// <summary>A campaign's redemptions exported as CSV (no phone numbers); the finish line counts the rows.</summary>
    public const string RedemptionExport = "redemption.export";
    public const string RedemptionExportFinished = "redemption.export.finished";
    /// <summary>A phone number or openid put on (or taken off) the draw block or allow list.</summary>
    public const string RiskListChanged = "risk.list";
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("AuditLog");
        b.HasKey(x => x.Sequence);
        b.Property(x => x.Sequence).ValueGeneratedNever();
        b.Property(x => x.Actor).HasMaxLength(128);
        b.Property(x => x.Role).HasMaxLength(32);
        b.Property(x => x.Method).HasMaxLength(32);
        b.Property(x => x.Action).HasMaxLength(64);
        b.Property(x => x.Target).HasMaxLength(1024);
        b.Property(x => x.Reason).HasMaxLength(500);
        b.Property(x => x.Ip).HasMaxLength(64);
        b.Property(x => x.PreviousHash).HasMaxLength(64);
        b.Property(x => x.Hash).HasMaxLength(64);
        b.HasIndex(x => x.At);
    }
}
