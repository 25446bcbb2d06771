using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.Coupons;

/// <summary>
/// A coupon in someone's wallet: issued with a participation (its id is the participation's), then
/// redeemed at a store, expired by the nightly job, or voided by staff. The terms (validity, stores,
/// hours) are copied from the campaign or prize at issue: what the person was told is what holds, even if
/// the campaign is edited later. Every state change is a conditional update on <see cref="State"/>, so two
/// tills racing for one coupon cannot both win.
/// </summary>
internal sealed class Coupon
{
    /// <summary>The participation that issued it (one coupon per participation).</summary>
    public required string Id { get; set; }
    public long CampaignId { get; set; }
    public long? PrizeId { get; set; }
    public required string LeadId { get; set; }
    /// <summary>The keyed hash of the WeChat identity that owns it: only they see it in 我的券.</summary>
    public required string SubjectKey { get; set; }
    /// <summary>The row in <see cref="Campaigns.CouponCode"/>: its numeric id is what the redemption token carries.</summary>
    public long CodeId { get; set; }
    public required string Code { get; set; }
    public string State { get; set; } = CouponStates.Issued;
    public DateTime IssuedAt { get; set; }
    public DateTime ValidFrom { get; set; }
    /// <summary>Exclusive: usable while now &lt; ValidUntil.</summary>
    public DateTime ValidUntil { get; set; }
    /// <summary>Comma-separated store codes; empty = every store.</summary>
    public string Stores { get; set; } = "";
    /// <summary>Daily redemption window in Beijing time, <c>HH:mm-HH:mm</c>; empty = any time.</summary>
    public string RedeemHours { get; set; } = "";
    public DateTime? RedeemedAt { get; set; }
    public string? RedeemedStore { get; set; }
    public string? RedemptionId { get; set; }
    public DateTime? ExpiredAt { get; set; }
    public DateTime? VoidedAt { get; set; }
    public string? VoidReason { get; set; }

    public IReadOnlyList<string> StoreList() => Stores.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}

internal static class CouponStates
{
    public const string Issued = "issued";
    public const string Redeemed = "redeemed";
    public const string Expired = "expired";
    public const string Voided = "voided";
}

/// <summary>
/// One redemption at a till or on the staff page. Unique per (caller, idempotency key), so a POS retry gets
/// the first answer back. A reversal sets <see cref="ReversedAt"/> and puts the coupon back to issued.
/// </summary>
internal sealed class Redemption
{
    public required string Id { get; set; }
    public required string CouponId { get; set; }
    public long CampaignId { get; set; }
    public required string Store { get; set; }
    /// <summary>The staff user or API key name that redeemed it.</summary>
    public required string RedeemedBy { get; set; }
    /// <summary><c>pos</c> or <c>staff</c> (the /staff/redeem page).</summary>
    public required string Channel { get; set; }
    public string? OrderId { get; set; }
    public decimal? Amount { get; set; }
    /// <summary>Scoped to <see cref="RedeemedBy"/>: keys of two tills never collide.</summary>
    public required string IdempotencyKey { get; set; }
    /// <summary>A hash of what was asked, so a key reused for a different request is refused, not replayed.</summary>
    public required string RequestHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ReversedAt { get; set; }
    public string? ReversedBy { get; set; }
    /// <summary>The till's or phone's address, for the audit entry.</summary>
    public string? Ip { get; set; }
    /// <summary>
    /// When <see cref="AuditRedemptions"/> wrote this redemption (and its reversal) into the audit log. The
    /// hash-chained log appends one entry at a time; a rush of tills must not queue behind it, so it follows
    /// within a minute from these rows, which were made durable with the redemption itself.
    /// </summary>
    public DateTime? AuditedAt { get; set; }
    public DateTime? ReversalAuditedAt { get; set; }
}

internal sealed class CouponConfiguration :
    IEntityTypeConfiguration<Coupon>, IEntityTypeConfiguration<Redemption>
{
    public void Configure(EntityTypeBuilder<Coupon> b)
    {
        b.ToTable("Coupons");
        b.Property(x => x.Id).HasMaxLength(32);
        b.Property(x => x.LeadId).HasMaxLength(32);
        b.Property(x => x.SubjectKey).HasMaxLength(64);
        b.Property(x => x.Code).HasMaxLength(64);
        b.Property(x => x.State).HasMaxLength(16);
        b.Property(x => x.Stores).HasMaxLength(1024);
        b.Property(x => x.RedeemHours).HasMaxLength(16);
        b.Property(x => x.RedeemedStore).HasMaxLength(32);
        b.Property(x => x.RedemptionId).HasMaxLength(32);
        b.Property(x => x.VoidReason).HasMaxLength(200);
        b.HasIndex(x => x.CodeId).IsUnique();
        b.HasIndex(x => x.Code);
        b.HasIndex(x => x.SubjectKey);
        b.HasIndex(x => x.LeadId);
        // The nightly expiry finds issued coupons past their date without reading the redeemed ones.
        b.HasIndex(x => new { x.State, x.ValidUntil });
        // LeadId too: the dashboard's rates by source and store of issue read (state, lead) of every coupon of a
        // campaign from the index alone, then join the lead by its key (see Analytics/RedemptionAnalytics).
        b.HasIndex(x => new { x.CampaignId, x.State, x.LeadId });
    }

    public void Configure(EntityTypeBuilder<Redemption> b)
    {
        b.ToTable("Redemptions");
        b.Property(x => x.Id).HasMaxLength(32);
        b.Property(x => x.CouponId).HasMaxLength(32);
        b.Property(x => x.Store).HasMaxLength(32);
        b.Property(x => x.RedeemedBy).HasMaxLength(100);
        b.Property(x => x.Channel).HasMaxLength(16);
        b.Property(x => x.OrderId).HasMaxLength(64);
        b.Property(x => x.Amount).HasPrecision(12, 2);
        b.Property(x => x.IdempotencyKey).HasMaxLength(80);
        b.Property(x => x.RequestHash).HasMaxLength(64);
        b.Property(x => x.ReversedBy).HasMaxLength(100);
        b.Property(x => x.Ip).HasMaxLength(64);
        // The audit job's "next unaudited, oldest first": the index hands them over in order, no sort of the backlog.
        b.HasIndex(x => new { x.AuditedAt, x.CreatedAt, x.Id });
        b.HasIndex(x => new { x.ReversedAt, x.ReversalAuditedAt });
        b.HasIndex(x => new { x.RedeemedBy, x.IdempotencyKey }).IsUnique();
        b.HasIndex(x => x.CouponId);
        b.HasIndex(x => new { x.Store, x.CreatedAt });
        b.HasIndex(x => new { x.CampaignId, x.CreatedAt });
    }
}
