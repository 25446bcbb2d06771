using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.Leads;

/// <summary>
/// A person, known by phone number. The number is never stored in the clear: <see cref="PhoneCipher"/>
/// is AES-GCM ciphertext, <see cref="PhoneIndex"/> a keyed HMAC, so the same proven phone in two campaigns
/// (or from the account and the mini-program) is one person. A number nobody proved (typed before proof was
/// required) is a different person from the one who proved it: unique per (index, proven).
/// </summary>
internal sealed class Person
{
    public required string Id { get; set; }
    public required string PhoneIndex { get; set; }
    public required string PhoneCipher { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>
    /// Someone proved this number is theirs (an SMS code, or WeChat's getPhoneNumber). Only proven persons are
    /// marketed to, counted, exported as a marketing audience or shown messages; unproven ones wait for retention.
    /// </summary>
    public bool Proven { get; set; }
}

/// <summary>One lead per (campaign, person): who joined, from where, under which consents.</summary>
internal sealed class Lead
{
    public required string Id { get; set; }
    public long CampaignId { get; set; }
    public required string PersonId { get; set; }
    /// <summary>The keyed hash of the WeChat identity (openid) the person joined with.</summary>
    public required string SubjectKey { get; set; }
    public string? OpenId { get; set; }
    public required string Channel { get; set; }
    public string? Source { get; set; }
    public string? Store { get; set; }
    public bool MarketingConsent { get; set; }
    /// <summary>How the number was proven when this lead was made (<see cref="Participation.PhoneProofs"/>); null before proof was required.</summary>
    public string? PhoneProof { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>When the campaign's retention period ends for this lead.</summary>
    public DateTime ExpiresAt { get; set; }
}

/// <summary>
/// One attempt to join: a coupon, a prize, or 谢谢参与. Unique per (campaign, subject, idempotency key),
/// so a double tap or a client retry gets the first answer back instead of a second prize.
/// </summary>
internal sealed class ParticipationRecord
{
    public required string Id { get; set; }
    public long CampaignId { get; set; }
    public required string LeadId { get; set; }
    public required string SubjectKey { get; set; }
    public required string IdempotencyKey { get; set; }
    public required string Outcome { get; set; }
    public long? PrizeId { get; set; }
    public string? PrizeName { get; set; }
    public string? CouponCode { get; set; }
    public DateTime? CouponExpiresAt { get; set; }
    public string? Source { get; set; }
    public string? Store { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>Draws: WeChat's risk rank (0–4) when the check answered, and the action taken (Risk.RiskActions).</summary>
    public int? RiskRank { get; set; }
    public string? RiskAction { get; set; }
    /// <summary>
    /// Draws: the version of the announced rules drawn under, the random value (0 ≤ roll &lt; total) and the prize
    /// it fell on before inventory was consulted — enough to work the outcome out again (DrawRules.DrawVerification).
    /// </summary>
    public int? RulesVersion { get; set; }
    public int? DrawRoll { get; set; }
    public int? DrawTotal { get; set; }
    public long? CandidatePrizeId { get; set; }
}

internal static class ParticipationOutcomes
{
    public const string Coupon = "coupon";
    public const string Prize = "prize";
    public const string NoWin = "noWin";
}

/// <summary>Draws per (campaign, subject, day); day 0 counts the total. Incremented only while under the limit.</summary>
internal sealed class DrawCounter
{
    public long CampaignId { get; set; }
    public required string SubjectKey { get; set; }
    public int Day { get; set; }
    public int Count { get; set; }
}

internal sealed class LeadConfiguration :
    IEntityTypeConfiguration<Person>, IEntityTypeConfiguration<Lead>, IEntityTypeConfiguration<ParticipationRecord>, IEntityTypeConfiguration<DrawCounter>
{
    public void Configure(EntityTypeBuilder<Person> b)
    {
        b.ToTable("Persons");
        b.Property(x => x.Id).HasMaxLength(32);
        b.Property(x => x.PhoneIndex).HasMaxLength(64);
        b.Property(x => x.PhoneCipher).HasMaxLength(256);
        b.HasIndex(x => new { x.PhoneIndex, x.Proven }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<Lead> b)
    {
        b.ToTable("Leads");
        b.Property(x => x.Id).HasMaxLength(32);
        b.Property(x => x.PersonId).HasMaxLength(32);
        b.Property(x => x.SubjectKey).HasMaxLength(64);
        b.Property(x => x.OpenId).HasMaxLength(64);
        b.Property(x => x.Channel).HasMaxLength(16);
        b.Property(x => x.Source).HasMaxLength(64);
        b.Property(x => x.Store).HasMaxLength(128);
        b.Property(x => x.PhoneProof).HasMaxLength(16);
        b.HasIndex(x => new { x.CampaignId, x.PersonId }).IsUnique();
        b.HasIndex(x => new { x.CampaignId, x.CreatedAt });
        b.HasIndex(x => x.SubjectKey);
        b.HasIndex(x => x.OpenId);
        b.HasIndex(x => x.ExpiresAt);
    }

    public void Configure(EntityTypeBuilder<ParticipationRecord> b)
    {
        b.ToTable("Participations");
        b.Property(x => x.Id).HasMaxLength(32);
        b.Property(x => x.LeadId).HasMaxLength(32);
        b.Property(x => x.SubjectKey).HasMaxLength(64);
        b.Property(x => x.IdempotencyKey).HasMaxLength(80); // "api:" or "form:" + the client's key (≤ 64)
        b.Property(x => x.Outcome).HasMaxLength(16);
        b.Property(x => x.PrizeName).HasMaxLength(100);
        b.Property(x => x.CouponCode).HasMaxLength(64);
        b.Property(x => x.Source).HasMaxLength(64);
        b.Property(x => x.Store).HasMaxLength(128);
        b.Property(x => x.RiskAction).HasMaxLength(16);
        b.HasIndex(x => new { x.CampaignId, x.SubjectKey, x.IdempotencyKey }).IsUnique();
        b.HasIndex(x => new { x.CampaignId, x.LeadId });
        b.HasIndex(x => new { x.CampaignId, x.CreatedAt }); // the dashboard's activity and the anomaly watch: a campaign's latest
    }

    public void Configure(EntityTypeBuilder<DrawCounter> b)
    {
        b.ToTable("DrawCounters");
        b.HasKey(x => new { x.CampaignId, x.SubjectKey, x.Day });
        b.Property(x => x.SubjectKey).HasMaxLength(80); // "s:" + subject key, or "p:" + person id
    }
}
