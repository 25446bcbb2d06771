using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WechatLeads.Server.Campaigns;

namespace WechatLeads.Server.Campaigns;

/// <summary>A promotion: a coupon giveaway or a lucky draw, behind a privacy notice of a given version.</summary>
internal sealed class Campaign
{
    public long Id { get; set; }
    public required string Slug { get; set; }
    public required string Type { get; set; }
    public required string Title { get; set; }
    public string Description { get; set; } = "";
    public DateTime StartsAt { get; set; }
    public DateTime EndsAt { get; set; }
    public string Status { get; set; } = CampaignStatus.Draft;
    /// <summary>Comma-separated: <c>h5</c>, <c>miniprogram</c>.</summary>
    public string Channels { get; set; } = "h5,miniprogram";
    public required string PolicyVersion { get; set; }
    /// <summary>Comma-separated purposes asked for: <c>service</c> (required) and optionally <c>marketing</c>.</summary>
    public string Purposes { get; set; } = "service,marketing";
    public int RetentionDays { get; set; } = 180;
    /// <summary>
    /// Comma-separated attribution sources the operator uses in links (<c>src=</c>, <c>source</c>), e.g.
    /// <c>menu,article</c>; empty means <see cref="Attribution.DefaultSources"/>. Anything else counts as <c>other</c>.
    /// </summary>
    public string Sources { get; set; } = "";

    /// <summary>Coupon campaigns: the pool codes come from, and how long a coupon is valid after issue.</summary>
    public long? CouponPoolId { get; set; }
    public int CouponValidDays { get; set; } = 30;
    /// <summary>A fixed validity instead of <see cref="CouponValidDays"/>: usable from/until these moments (UTC).</summary>
    public DateTime? CouponValidFrom { get; set; }
    public DateTime? CouponValidUntil { get; set; }
    /// <summary>Comma-separated store codes where the coupon is redeemable; empty = every store.</summary>
    public string CouponStores { get; set; } = "";
    /// <summary>Daily redemption window, Beijing time, <c>HH:mm-HH:mm</c>; empty = any time.</summary>
    public string CouponRedeemHours { get; set; } = "";

    /// <summary>Lucky draws: the weight of 谢谢参与 against the prizes' weights, and the per-person limits.</summary>
    public int NoWinWeight { get; set; }
    public int DrawsPerDay { get; set; } = 1;
    public int DrawsTotal { get; set; } = 3;
    /// <summary>Draws per client address, per /24 segment and per device a China day, per store QR in a window (DrawLimits); null = none.</summary>
    public int? LimitPerAddressPerDay { get; set; }
    public int? LimitPerSegmentPerDay { get; set; }
    public int? LimitPerDevicePerDay { get; set; }
    public int? LimitPerStorePerWindow { get; set; }
    public int LimitStoreWindowMinutes { get; set; } = 10;

    public DrawLimits Limits() => new()
    {
        PerAddressPerDay = LimitPerAddressPerDay,
        PerSegmentPerDay = LimitPerSegmentPerDay,
        PerDevicePerDay = LimitPerDevicePerDay,
        PerStorePerWindow = LimitPerStorePerWindow,
        StoreWindowMinutes = LimitStoreWindowMinutes,
    };

    /// <summary>
    /// How many billable WeChat phone-number verifications (手机号快速验证 / 实时验证, charged per success) the
    /// campaign may use per China day; null = no limit, 0 = never (SMS only). See <see cref="Participation.PhoneNumberBilling"/>.
    /// </summary>
    public int? PhoneNumberDailyBudget { get; set; }

    /// <summary>Who runs the promotion, as announced in its rules; null = <c>Campaigns:Organiser</c>.</summary>
    public string? Organiser { get; set; }

    /// <summary>The share card (<see cref="ShareDefinition"/>); null parts fall back to the title and description.</summary>
    public string? ShareTitle { get; set; }
    public string? ShareDescription { get; set; }
    public string? ShareImageUrl { get; set; }

    public DateTime CreatedAt { get; set; }
    public List<Prize> Prizes { get; set; } = [];

    public ShareDefinition? Share() => ShareTitle is null && ShareDescription is null && ShareImageUrl is null
        ? null
        : new ShareDefinition { Title = ShareTitle, Description = ShareDescription, ImageUrl = ShareImageUrl };

    public void SetShare(ShareDefinition? share)
    {
        var s = share?.Normalized();
        (ShareTitle, ShareDescription, ShareImageUrl) = (s?.Title, s?.Description, s?.ImageUrl);
    }

    public bool HasChannel(string channel) => Channels.Split(',', StringSplitOptions.TrimEntries).Contains(channel);

    public bool AsksFor(string purpose) => Purposes.Split(',', StringSplitOptions.TrimEntries).Contains(purpose);

    /// <summary>The sources this campaign attributes by name; see <see cref="Attribution"/>.</summary>
    public IReadOnlyList<string> KnownSources() =>
        Sources.Length == 0 ? Attribution.DefaultSources : Sources.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    public CouponTerms CouponTerms() =>
        new(CouponValidDays, CouponValidFrom, CouponValidUntil, SplitList(CouponStores), CouponRedeemHours);

    internal static IReadOnlyList<string> SplitList(string csv) => csv.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}

internal static class CampaignTypes
{
    public const string Coupon = "coupon";
    public const string LuckyDraw = "luckyDraw";
}

internal static class CampaignStatus
{
    public const string Draft = "draft";
    public const string Active = "active";
    public const string Paused = "paused";
    public const string Ended = "ended";
}

internal static class CampaignChannels
{
    public const string H5 = "h5";
    public const string MiniProgram = "miniprogram";
}

/// <summary>A prize of a lucky draw. <see cref="Remaining"/> only ever decreases, by a conditional update.</summary>
internal sealed class Prize
{
    public long Id { get; set; }
    public long CampaignId { get; set; }
    public required string Name { get; set; }
    public int Weight { get; set; }
    public int Inventory { get; set; }
    public int Remaining { get; set; }
    public long? CouponPoolId { get; set; }
    public int Position { get; set; }
    /// <summary><see cref="PrizeKinds.Coupon"/> (a code from <see cref="CouponPoolId"/>) or <see cref="PrizeKinds.Physical"/> (shipped or picked up).</summary>
    public string Kind { get; set; } = PrizeKinds.Coupon;
    /// <summary>Coupon prizes: validity and where they are redeemable, as on <see cref="Campaign"/>.</summary>
    public int ValidDays { get; set; } = 30;
    public DateTime? ValidFrom { get; set; }
    public DateTime? ValidUntil { get; set; }
    public string Stores { get; set; } = "";
    public string RedeemHours { get; set; } = "";
    /// <summary>Physical prizes: days the winner has to give an address or choose pickup; null = the configured default.</summary>
    public int? ClaimDays { get; set; }
    /// <summary>What the prize is worth in yuan, as disclosed in the draw's rules (required to announce a draw).</summary>
    public decimal? ValueYuan { get; set; }
    /// <summary>Paced release (均匀投奖): <c>day</c> or <c>hour</c>; null = the whole inventory winnable from the start.</summary>
    public string? PacePer { get; set; }
    /// <summary>Released per period; null = the inventory spread evenly over the campaign's periods.</summary>
    public int? PaceQuantity { get; set; }
    /// <summary>Whole hours, Beijing time, within which periods release (<c>08:00-22:00</c>); empty = all day.</summary>
    public string PaceHours { get; set; } = "";
    public bool PaceCarryOver { get; set; } = true;

    public CouponTerms CouponTerms() => new(ValidDays, ValidFrom, ValidUntil, Campaign.SplitList(Stores), RedeemHours);

    public Pacing.PrizePace? Pace() => PacePer is null ? null : new(PacePer, PaceQuantity, PaceHours, PaceCarryOver);

    public void SetPace(Pacing.PrizePace? pace) =>
        (PacePer, PaceQuantity, PaceHours, PaceCarryOver) = pace is null
            ? (null, null, "", true)
            : (pace.Per, pace.Quantity, pace.Hours?.Trim() ?? "", pace.CarryOver);
}

internal static class PrizeKinds
{
    public const string Coupon = "coupon";
    public const string Physical = "physical";
    /// <summary>Loyalty points credited to the winner's account (no code, no parcel).</summary>
    public const string Points = "points";
}

internal sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>, IEntityTypeConfiguration<Prize>
{
    public void Configure(EntityTypeBuilder<Campaign> b)
    {
        b.ToTable("Campaigns");
        b.HasIndex(x => x.Slug).IsUnique();
        b.Property(x => x.Slug).HasMaxLength(64);
        b.Property(x => x.Type).HasMaxLength(16);
        b.Property(x => x.Title).HasMaxLength(100);
        b.Property(x => x.Description).HasMaxLength(2000);
        b.Property(x => x.Status).HasMaxLength(16);
        b.Property(x => x.Channels).HasMaxLength(64);
        b.Property(x => x.PolicyVersion).HasMaxLength(32);
        b.Property(x => x.Purposes).HasMaxLength(64);
        b.Property(x => x.Sources).HasMaxLength(Attribution.MaxSources * (Attribution.MaxSourceLength + 1));
        b.Property(x => x.CouponStores).HasMaxLength(1024);
        b.Property(x => x.CouponRedeemHours).HasMaxLength(16);
        b.Property(x => x.Organiser).HasMaxLength(100);
        b.Property(x => x.ShareTitle).HasMaxLength(ShareDefinition.MaxTitle);
        b.Property(x => x.ShareDescription).HasMaxLength(ShareDefinition.MaxDescription);
        b.Property(x => x.ShareImageUrl).HasMaxLength(ShareDefinition.MaxImageUrl);
        b.HasMany(x => x.Prizes).WithOne().HasForeignKey(p => p.CampaignId);
    }

    public void Configure(EntityTypeBuilder<Prize> b)
    {
        b.ToTable("Prizes");
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Kind).HasMaxLength(16);
        b.Property(x => x.Stores).HasMaxLength(1024);
        b.Property(x => x.RedeemHours).HasMaxLength(16);
        b.Property(x => x.PacePer).HasMaxLength(8);
        b.Property(x => x.ValueYuan).HasPrecision(12, 2);
        b.Property(x => x.PaceHours).HasMaxLength(16);
        b.ToTable(t => t.HasCheckConstraint("CK_Prizes_Remaining", "\"Remaining\" >= 0"));
    }
}
