using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WechatLeads.Server.Marketing;

/// <summary>
/// A marketing message scheduled by an operator for an audience on one channel — the only way marketing
/// leaves the system. Its deliveries are materialised once, then worked through in batches by whichever
/// instance holds the lease, so a crash resumes where it stopped.
/// </summary>
internal sealed class MarketingSend
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public required string Channel { get; set; }
    /// <summary>The message: SMS or customer-service text, or the template's values joined (checked for sender and opt-out).</summary>
    public required string Text { get; set; }
    public string? TemplateId { get; set; }
    /// <summary>Template field values as JSON (<c>{"first": "...", "remark": "..."}</c>).</summary>
    public string? TemplateData { get; set; }
    public string? AudienceCampaign { get; set; }
    public string? AudienceSource { get; set; }
    public string? AudienceStore { get; set; }
    public DateTime? AudienceFrom { get; set; }
    public DateTime? AudienceTo { get; set; }
    public DateTime ScheduledAt { get; set; }
    /// <summary>Quiet hours: no message goes out before this (China-time morning).</summary>
    public DateTime? NotBefore { get; set; }
    public string Status { get; set; } = MarketingSendStatus.Scheduled;
    public int AudienceSize { get; set; }
    public DateTime? AudienceBuiltAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseUntil { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>One person's message of one send. The key (send, person) is what makes a send idempotent per person.</summary>
internal sealed class MarketingDelivery
{
    public long SendId { get; set; }
    public required string PersonId { get; set; }
    /// <summary>The lead that put this person in the audience: its campaign, consent and WeChat identity.</summary>
    public required string LeadId { get; set; }
    public string Status { get; set; } = MarketingDeliveryStatus.Pending;
    /// <summary>Why it was skipped or failed: one of <see cref="SkipReasons"/>.</summary>
    public string? Reason { get; set; }
    public DateTime? ClaimedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
}

/// <summary>
/// The frequency cap, enforced by the database: a person has N slots (N = messages allowed per window);
/// sending takes a slot whose last use is older than the window, by a conditional update. In any window a
/// slot is used at most once, so nobody gets more than N — however many sends and instances run at once.
/// </summary>
internal sealed class MarketingQuotaSlot
{
    public required string PersonId { get; set; }
    public int Slot { get; set; }
    public DateTime LastUsedAt { get; set; }
}

internal static class MarketingChannels
{
    public const string Sms = "sms";
    public const string WechatTemplate = "wechat_template";
    public const string WechatCustomerService = "wechat_customer_service";
    public static readonly string[] All = [Sms, WechatTemplate, WechatCustomerService];
}

internal static class MarketingSendStatus
{
    public const string Scheduled = "scheduled";
    public const string Running = "running";
    public const string Finished = "finished";
    public const string Cancelled = "cancelled";
}

internal static class MarketingDeliveryStatus
{
    public const string Pending = "pending";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Skipped = "skipped";
    public const string Failed = "failed";
    /// <summary>A message whose call was interrupted (a crash, an SMS provider timeout or 5xx): maybe delivered, so never repeated.</summary>
    public const string Unknown = "unknown";

    /// <summary>An SMS whose provider receipt says the handset got it (it was <see cref="Sent"/>, or <see cref="Unknown"/>).</summary>
    public const string Delivered = "delivered";

    /// <summary>What counts as a message the person received, for their own view of their data: sent, or reported delivered.</summary>
    public static readonly string[] Received = [Sent, Delivered];
}

/// <summary>Why a message was not sent — stable codes, counted in the console and the evidence report.</summary>
internal static class SkipReasons
{
    public const string OptedOut = "opted_out";
    public const string NoConsent = "no_marketing_consent";
    public const string OutdatedPolicy = "consent_under_old_policy";
    public const string ConsentLapsed = "consent_lapsed";
    public const string FrequencyCap = "frequency_cap";
    public const string NoWechatIdentity = "no_official_account_openid";
    public const string NotFollowing = "not_following";
    public const string OutsideServiceWindow = "outside_48h_window";
    public const string Erased = "person_erased";
    public const string PhoneNotProven = "phone_not_proven";
    public const string Cancelled = "send_cancelled";
    public const string ProviderError = "provider_error";
}

internal sealed class MarketingConfiguration :
    IEntityTypeConfiguration<MarketingSend>, IEntityTypeConfiguration<MarketingDelivery>, IEntityTypeConfiguration<MarketingQuotaSlot>
{
    public void Configure(EntityTypeBuilder<MarketingSend> b)
    {
        b.ToTable("MarketingSends");
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Channel).HasMaxLength(32);
        b.Property(x => x.Text).HasMaxLength(2000);
        b.Property(x => x.TemplateId).HasMaxLength(64);
        b.Property(x => x.TemplateData).HasMaxLength(4000);
        b.Property(x => x.AudienceCampaign).HasMaxLength(64);
        b.Property(x => x.AudienceSource).HasMaxLength(64);
        b.Property(x => x.AudienceStore).HasMaxLength(128);
        b.Property(x => x.Status).HasMaxLength(16);
        b.Property(x => x.LeaseOwner).HasMaxLength(32);
        b.Property(x => x.CreatedBy).HasMaxLength(128);
        b.HasIndex(x => new { x.Status, x.ScheduledAt });
    }

    public void Configure(EntityTypeBuilder<MarketingDelivery> b)
    {
        b.ToTable("MarketingDeliveries");
        b.HasKey(x => new { x.SendId, x.PersonId });
        b.Property(x => x.PersonId).HasMaxLength(32);
        b.Property(x => x.LeadId).HasMaxLength(32);
        b.Property(x => x.Status).HasMaxLength(16);
        b.Property(x => x.Reason).HasMaxLength(64);
        b.HasIndex(x => new { x.SendId, x.Status });
        b.HasIndex(x => new { x.PersonId, x.CompletedAt }); // "messages sent to me" on the my-data page
    }

    public void Configure(EntityTypeBuilder<MarketingQuotaSlot> b)
    {
        b.ToTable("MarketingQuotaSlots");
        b.HasKey(x => new { x.PersonId, x.Slot });
        b.Property(x => x.PersonId).HasMaxLength(32);
    }
}
